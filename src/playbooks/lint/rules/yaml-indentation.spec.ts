import { loadYaml } from '../yaml-source';
import { indentationFindings } from './yaml-indentation';

/** Expected findings were produced by running yamllint 1.29 (ansible-lint's configuration) on the same text. */
const check = (text: string) => {
  const source = loadYaml(text);
  return indentationFindings(source.text, source.cst, source.lineCounter).map((f) => `${f.line}: ${f.message}`);
};

describe('yaml[indentation]', () => {
  it('accepts consistently indented playbooks (2 or 4 spaces, flow collections)', () => {
    expect(check('- name: P\n  hosts: all\n  tasks:\n    - name: T\n      debug:\n        msg: [a,\n              b]\n')).toEqual([]);
    expect(check('- hosts: all\n  vars:\n      a: 1\n  tasks:\n      - debug: msg=x\n        when: x\n')).toEqual([]);
    expect(check('a: |\n     text\n     more\nb: "quoted\n  text"\nc: [\n  1, 2\n]\n')).toEqual([]);
  });

  it('requires sequences to be indented under their key (indent-sequences: true)', () => {
    expect(check('a:\n  b: 1\nc:\n- 1\n')).toEqual(['4: Wrong indentation: expected 2 but found 0']);
  });

  it('says "at least" while the indentation step is not known yet, then uses the first step found', () => {
    const text = '- hosts: all\n  tasks:\n  - debug:\n      msg: hi\n  handlers:\n  - debug:\n      msg: hi\n';
    expect(check(text)).toEqual(['3: Wrong indentation: expected at least 3', '6: Wrong indentation: expected 4 but found 2']);
  });

  it('reports a wrongly indented collection once and checks its children against where it is', () => {
    expect(check('a:\n  b:\n  - 1\n  c:\n     - 2\n     - 3\n')).toEqual([
      '3: Wrong indentation: expected 4 but found 2',
      '5: Wrong indentation: expected 4 but found 5',
    ]);
    expect(check('a:\n    b: 1\nc:\n  d\n')).toEqual(['4: Wrong indentation: expected 4 but found 2']);
  });

  it('checks multi-line flow collections and their closing bracket', () => {
    expect(check('a: [\n  1, 2\n  ]\nb: {\n    x: 1\n}\nc: [1,\n   2]\n')).toEqual([
      '3: Wrong indentation: expected 0 but found 2',
      '5: Wrong indentation: expected 2 but found 4',
      '8: Wrong indentation: expected 4 but found 3',
    ]);
  });
});
