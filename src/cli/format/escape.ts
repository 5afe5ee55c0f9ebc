/**
 * Terminal safety. Names, values, source lines and paths come from files an
 * attacker may write; shown raw, an ESC could drive the terminal and a line
 * break could forge a finding line. Every text format passes such text
 * through `escapeControls`, so what it prints holds no character below:
 *
 * - C0 controls U+0000–U+001F (tab included: it cannot forge a line, but it
 *   breaks the column alignment of tables and carets), DEL U+007F and the C1
 *   controls U+0080–U+009F (U+009B is a one-character CSI, U+0085 a line break);
 * - the line and paragraph separators U+2028 and U+2029;
 * - the bidirectional formatting characters U+061C, U+200E, U+200F,
 *   U+202A–U+202E and U+2066–U+2069, which reorder what is shown ("Trojan
 *   source");
 * - lone surrogates and the noncharacters U+FFFE and U+FFFF, which UTF-8
 *   cannot carry or XML 1.0 cannot hold.
 *
 * They read as `\n`, `\r`, `\t`, `\xHH` (other characters up to U+00FF) and
 * `\uHHHH`. A backslash is left as it is, so Windows paths and patterns read
 * naturally; the text is for people (`--format json` is exact).
 */
/** DEL, C1, separators, bidi controls and the two noncharacters: the ones `JSON.stringify` leaves raw. */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE = new RegExp(`[\\u0000-\\u001f]|${RAW_IN_JSON.source}|${LONE_SURROGATE.source}`, 'g');

const NAMED = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** `text` with every character listed above written as a visible escape. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

function escapeChar(c: string): string {
  const named = NAMED.get(c);
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** `text` with each lone surrogate replaced by U+FFFD, as UTF-8 output would (`encodeURIComponent` throws on them). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * Pretty JSON whose strings hold none of the characters above raw: the ones
 * `JSON.stringify` leaves alone are written as `\uHHHH`, so the JSON can be
 * shown on a terminal and still parses to the same values. (Outside strings
 * JSON holds only structure, digits, spaces and line feeds, none of which
 * matches.)
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(RAW_IN_JSON, (c) => `\\u${hex(c.charCodeAt(0), 4)}`)}\n`;
}
