/** A work module that takes 300 ms to load (busy at import, as a large dependency tree might). */
const until = Date.now() + 300;
while (Date.now() < until) {
  // Busy on purpose.
}

export function quick(): string {
  return 'done';
}
