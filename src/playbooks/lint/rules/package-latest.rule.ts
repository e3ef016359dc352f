import { Rule } from '../rule';

const PACKAGE_MODULES = new Set([
  'apk', 'apt', 'bower', 'bundler', 'dnf', 'easy_install', 'gem', 'homebrew', 'jenkins_plugin',
  'npm', 'openbsd_pkg', 'opkg', 'package', 'pacman', 'pear', 'pip', 'pkg5', 'pkgng', 'pkgutil',
  'portage', 'slackpkg', 'snap', 'sorcery', 'swdepot', 'win_chocolatey', 'yarn', 'yum', 'zypper',
]);

/** `state: latest` makes a run depend on the day it happens. */
export const packageLatestRule: Rule = {
  id: 'package-latest',
  profile: 'safety',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => PACKAGE_MODULES.has(action.short.split('.').pop()!) && action.args.state === 'latest')
      .filter(({ action }) => action.args.update_only !== true && action.args.only_upgrade !== true)
      .map(({ task }) => ({ rule: 'package-latest', line: task.view.line, message: 'Package installs should not use latest.' })),
};
