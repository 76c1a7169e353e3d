/**
 * A table's own entry for a key that came from outside (a query value, an error code). `table[key]`
 * would also find what every object inherits: `?done=constructor` or `__defineGetter__` would
 * reach a template as a function.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
