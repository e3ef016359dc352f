import { dirname, join } from 'node:path';
import { runPluginDir } from './plugin-dir';
import type { Workspace } from './workspace';

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The whole environment of a run, built from nothing: the service's own variables (DATABASE_URL,
 * RELIA_*, tokens, cloud credentials) must never reach a playbook, which can print or send them.
 */
export function runEnvironment(ws: Workspace, ansiblePlaybook: string): Record<string, string> {
  return {
    PATH: `${dirname(ansiblePlaybook)}:${SYSTEM_PATH}`,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: ws.dir,
    TMPDIR: ws.tmp,
    ANSIBLE_CONFIG: ws.config,
    // Variables rank above any ansible.cfg, so a project's own cannot change these.
    ANSIBLE_INVENTORY: ws.inventory,
    ANSIBLE_STDOUT_CALLBACK: 'default',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_CALLBACKS_ENABLED: 'relia_progress',
    ANSIBLE_CALLBACK_PLUGINS: runPluginDir(),
    ANSIBLE_LOCAL_TEMP: join(ws.tmp, 'ansible-local'),
    ANSIBLE_REMOTE_TEMP: join(ws.tmp, 'ansible-remote'),
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_HOST_KEY_CHECKING: '0',
    // Progress and output must not wait for Python's buffers to fill.
    PYTHONUNBUFFERED: '1',
  };
}
