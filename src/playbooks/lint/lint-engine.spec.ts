import { lintPlaybook } from './lint-engine';

const rulesAt = (content: string) => lintPlaybook(content).findings.map((f) => `${f.rule}@${f.line}`);
const play = (tasks: string) => `---\n- name: Play\n  hosts: all\n  tasks:\n${tasks}`;

describe('lintPlaybook', () => {
  it('passes a clean playbook', () => {
    const result = lintPlaybook(play('    - name: Say hi\n      ansible.builtin.debug:\n        msg: hi\n'));
    expect(result).toMatchObject({ engine: 'builtin', passed: true, findings: [], truncated: false });
  });

  it.each([
    ['fqcn[action-core]', '    - name: Hi\n      debug:\n        msg: hi\n', 5],
    ['fqcn[action]', '    - name: Db\n      mysql_db:\n        name: x\n', 5],
    ['no-changed-when', '    - name: Run\n      ansible.builtin.command: /bin/true\n', 5],
    ['command-instead-of-module', '    - name: Pull\n      ansible.builtin.command: git pull\n      changed_when: false\n', 5],
    ['command-instead-of-shell', '    - name: Run\n      ansible.builtin.shell: echo hi\n      changed_when: false\n', 5],
    ['name[missing]', '    - ansible.builtin.debug:\n        msg: hi\n', 5],
    ['name[casing]', '    - name: lower\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['name[template]', '    - name: Say {{ x }} now\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['no-free-form', '    - name: Hi\n      ansible.builtin.debug: msg=hi\n', 5],
    ['risky-file-permissions', '    - name: Copy\n      ansible.builtin.copy:\n        src: a\n        dest: b\n', 5],
    ['package-latest', '    - name: Pkg\n      ansible.builtin.apt:\n        name: x\n        state: latest\n', 5],
    ['key-order[task]', '    - name: Blk\n      block:\n        - name: Hi\n          ansible.builtin.debug:\n            msg: hi\n      when: x\n', 5],
    ['yaml[truthy]', '    - name: Hi\n      ansible.builtin.debug:\n        msg: hi\n      no_log: yes\n', 8],
    ['yaml[octal-values]', '    - name: F\n      ansible.builtin.file:\n        path: /x\n        mode: 0644\n', 8],
    ['yaml[trailing-spaces]', '    - name: Hi \n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['yaml[brackets]', '    - name: Hi\n      ansible.builtin.debug:\n        msg: [ 1 ]\n', 7],
    ['yaml[comments]', '    #bad\n    - name: Hi\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['jinja[spacing]', '    - name: Hi\n      ansible.builtin.debug:\n        msg: "{{x}}"\n', 7],
    ['risky-octal', '    - name: F\n      ansible.builtin.file:\n        path: /x\n        mode: 644\n', 5],
    ['yaml[colons]', '    - name : Hi\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['yaml[commas]', '    - name: Hi\n      ansible.builtin.debug:\n        msg: [1 , 2]\n', 7],
    ['yaml[comments]', '    - name: Hi\n      ansible.builtin.debug:\n        msg: "hi"# note\n', 7],
    ['ignore-errors', '    - name: Hi\n      ansible.builtin.debug:\n        msg: hi\n      ignore_errors: true\n', 5],
  ])('reports %s', (rule, tasks, line) => {
    expect(rulesAt(play(tasks))).toContain(`${rule}@${line}`);
  });

  it.each([
    ['no-changed-when', '    - name: Run\n      ansible.builtin.command: /bin/true\n      args:\n        creates: /x\n'],
    ['command-instead-of-module', '    - name: Log\n      ansible.builtin.command: git log\n      changed_when: false\n'],
    ['command-instead-of-shell', '    - name: Pipe\n      ansible.builtin.shell: echo hi | cat\n      changed_when: false\n'],
    ['risky-file-permissions', '    - name: Copy\n      ansible.builtin.copy:\n        src: a\n        dest: b\n        mode: "0644"\n'],
    ['no-free-form', '    - name: Run\n      ansible.builtin.command: /bin/true\n      changed_when: false\n'],
  ])('does not report %s on a compliant task', (rule, tasks) => {
    expect(rulesAt(play(tasks)).some((id) => id.startsWith(rule))).toBe(false);
  });

  // Behaviour below was pinned by running ansible-lint 6.13 on the same tasks.
  it.each([
    ['name[template]', '    - name: Verify {{ x }} is blue.\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['name[template]', '    - name: Pair {{ a }}{{ b }}\n      ansible.builtin.debug:\n        msg: hi\n', 5],
    ['risky-file-permissions', '    - name: F\n      ansible.builtin.file:\n        path: /x\n        state: absent\n        mode: preserve\n', 5],
    ['risky-file-permissions', '    - name: D\n      ansible.builtin.file:\n        path: /x\n        state: directory\n', 5],
    ['command-instead-of-shell', '    - name: Run\n      ansible.builtin.shell: echo {{ x }}\n      changed_when: false\n', 5],
    ['no-tabs', '    - name: T\n      ansible.builtin.debug:\n        msg: "a\\tb"\n', 5],
    ['no-tabs', '    - name: B\n      block:\n        - name: T\n          ansible.builtin.debug:\n            msg: "a\\tb"\n', 5],
    ['run-once[task]', '    - name: O\n      ansible.builtin.debug:\n        msg: hi\n      run_once: true\n', 5],
    ['deprecated-bare-vars', '    - name: L\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_items: my_list\n', 5],
    ['deprecated-bare-vars', '    - name: N\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_nested:\n        - a\n        - b\n', 5],
    ['risky-shell-pipe', "    - name: P\n      ansible.builtin.shell: ip r | awk '{print $5}'\n      changed_when: false\n", 5],
    ['no-handler', '    - name: A\n      ansible.builtin.debug:\n        msg: hi\n      when: r.changed\n', 5],
    ['no-handler', '    - name: A\n      ansible.builtin.debug:\n        msg: hi\n      when:\n        - r is changed\n', 5],
    ['latest[git]', '    - name: G\n      ansible.builtin.git:\n        repo: x\n        dest: /x\n', 5],
    ['latest[git]', '    - name: G\n      ansible.builtin.git:\n        repo: x\n        dest: /x\n        version: HEAD\n', 5],
    ['literal-compare', '    - name: L\n      ansible.builtin.debug:\n        msg: hi\n      when:\n        - y\n        - x != False\n', 5],
    ['literal-compare', '    - name: B\n      block:\n        - name: L\n          ansible.builtin.debug:\n            msg: hi\n          when: x == true\n', 5],
  ])('reports %s (6.13 edge case)', (rule, tasks, line) => {
    expect(rulesAt(play(tasks))).toContain(`${rule}@${line}`);
  });

  it.each([
    ['name[template]', "    - name: Clean '{{ x }}'.\n      ansible.builtin.debug:\n        msg: hi\n"],
    ['risky-file-permissions', '    - name: D\n      ansible.builtin.file:\n        path: /x\n        state: directory\n        recurse: true\n'],
    ['risky-file-permissions', '    - name: R\n      ansible.builtin.replace:\n        path: /x\n        regexp: a\n'],
    ['risky-file-permissions', '    - name: C\n      ansible.builtin.copy:\n        src: a\n        dest: /x\n        mode: preserve\n'],
    ['command-instead-of-shell', '    - name: Run\n      ansible.builtin.shell: >\n        echo hi\n      changed_when: false\n'],
    ['name[missing]', '    - ansible.builtin.debug:\n        msg: hi\n    - ansible.builtin.ping:\n        data: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          3833\n'],
    ['package-latest', '    - name: Up  # noqa: package-latest\n      ansible.builtin.apt:\n        name: x\n        state: latest\n'],
    ['fqcn', '    - name: Hi\n      # noqa: fqcn[action-core]\n      debug:\n        msg: hi\n'],
    ['no-tabs', '    - name: L\n      ansible.builtin.lineinfile:\n        path: /x\n        line: "a\\tb"\n        mode: "0644"\n'],
    ['no-tabs', '    - name: P\n      ansible.builtin.debug:\n        msg: a\\tb\n'],
    ['run-once', '    - name: O\n      ansible.builtin.debug:\n        msg: hi\n      run_once: false\n'],
    ['deprecated-bare-vars', '    - name: G\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_fileglob: "*.txt"\n'],
    ['deprecated-bare-vars', '    - name: I\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_items:\n        - a\n'],
    ['deprecated-bare-vars', '    - name: T\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_items: "{{ my_list }}"\n'],
    ['risky-shell-pipe', '    - name: P\n      ansible.builtin.shell: set -o pipefail && a | b\n      changed_when: false\n'],
    ['risky-shell-pipe', '    - name: P\n      ansible.builtin.shell: a || b {{ x | int }}\n      changed_when: false\n'],
    ['risky-shell-pipe', '    - name: B\n      block:\n        - name: P\n          ansible.builtin.shell: a | b\n          changed_when: false\n'],
    ['no-handler', '    - name: C\n      ansible.builtin.debug:\n        msg: hi\n      when: r.changed and x\n'],
    ['no-handler', '    - name: B\n      block:\n        - name: A\n          ansible.builtin.debug:\n            msg: hi\n          when: r.changed\n'],
    ['latest', '    - name: G\n      ansible.builtin.git:\n        repo: x\n        dest: /x\n        version: main\n'],
    ['literal-compare', '    - name: L\n      ansible.builtin.debug:\n        msg: hi\n      when: x == "true"\n'],
  ])('does not report %s (6.13 edge case, noqa)', (rule, tasks) => {
    expect(rulesAt(play(tasks)).some((id) => id.startsWith(rule))).toBe(false);
  });

  it('skips a yaml rule from its noqa line to the end of the file, like 6.13', () => {
    const task = (name: string, noqa = '') => `    - name: ${name}\n      ansible.builtin.debug:\n        msg: hi\n      no_log: yes${noqa}\n`;
    const content = play(task('A') + task('B', '  # noqa: yaml') + task('C'));
    expect(rulesAt(content).filter((id) => id.startsWith('yaml'))).toEqual(['yaml[truthy]@8']);
  });

  it('reports partial-become on the play line, once per partial task, like 6.13', () => {
    const content = '- name: P\n  hosts: all\n  tasks:\n' +
      '    - name: A\n      ansible.builtin.debug:\n        msg: hi\n      become_user: root\n' +
      '    - name: B\n      ansible.builtin.debug:\n        msg: hi\n      become_user: root\n      become: false\n';
    expect(rulesAt(content).filter((id) => id.startsWith('partial-become'))).toEqual(['partial-become@1']);
    const complete = '- name: P\n  hosts: all\n  become_user: root\n  tasks:\n    - name: A\n      ansible.builtin.debug:\n        msg: hi\n      become: true\n';
    expect(rulesAt(complete).some((id) => id.startsWith('partial-become'))).toBe(false);
  });

  it('reports var-naming with 6.13 ids and lines (play vars, task vars, set_fact, register)', () => {
    const content = '- name: P\n  hosts: all\n  vars:\n    good_one: 1\n    BadOne: 2\n  tasks:\n' +
      '    - name: T\n      vars:\n        ok: 1\n        MoreBad: 2\n      ansible.builtin.set_fact:\n        fine: 1\n        CamelCase: 2\n      register: ALL_CAPS\n' +
      '    - name: J\n      ansible.builtin.set_fact:\n        "{{ x }}_var": 1\n';
    expect(rulesAt(content).filter((id) => id.startsWith('var-naming'))).toEqual([
      'var-naming[BadOne]@5', 'var-naming[ALL_CAPS]@7', 'var-naming[MoreBad]@9', 'var-naming[CamelCase]@12',
    ]);
  });

  it.each([
    ['templated gather_facts', '- name: P\n  hosts: all\n  gather_facts: "{{ x | default(true) }}"\n  tasks: []\n'],
    ['bare with_items string', play('    - name: L\n      ansible.builtin.debug:\n        msg: hi\n      with_items: my.list\n')],
    ['empty task entry', play('    - name: L\n      ansible.builtin.debug:\n        msg: hi\n    -\n')],
    ['boolean in a when list', play('    - name: L\n      ansible.builtin.debug:\n        msg: hi\n      when:\n        - false\n')],
  ])('reports schema[playbook] once on line 1 for a %s (as the corpus shows)', (_case, content) => {
    expect(rulesAt(content).filter((id) => id.startsWith('schema'))).toEqual(['schema[playbook]@1']);
  });

  it('does not report schema[playbook] for a scalar when: false or a templated with_items', () => {
    const content = play('    - name: L\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_items: "{{ x }}"\n      when: false\n');
    expect(rulesAt(content).some((id) => id.startsWith('schema'))).toBe(false);
  });

  it('requires play names', () => {
    expect(rulesAt('- hosts: all\n  tasks: []\n')).toEqual(['name[play]@1']);
  });

  it('reports only the syntax check when ansible would reject the playbook', () => {
    const content = '- hosts: all\n  roles:\n    - missing_role\n  tasks:\n    - debug: msg=hi\n';
    expect(rulesAt(content)).toEqual(['syntax-check[specific]@3']);
  });

  it('reports an unknown module as a syntax check failure', () => {
    expect(rulesAt(play('    - name: X\n      x.y.z.w: {}\n'))).toEqual(['syntax-check[specific]@5']);
  });

  it('reports an empty playbook', () => {
    expect(rulesAt('# nothing\n')).toEqual(['syntax-check[empty-playbook]@1']);
  });

  it('reports broken YAML as load-failure on line 1', () => {
    expect(lintPlaybook('- hosts: all\n  tasks: [\n').findings).toMatchObject([{ rule: 'load-failure', line: 1, severity: 'error' }]);
  });

  it('applies skip_list by base id and warn_list', () => {
    const content = play('    - name: hi\n      debug: msg=hi\n      no_log: yes\n');
    const result = lintPlaybook(content, { skip_list: ['yaml', 'fqcn[action-core]'], warn_list: ['name'] });
    expect(result.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['name[casing]:warning', 'no-free-form:error']);
    expect(result.rules).not.toContain('yaml');
  });

  it('runs only the rules of the requested profile', () => {
    const result = lintPlaybook(play('    - name: Hi\n      debug:\n        msg: hi\n'), { profile: 'basic' });
    expect(result.rules).not.toContain('fqcn');
    expect(result.passed).toBe(true);
  });

  it('links each finding to its rule page and sorts by line', () => {
    const { findings } = lintPlaybook('- hosts: all\n  tasks:\n    - command: "true"\n');
    expect(findings.map((f) => f.line)).toEqual([...findings.map((f) => f.line)].sort((a, b) => a - b));
    expect(findings.find((f) => f.rule === 'fqcn[action-core]')?.url).toBe('https://ansible.readthedocs.io/projects/lint/rules/fqcn/');
  });

  it('truncates beyond 1000 findings', () => {
    const tasks = Array.from({ length: 600 }, () => '    - debug:\n        msg: hi\n').join('');
    const result = lintPlaybook(play(tasks));
    expect(result.findings).toHaveLength(1000);
    expect(result.truncated).toBe(true);
    expect(result.summary.errors).toBe(1200);
  });
});
