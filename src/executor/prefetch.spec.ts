import { FAST_TYPE_MS, MAX_AUTO_PREFETCH, Prefetch } from './prefetch';

describe('Prefetch', () => {
  it('prefetches nothing until it has seen work', () => {
    expect(new Prefetch('auto', 4).plan(0).depth).toBe(0);
  });

  it('holds about 50 ms of fast work per thread, of the fast types only', () => {
    const prefetch = new Prefetch('auto', 4);
    prefetch.observe('lint', 5);
    prefetch.observe('test', 3000);
    expect(prefetch.plan(0)).toEqual({ depth: 40, types: ['lint'] });
  });

  it('never prefetches a slow type, and caps the depth for tiny ones', () => {
    const slow = new Prefetch('auto', 4);
    slow.observe('test', FAST_TYPE_MS + 1);
    expect(slow.plan(0).depth).toBe(0);
    const fast = new Prefetch('auto', 16);
    fast.observe('noop', 0.02);
    expect(fast.plan(0)).toEqual({ depth: MAX_AUTO_PREFETCH, types: ['noop'] });
  });

  it('follows a type that turns slow', () => {
    const prefetch = new Prefetch('auto', 4);
    for (let i = 0; i < 50; i++) prefetch.observe('lint', 0.1);
    expect(prefetch.plan(0).types).toEqual(['lint']);
    for (let i = 0; i < 5; i++) prefetch.observe('lint', 5000);
    expect(prefetch.plan(0).depth).toBe(0);
  });

  it('queues nothing for threads held by slow attempts', () => {
    const prefetch = new Prefetch('auto', 4);
    prefetch.observe('noop', 1);
    expect(prefetch.plan(2).depth).toBe(100);
    expect(prefetch.plan(4).depth).toBe(0);
  });

  it('keeps a fixed setting, for any type, whatever it observes', () => {
    const prefetch = new Prefetch(7, 4);
    prefetch.observe('test', 5000);
    expect(prefetch.plan(4)).toEqual({ depth: 7 });
  });

  it('calls a type fast only once seen running fast, whatever the setting (threads take such tasks several at once)', () => {
    const prefetch = new Prefetch(0, 4);
    expect(prefetch.isFast('lint')).toBe(false);
    prefetch.observe('lint', 2);
    prefetch.observe('test', FAST_TYPE_MS + 1);
    expect(prefetch.isFast('lint')).toBe(true);
    expect(prefetch.isFast('test')).toBe(false);
  });
});
