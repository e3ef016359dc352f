import { isPlaybookPath, PlaybookSniffer } from './playbook-discovery';

function sniff(...chunks: string[]): boolean {
  const sniffer = new PlaybookSniffer();
  for (const chunk of chunks) sniffer.push(Buffer.from(chunk));
  return sniffer.end();
}

describe('playbook discovery (AWX rule)', () => {
  it.each(['site.yml', 'provisioning/site.yaml', 'molecule/default/converge.yml'])('offers %s', (path) => expect(isPlaybookPath(path)).toBe(true));

  it.each(['roles/web/tasks/main.yml', 'tasks/main.yml', 'group_vars/all.yml', 'host_vars/h.yml', '.github/workflows/ci.yml', 'site.json', 'a/roles/x.yml'])(
    'skips %s', (path) => expect(isPlaybookPath(path)).toBe(false));

  it('finds plays and imports, wherever the chunks split', () => {
    expect(sniff('---\n- name: web\n  hosts: all\n')).toBe(true);
    expect(sniff('- ho', 'sts: all\n')).toBe(true);
    expect(sniff('- import_playbook: other.yml')).toBe(true);
    expect(sniff('- ansible.builtin.import_playbook: other.yml\n')).toBe(true);
    expect(sniff('$ANSIBLE_VAULT;1.1;AES256\n6162\n')).toBe(true);
  });

  it('does not take task lists or vars for plays', () => {
    expect(sniff('- name: install\n  apt: name=nginx\n')).toBe(false);
    expect(sniff('web_hosts: [a, b]\nx: 1\n')).toBe(false);
    expect(sniff('x: 1\n$ANSIBLE_VAULT;1.1;AES256\n')).toBe(false);
  });
});
