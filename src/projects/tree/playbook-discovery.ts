/**
 * AWX's rule for which files of a project are playbooks: a YAML file outside `roles/`, `tasks/`,
 * `group_vars/`, `host_vars/` and dot-folders with a line that starts a play (`hosts:`) or
 * imports one. A line scan rather than a YAML parse, as AWX does, so that a playbook with a YAML
 * error is still offered (and its test then reports the error).
 */
const PLAY_LINE = /^\s*-?\s*(?:hosts|(?:ansible\.builtin\.)?import_playbook)\s*:/;
const VAULT_HEADER = '$ANSIBLE_VAULT;';
const NOT_PLAYBOOK_DIRS = new Set(['roles', 'tasks', 'group_vars', 'host_vars']);

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/.test(path);
}

export function isPlaybookPath(path: string): boolean {
  if (!isYamlPath(path)) return false;
  const dirs = path.split('/').slice(0, -1);
  return !dirs.some((dir) => NOT_PLAYBOOK_DIRS.has(dir) || dir.startsWith('.'));
}

/** Scans a file's bytes as they stream past for a play line; lines may span chunks. */
export class PlaybookSniffer {
  private partial = '';
  private lineNo = 0;
  private found = false;

  push(chunk: Buffer): void {
    if (this.found) return;
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    // A line longer than this is no `hosts:` line; bounding it bounds the memory a file can take.
    if (this.partial.length > 4096) this.partial = '';
    for (const line of lines) if (this.matches(line)) return;
  }

  /** Whether the file is a play file, once all of it was pushed. */
  end(): boolean {
    if (!this.found && this.partial) this.matches(this.partial);
    return this.found;
  }

  private matches(line: string): boolean {
    this.found = PLAY_LINE.test(line) || (this.lineNo === 0 && line.startsWith(VAULT_HEADER));
    this.lineNo++;
    return this.found;
  }
}
