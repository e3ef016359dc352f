import { hasNul } from './nul-guard';

describe('hasNul', () => {
  it('finds a NUL in values and keys, at any depth', () => {
    expect(hasNul({ a: ['x', { b: 'y\u0000' }] })).toBe(true);
    expect(hasNul({ a: { ['k\u0000']: 1 } })).toBe(true);
    expect(hasNul('\u0000')).toBe(true);
    expect(hasNul({ a: ['x', { b: 'y\\u0000', n: 1, z: null }] })).toBe(false);
    expect(hasNul(undefined)).toBe(false);
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 'leaf\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasNul(deep)).toBe(true);
  });
});
