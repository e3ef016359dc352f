import { TokenCache } from './token-cache';

const principal = { userId: 'alice', roles: [], isAdmin: false };
/** An unsigned JWT with the given exp: the cache only reads exp, after the guard verified it. */
const token = (exp: number | undefined): string =>
  `e30.${Buffer.from(JSON.stringify(exp === undefined ? {} : { exp })).toString('base64url')}.sig`;

describe('TokenCache', () => {
  it('answers a verified token until 60 s have passed', () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    const t = token(now / 1000 + 3600);
    cache.set(t, principal);
    now += 59_999;
    expect(cache.get(t)).toBe(principal);
    now += 1;
    expect(cache.get(t)).toBeUndefined();
  });

  it('never answers a token past its exp', () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    const t = token(now / 1000 + 5);
    cache.set(t, principal);
    now += 5_000;
    expect(cache.get(t)).toBeUndefined();
  });

  it('does not keep a token without exp', () => {
    const cache = new TokenCache(() => 1_000_000);
    const t = token(undefined);
    cache.set(t, principal);
    expect(cache.get(t)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new TokenCache(() => 1_000_000, 2);
    const [a, b, c] = [token(2000), token(2001), token(2002)];
    cache.set(a, principal);
    cache.set(b, principal);
    cache.set(c, principal);
    expect(cache.get(a)).toBeUndefined();
    expect(cache.get(b)).toBe(principal);
    expect(cache.get(c)).toBe(principal);
  });
});
