import { createHash } from 'node:crypto';

/** Copies `value` with the keys of every object sorted (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    // A plain object, not one without a prototype: V8 keeps those in its slow dictionary form, which
    // made the two canonical passes of a large compiled config a third slower.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // Undefined is not JSON: leaving it out here keeps the hash equal to what is written.
      if (v === undefined) continue;
      // A `__proto__` key (JSON.parse makes it an own key) is defined as an own key too, not turned
      // into a prototype that the hash would not see.
      if (key === '__proto__') Object.defineProperty(out, key, { value: sortKeysDeep(v), enumerable: true, writable: true, configurable: true });
      else out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/** Canonical JSON: sorted keys at every level, 2-space indent, trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${canonicalBody(value)}\n`;
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function sha256Of(value: unknown): string {
  return canonicalTextAndHash(value).hash;
}

/**
 * The canonical JSON of `value` without its final line break, and the
 * `sha256:<hex>` of the canonical JSON (`sha256Of`), from one canonical pass.
 * The text and its final line break are hashed one after the other: joined,
 * the megabytes of a large compiled config would be copied once more only to
 * be hashed.
 */
export function canonicalTextAndHash(value: unknown): { text: string; hash: string } {
  const text = canonicalBody(value);
  return { text, hash: canonicalTextHash(text) };
}

/** `sha256:<hex>` of canonical JSON given without its final line break (as `canonicalTextAndHash` returns it). */
export function canonicalTextHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).update('\n').digest('hex')}`;
}

/** Canonical JSON without its final line break (`undefined` for a value JSON cannot write, as before). */
function canonicalBody(value: unknown): string {
  return String(JSON.stringify(sortKeysDeep(value), null, 2) as string | undefined);
}
