import { Task } from './playbook-model';
import { shortName } from './module-index';

/** A task's action as ansible normalises it: module name, arguments, free-form text. */
export interface Action {
  /** As written: `shell`, `ansible.builtin.copy`, `community.general.npm`. */
  module: string;
  /** Without the `ansible.builtin.`/`ansible.legacy.` prefix. */
  short: string;
  args: Record<string, unknown>;
  /** The free-form string (`shell: echo hi`), without `k=v` options. */
  freeForm?: string;
  /** The free-form value exactly as written (line breaks kept). */
  rawFreeForm?: string;
  /** Written as `action:`/`local_action:` rather than as a module key. */
  viaActionKey: boolean;
}

/** Modules whose free form is a command line: `k=v` words there are not module options. */
const COMMAND_MODULES = new Set(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell']);
const COMMAND_OPTIONS = /^(creates|removes|chdir|executable|warn|stdin|stdin_add_newline|strip_empty_ends)=/;

export function actionOf(task: Task): Action | undefined {
  const key = task.actionKey;
  if (!key) return undefined;
  const raw = task.view.get(key);
  const viaActionKey = key === 'action' || key === 'local_action';
  const [module, value] = viaActionKey ? splitActionValue(raw) : [key, raw];
  if (!module) return undefined;
  const action = withArgs(module, value, viaActionKey);
  const extra = task.view.get('args');
  if (extra && typeof extra === 'object') Object.assign(action.args, extra);
  return action;
}

function splitActionValue(raw: unknown): [string | undefined, unknown] {
  if (typeof raw === 'string') {
    const [module, ...rest] = raw.trim().split(/\s+/);
    return [module, rest.join(' ')];
  }
  if (raw && typeof raw === 'object' && 'module' in raw) {
    const { module, ...args } = raw as Record<string, unknown>;
    return [String(module), args];
  }
  return [undefined, undefined];
}

function withArgs(module: string, value: unknown, viaActionKey: boolean): Action {
  const short = shortName(module);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return { module, short, args: { ...(value as object) }, viaActionKey };
  }
  if (typeof value !== 'string') return { module, short, args: {}, viaActionKey };
  const { text, options } = splitFreeForm(value, COMMAND_MODULES.has(short));
  return { module, short, args: options, freeForm: text, rawFreeForm: value, viaActionKey };
}

/** Separates `k=v` options from the free-form text (for commands, only the known options). */
export function splitFreeForm(value: string, isCommand: boolean): { text: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  const words = value.trim().split(/\s+/).filter((word) => {
    const option = isCommand ? COMMAND_OPTIONS.test(word) : /^[A-Za-z_][\w]*=/.test(word);
    if (option) options[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
    return !option;
  });
  return { text: words.join(' '), options };
}

/** The command line a command-like task runs (free form, `cmd`, or `argv`). */
export function commandLine(action: Action): string {
  if (action.freeForm) return action.freeForm;
  if (typeof action.args.cmd === 'string') return action.args.cmd;
  if (Array.isArray(action.args.argv)) return action.args.argv.join(' ');
  return '';
}
