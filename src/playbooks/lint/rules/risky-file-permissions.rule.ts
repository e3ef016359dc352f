import { Action } from '../task-action';
import { Rule } from '../rule';

/** Modules that may create a file, and when they do. */
const CREATES: Record<string, (args: Record<string, unknown>) => boolean> = {
  copy: () => true,
  template: () => true,
  assemble: () => true,
  get_url: () => true,
  archive: () => true,
  'community.general.archive': () => true,
  // htpasswd creates the file even when asked to remove a user (6.13 flags `state: absent` too, ansible-st2).
  htpasswd: () => true,
  'community.general.htpasswd': () => true,
  ini_file: () => true,
  'community.general.ini_file': () => true,
  // `recurse` only changes what exists below the directory.
  file: (args) => ['touch', 'directory'].includes(String(args.state)) && !isTrue(args.recurse),
  lineinfile: (args) => isTrue(args.create),
  blockinfile: (args) => isTrue(args.create),
};

/** Modules that take `mode` but cannot keep the source's mode (only copy and template can). */
const NO_PRESERVE = new Set(['file', 'replace', 'lineinfile', 'blockinfile', 'ini_file', 'community.general.ini_file', 'get_url', 'assemble', 'archive', 'community.general.archive']);

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
  if (action.args.mode === 'preserve') return NO_PRESERVE.has(action.short); // whether or not it creates
  const creates = CREATES[action.short];
  if (!creates || !creates(action.args)) return false;
  return action.args.mode === undefined || action.args.mode === null;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes)$/i.test(value));
}
