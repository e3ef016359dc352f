import { patternGroups, playHostPatterns, sandboxInventory, SANDBOX_HOST } from './inventory';

describe('inventory', () => {
  it('names every group of a host pattern, without operators, built-ins or non-names', () => {
    expect(patternGroups('db:web,&staging:!old')).toEqual(['db', 'web', 'staging', 'old']);
    expect(patternGroups('all')).toEqual([]);
    expect(patternGroups('{{ target }}')).toEqual([]);
    expect(patternGroups('web*:~db[0-9]+:app[0:2]')).toEqual([]);
  });

  it("reads every play's hosts, as a string or a list, across documents and odd keys", () => {
    const content = [
      '- hosts: webservers\n  tasks: []',
      '- hosts: [db, cache]\n  vars: { "{{ item }}": 1 }',
      '- import_playbook: other.yml',
      '- hosts: !unsafe "x"\n  secret: !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n    00',
    ].join('\n');
    expect(playHostPatterns(content)).toEqual(['webservers', 'db', 'cache', 'x']);
  });

  it('yields nothing for a playbook that is not a list of plays', () => {
    expect(playHostPatterns('tasks: {')).toEqual([]);
    expect(playHostPatterns('')).toEqual([]);
  });

  it('puts the one local sandbox host in every named group', () => {
    const inventory = sandboxInventory(['db:web', 'web', '{{ x }}'], '/usr/bin/python3');
    expect(inventory).toEqual({
      all: {
        hosts: { [SANDBOX_HOST]: { ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3' } },
        children: { db: { hosts: { sandbox: null } }, web: { hosts: { sandbox: null } } },
      },
    });
  });
});
