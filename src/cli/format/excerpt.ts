import type { Finding } from '../../config/finding.js';
import { escapeControls } from './escape.js';

/** Longer source lines are cut so one minified line cannot flood the terminal. */
const MAX_LINE_CHARS = 160;

export interface Excerpt {
  gutter: string;
  /** The source line with its control characters escaped (see escape.ts), cut at MAX_LINE_CHARS. */
  text: string;
  /** Spaces then `^` under the offending node, counted on the escaped text so the caret lines up. */
  marker: string;
}

/** The lines of a source text, as excerpts number them. */
export function sourceLines(source: string): string[] {
  return source.split(/\r?\n/);
}

/**
 * The source line of a finding and a caret under `column..endColumn`
 * (endColumn exclusive, as SARIF and the YAML parser count it). A node that
 * continues on later lines is underlined to the end of its first line.
 */
export function excerptFor(finding: Finding, source: string | undefined): Excerpt | undefined {
  return source === undefined ? undefined : excerptFromLines(finding, sourceLines(source));
}

/** `excerptFor` on a source already split by `sourceLines`: many findings in one file share one split. */
export function excerptFromLines(finding: Finding, lines: readonly string[]): Excerpt | undefined {
  if (finding.line < 1) return undefined;
  const raw = lines[finding.line - 1];
  if (raw === undefined) return undefined;
  const shown = visibleLine(raw);
  const last = shown.text.length + 1;
  const start = Math.min(shown.columnAt(Math.max(finding.column, 1)), last);
  const sameLine = finding.endLine === undefined || finding.endLine === finding.line;
  const end = Math.min(sameLine && finding.endColumn !== undefined ? shown.columnAt(finding.endColumn) : last, last);
  const width = Math.max(1, end - start);
  return { gutter: String(finding.line), text: shown.text, marker: `${' '.repeat(start - 1)}${'^'.repeat(width)}` };
}

interface VisibleLine {
  text: string;
  /** The 1-based column in `text` where the raw line's 1-based `column` is shown. */
  columnAt(column: number): number;
}

/**
 * The line as shown: cut once MAX_LINE_CHARS are shown and escaped piece by
 * piece, so each raw column maps to its place in the escaped text. Only the
 * part shown is escaped, so the work is bounded whatever the line's length;
 * a line without anything to escape (nearly all) skips the mapping.
 */
function visibleLine(raw: string): VisibleLine {
  const head = raw.slice(0, MAX_LINE_CHARS);
  if (escapeControls(head) === head) {
    const text = head.length < raw.length ? `${head}…` : head;
    return { text, columnAt: (column) => (column - 1 < head.length ? column : text.length + 1) };
  }
  const offsets: number[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length && text.length < MAX_LINE_CHARS) {
    // A surrogate pair is one character: escaped alone, each half would read as a lone surrogate.
    const units = (raw.codePointAt(i) as number) > 0xffff ? 2 : 1;
    for (let u = 0; u < units; u++) offsets.push(text.length + u);
    text += escapeControls(raw.slice(i, i + units));
    i += units;
  }
  if (i < raw.length) text += '…';
  const cut = text.length;
  return { text, columnAt: (column) => (column - 1 < offsets.length ? (offsets[column - 1] as number) + 1 : cut + 1) };
}
