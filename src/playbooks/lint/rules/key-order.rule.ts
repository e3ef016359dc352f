import { BLOCK_SECTIONS } from '../task-keywords';
import { Rule } from '../rule';

/** `name` first and `block`/`rescue`/`always` last make tasks read top to bottom. */
export const keyOrderRule: Rule = {
  id: 'key-order',
  profile: 'basic',
  check: ({ model }) =>
    model.tasks.flatMap(({ view }) => {
      const expected = preferredOrder(view.keys);
      if (expected.join() === view.keys.join()) return [];
      const message = `You can improve the task key order to: ${expected.join(', ')}`;
      return [{ rule: 'key-order[task]', line: view.line, message }];
    }),
};

function preferredOrder(keys: string[]): string[] {
  const last = (BLOCK_SECTIONS as readonly string[]).filter((key) => keys.includes(key));
  const middle = keys.filter((key) => key !== 'name' && !last.includes(key));
  return [...(keys.includes('name') ? ['name'] : []), ...middle, ...last];
}
