import { respacedExpression, respacedTemplate } from './jinja-format';

describe('respacedTemplate', () => {
  it.each([
    ['{{item}}', '{{ item }}'],
    ['{{ x|default([]) }}', '{{ x | default([]) }}'],
    ["{{ ( a == '3' ) | ternary( 'x', 'y' ) }}", "{{ (a == '3') | ternary('x', 'y') }}"],
    ["{{ [ {'k': v} ] }}", "{{ [{'k': v}] }}"],
    ["{{ d | regex_replace('a','') }}", "{{ d | regex_replace('a', '') }}"],
    ['{{ name  }}', '{{ name }}'],
  ])('respaces %s as %s', (text, expected) => {
    expect(respacedTemplate(text)).toBe(expected);
  });

  it.each([
    '{{ x[-1] }}', "{{ x | map(attribute='name') | list }}", '{{- x -}}', "{{ 'a' if b else 'c' }}", '{{ x is not defined }}',
    '{{ a - 1 }}', "{{ d['a'][0] }}", "{{ {'a': 1} }}", '{% if x%}y{%endif %}',
  ])('leaves well-spaced %s alone', (text) => {
    expect(respacedTemplate(text)).toBe(text);
  });

  it('claims nothing for what 6.13 cannot render (a numeric attribute) or this tokenizer cannot read', () => {
    expect(respacedTemplate('{{ item.0.stdout|default() }}')).toBeUndefined();
    expect(respacedTemplate('{{ a\n|b }}')).toBeUndefined();
    expect(respacedTemplate("{{ v|version_compare('3.10', '<') }}")).toBe("{{ v | version_compare('3.10', '<') }}");
  });

  it('respaces a bare condition', () => {
    expect(respacedExpression('1 in [1,2,3]')).toBe('1 in [1, 2, 3]');
    expect(respacedExpression('x|bool')).toBe('x | bool');
  });
});
