/**
 * Tables keyed by names that users choose. A role may be called
 * `constructor` or `toString`: a plain `{}` answers for such a name with what
 * it inherits from `Object.prototype`, and assigning to `__proto__` replaces
 * its prototype instead of adding an entry. The compiled config and the
 * report are JSON-shaped, so their tables are records without a prototype
 * rather than Maps.
 */
export function nameTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `table[name]` when it is an entry of the table itself, never an inherited
 * member: for records that may have a prototype (parsed JSON, objects a
 * library caller built).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
