import type { PlaybookSyntaxError } from './test-run.types';

const MESSAGE_LIMIT = 4000;

/**
 * The error of a failed `--syntax-check`, from its output: Ansible's text from `ERROR!` on
 * (warnings before it are noise), and the first "line N, column M" it names, which points into
 * the playbook. Workspace paths are removed, since users know the file by its content only.
 */
export function parseSyntaxError(output: string, workspace: string): PlaybookSyntaxError {
  const start = output.indexOf('ERROR!');
  const message = (start >= 0 ? output.slice(start) : output).split(`${workspace}/`).join('').trim();
  const position = /line (\d+), column (\d+)/.exec(message);
  const error: PlaybookSyntaxError = { message: message.slice(0, MESSAGE_LIMIT) };
  if (position) Object.assign(error, { line: Number(position[1]), column: Number(position[2]) });
  return error;
}
