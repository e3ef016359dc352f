import { commandLine } from '../task-action';
import { Rule } from '../rule';

/** Executable → the module(s) 6.13 suggests instead. */
const MODULES: Record<string, string> = {
  'apt-get': 'apt-get', chkconfig: 'service', curl: 'get_url or uri', git: 'git', hg: 'hg',
  letsencrypt: 'acme_certificate', mktemp: 'tempfile', mount: 'mount', patch: 'patch',
  rpm: 'yum or rpm_key', rsync: 'synchronize', sed: 'template, replace or lineinfile',
  service: 'service', supervisorctl: 'supervisorctl', svn: 'subversion', systemctl: 'systemd',
  tar: 'unarchive', unzip: 'unarchive', wget: 'get_url or uri', yum: 'yum',
};
/** Sub-commands no module covers (observed with ansible-lint 6.13). */
const ALLOWED: Record<string, string[]> = { git: ['branch', 'log'], systemctl: ['status'], yum: ['clean'] };

export const commandInsteadOfModuleRule: Rule = {
  id: 'command-instead-of-module',
  profile: 'basic',
  check: ({ actions }) =>
    actions.flatMap(({ task, action }) => {
      if (action.short !== 'command' && action.short !== 'shell') return [];
      const [first = '', second = ''] = commandLine(action).trim().split(/\s+/);
      const executable = first.slice(first.lastIndexOf('/') + 1);
      const module = MODULES[executable];
      if (!module || ALLOWED[executable]?.includes(second) || isFalse(action.args.warn)) return [];
      const message = `${executable} used in place of ${module} module`;
      return [{ rule: 'command-instead-of-module', line: task.view.line, message }];
    }),
};

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|no)$/i.test(value));
}
