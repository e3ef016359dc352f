/** A work function whose result cannot be copied to another thread (it holds a function). */
export function uncloneable(): unknown {
  return { callback: () => undefined };
}
