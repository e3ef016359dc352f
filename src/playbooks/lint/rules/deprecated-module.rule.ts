import { Rule } from '../rule';

/** Modules ansible-core 2.14 still runs but has deprecated (6.13's list, abridged to the ones still met). */
const DEPRECATED = new Set([
  'include', 'accelerate', 'azure', 'cs_nic', 'docker', 'ec2_ami_find', 'ec2_ami_search', 'ec2_remote_facts', 'ec2_vpc',
  'kubernetes', 'netscaler', 'nxos_ip_interface', 'nxos_mtu', 'nxos_portchannel', 'nxos_switchport', 'oc', 'vsphere_guest', 'win_msi',
]);

export const deprecatedModuleRule: Rule = {
  id: 'deprecated-module',
  profile: 'basic',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => DEPRECATED.has(action.short))
      .map(({ task, action }) => ({ rule: 'deprecated-module', line: task.view.line, message: `Deprecated module. ${action.short}` })),
};
