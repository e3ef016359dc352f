import { InvalidArgumentError } from 'commander';

/** `-x a,b -x c` → [a, b, c], as ansible-lint takes its lists. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/**
 * `-e VAR=VALUE` (a string, as ansible-playbook takes it) or `-e '{"json": "object"}'`,
 * repeatable, later ones winning.
 */
export function collectExtraVars(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  if (value.trimStart().startsWith('{')) {
    try {
      return { ...previous, ...(JSON.parse(value) as Record<string, unknown>) };
    } catch {
      throw new InvalidArgumentError('not a JSON object');
    }
  }
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('expected VAR=VALUE or a JSON object');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
