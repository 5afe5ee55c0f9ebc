/**
 * Every character a text format must never print raw, written out here
 * independently of src/cli/format/escape.ts so the tests check the contract,
 * not the implementation's own table.
 */
export const UNSAFE_CHAR =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Names and messages an attacker might write: terminal escapes, a forged finding line, C1, separators, bidi overrides. */
export const HOSTILE: readonly (readonly [string, string])[] = [
  ['an ESC colour and clear-screen sequence', '\u001b[31mred\u001b[2J'],
  ['a forged finding line after LF', 'X\nprofiles/x.yaml:1:1  error  HB999  fake'],
  ['a forged line after CR', 'X\rprofiles/x.yaml:1:1  error  HB999  fake'],
  ['BEL, NUL, TAB and DEL', 'a\u0007b\u0000c\td\u007f'],
  ['a C1 CSI and NEL', 'a\u009b2Jb\u0085c'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['bidi overrides and isolates', 'admin\u202e\u2066txt.exe\u2069\u202c'],
  ['a lone surrogate and a noncharacter', 'a\ud800b\uffff'],
];

/** The lines of an output that must each be free of unsafe characters (the formatter's own line feeds split them). */
export function unsafeLines(text: string): string[] {
  return text.split('\n').filter((line) => UNSAFE_CHAR.test(line));
}

/** Every string value in `value` passed through `change` (keys are kept: they name fields). */
export function mapStrings<T>(value: T, change: (s: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, change)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, change)])) as T;
}
