import { loadYaml } from './yaml-source';
import { tokensOf, tokensOfCst } from './yaml-tokens';

describe('tokensOfCst', () => {
  it('yields the lexer stream (same types, sources, offsets) from the already parsed CST', () => {
    const text = '---\n# c\n- name: P  # t\n  hosts: [ a, b ]\n  vars:\n    x: &a {k: "v"}\n    y: *a\n    z: |\n      body\n  tasks:\n    - debug: msg=\'hi\'\n...\n';
    const strip = (t: { type: string; source: string; offset: number }) => `${t.type}@${t.offset}:${t.source}`;
    expect(tokensOfCst(loadYaml(text).cst).map(strip)).toEqual(tokensOf(text).map(strip));
  });
});
