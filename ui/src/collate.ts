// One collator for every sorted list in the UI. `a.localeCompare(b, 'ja')` builds a new ICU
// collator on every call: sorting a folder of 2,000 runbooks made ~20,000 of them, and the
// web process grew by tens of MB each time the folder was drawn.
const collator = new Intl.Collator('ja');

export const compare = (a: string, b: string): number => collator.compare(a, b);

/** A sorted copy of `items`, by `key`. */
export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => collator.compare(key(a), key(b)));
}
