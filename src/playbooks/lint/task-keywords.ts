/** Task keywords of ansible-core 2.14: any other key of a task names its action (module). */
export const TASK_KEYWORDS = new Set([
  'action', 'any_errors_fatal', 'args', 'async', 'become', 'become_exe', 'become_flags',
  'become_method', 'become_user', 'changed_when', 'check_mode', 'collections', 'connection',
  'debugger', 'delay', 'delegate_facts', 'delegate_to', 'diff', 'environment', 'failed_when',
  'ignore_errors', 'ignore_unreachable', 'listen', 'local_action', 'loop', 'loop_control',
  'module_defaults', 'name', 'no_log', 'notify', 'poll', 'port', 'register', 'remote_user',
  'retries', 'run_once', 'tags', 'throttle', 'timeout', 'until', 'vars', 'when',
  'block', 'rescue', 'always',
]);

export const BLOCK_SECTIONS = ['block', 'rescue', 'always'] as const;
export const PLAY_TASK_SECTIONS = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const;

/** Play keywords of ansible-core 2.14 (a play with any other key is rejected). */
export const PLAY_KEYWORDS = new Set([
  'any_errors_fatal', 'become', 'become_exe', 'become_flags', 'become_method', 'become_user',
  'check_mode', 'collections', 'connection', 'debugger', 'diff', 'environment', 'fact_path',
  'force_handlers', 'gather_facts', 'gather_subset', 'gather_timeout', 'handlers', 'hosts',
  'ignore_errors', 'ignore_unreachable', 'max_fail_percentage', 'module_defaults', 'name',
  'no_log', 'order', 'port', 'post_tasks', 'pre_tasks', 'remote_user', 'roles', 'run_once',
  'serial', 'strategy', 'tags', 'tasks', 'throttle', 'timeout', 'user', 'vars', 'vars_files',
  'vars_prompt',
]);

export function isLoopKey(key: string): boolean {
  return key.startsWith('with_');
}
