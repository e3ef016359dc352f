import { Action } from '../task-action';
import { Rule } from '../rule';

/** Modules that may create a file, and when they do. */
const CREATES: Record<string, (args: Record<string, unknown>) => boolean> = {
  copy: () => true,
  template: () => true,
  assemble: () => true,
  get_url: () => true,
  replace: () => true,
  archive: () => true,
  'community.general.archive': () => true,
  ini_file: () => true,
  'community.general.ini_file': () => true,
  file: (args) => ['touch', 'directory'].includes(String(args.state)),
  lineinfile: (args) => isTrue(args.create),
  blockinfile: (args) => isTrue(args.create),
};

/** Without `mode`, a new file gets the umask's permissions, which may be too open. */
export const riskyFilePermissionsRule: Rule = {
  id: 'risky-file-permissions',
  profile: 'safety',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => createsWithoutMode(action))
      .map(({ task }) => ({ rule: 'risky-file-permissions', line: task.view.line, message: 'File permissions unset or incorrect.' })),
};

function createsWithoutMode(action: Action): boolean {
  const creates = CREATES[action.short];
  if (!creates || !creates(action.args)) return false;
  return action.args.mode === undefined || action.args.mode === null || isTrue(action.args.preserve);
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes)$/i.test(value));
}
