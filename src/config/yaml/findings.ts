import type { LineCounter, YAMLError } from 'yaml';
import { pathToString, type YamlPath } from '../document.js';
import type { Finding, Severity } from '../finding.js';
import { offsetPosition } from '../positions.js';

/** Rule ids of the file and YAML layer. */
export const HB001_YAML_SYNTAX = 'HB001';
export const HB002_DUPLICATE_KEY = 'HB002';
export const HB003_NOT_TEXT = 'HB003';
export const HB004_FILE_TOO_LARGE = 'HB004';
export const HB005_EMPTY_FILE = 'HB005';
export const HB006_ALIAS_LIMIT = 'HB006';
export const HB007_NESTING_TOO_DEEP = 'HB007';
export const HB008_FORBIDDEN_KEY = 'HB008';

/** Longest message taken over from the `yaml` library (its messages can quote whole lines). */
const MAX_LIBRARY_MESSAGE_CHARS = 160;

/** A finding about a whole file (or a file-level position). */
export function fileFinding(
  file: string,
  rule: string,
  severity: Severity,
  message: string,
  line = 1,
  column = 1,
): Finding {
  return { rule, severity, file, line, column, message, path: '' };
}

/** A finding at the source range [startOffset, endOffset) of a parsed text. */
export function offsetFinding(
  file: string,
  lineCounter: LineCounter,
  rule: string,
  severity: Severity,
  message: string,
  range: readonly number[] | null | undefined,
  path: YamlPath = [],
): Finding {
  const start = range?.[0] ?? 0;
  const pos = offsetPosition(lineCounter, start, range?.[1]);
  const finding: Finding = { rule, severity, file, line: pos.line, column: pos.column, message, path: pathToString(path) };
  if (pos.endLine !== undefined) finding.endLine = pos.endLine;
  if (pos.endColumn !== undefined) finding.endColumn = pos.endColumn;
  return finding;
}

/** HB001 for an error or warning of the `yaml` library, in plain words and without its code excerpt. */
export function libraryFinding(file: string, lineCounter: LineCounter, error: YAMLError, text?: string): Finding {
  const severity: Severity = error.name === 'YAMLWarning' ? 'warning' : 'error';
  const range = error.pos[0] >= 0 ? error.pos : [0, 0];
  const opening = text === undefined ? undefined : unclosedQuoteStart(error, text);
  if (opening !== undefined) {
    const quote = text?.charAt(opening);
    const message = `this ${quote === '"' ? 'double' : 'single'}-quoted string is never closed: add the closing ${quote}`;
    return offsetFinding(file, lineCounter, HB001_YAML_SYNTAX, severity, message, [opening, opening + 1]);
  }
  return offsetFinding(file, lineCounter, HB001_YAML_SYNTAX, severity, libraryMessage(error), range);
}

/**
 * The parser notices an unclosed quote only where the text ends, which is not
 * where the fix goes. The string it was reading holds no unescaped quote of
 * its kind, so the opening quote is the last one before that point.
 */
function unclosedQuoteStart(error: YAMLError, text: string): number | undefined {
  const quote = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
  if (quote === undefined) return undefined;
  for (let i = Math.min(error.pos[0], text.length) - 1; i >= 0; i--) {
    if (text.charAt(i) !== quote) continue;
    if (quote === '"' && isEscaped(text, i)) continue;
    if (quote === "'" && (text.charAt(i - 1) === "'" || text.charAt(i + 1) === "'")) {
      i--; // '' is an escaped quote inside a single-quoted string
      continue;
    }
    return i;
  }
  return undefined;
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charAt(i) === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function libraryMessage(error: YAMLError): string {
  let text = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  if (text.length > MAX_LIBRARY_MESSAGE_CHARS) text = `${text.slice(0, MAX_LIBRARY_MESSAGE_CHARS - 1)}…`;
  // Lower-case the first word like the other findings, but not an acronym ("YAML").
  if (/^[A-Z][a-z]/.test(text)) text = text.charAt(0).toLowerCase() + text.slice(1);
  const hint = HINTS[error.code];
  return hint ? `${text}: ${hint}` : text;
}

/** What to change, for the library errors people hit most often. */
const HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  BLOCK_AS_IMPLICIT_KEY: 'put the nested mapping on its own, further indented lines, or quote the value',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; check the indentation and quoting around here',
  MISSING_CHAR: 'add the missing character',
};
