import { IntakeBudget } from './intake-budget';

const limits = { maxFiles: 10, maxUnpackedBytes: 100, maxCompressedBytes: 100 };

function codeOf(steps: (budget: IntakeBudget) => void): string | undefined {
  try {
    steps(new IntakeBudget(limits));
    return undefined;
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('IntakeBudget', () => {
  it('takes a tree whose directories are listed, implied, or both', () => {
    expect(codeOf((b) => ['a/b/c.yml', 'a/d.yml'].forEach((p) => b.addEntry(p)))).toBeUndefined();
    expect(codeOf((b) => (b.addEntry('a', true), b.addEntry('a/b.yml')))).toBeUndefined();
    expect(codeOf((b) => (b.addEntry('a/b.yml'), b.addEntry('a', true)))).toBeUndefined();
  });

  it.each<[string, (b: IntakeBudget) => void]>([
    ['a path twice', (b) => (b.addEntry('a'), b.addEntry('a'))],
    ['a directory twice', (b) => (b.addEntry('a', true), b.addEntry('a', true))],
    ['a file where a directory is implied', (b) => (b.addEntry('a/b/c'), b.addEntry('a/b'))],
    ['a path under a file', (b) => (b.addEntry('a'), b.addEntry('a/b/c'))],
  ])('refuses %s (duplicate_entry)', (_, steps) => expect(codeOf(steps)).toBe('duplicate_entry'));

  it('counts entries and bytes against the limits', () => {
    expect(codeOf((b) => Array.from({ length: 11 }, (_, i) => b.addEntry(`f${i}`)))).toBe('too_many_files');
    expect(codeOf((b) => (b.addBytes(60), b.addBytes(41)))).toBe('too_large');
  });
});
