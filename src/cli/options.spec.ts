import { collectExtraVars, collectList } from './options';

describe('CLI option parsers', () => {
  it('lists: comma-separated and repeatable', () => {
    expect(collectList('c', collectList('a, b'))).toEqual(['a', 'b', 'c']);
  });

  it('extra vars: VAR=VALUE as strings, JSON objects merged, later ones winning', () => {
    expect(collectExtraVars('b=x=y', collectExtraVars('{"a": 1, "b": 2}'))).toEqual({ a: 1, b: 'x=y' });
    expect(() => collectExtraVars('novalue')).toThrow(/VAR=VALUE/);
    expect(() => collectExtraVars('{not json')).toThrow(/JSON/);
  });
});
