import type { Finding } from '../../config/finding.js';

/** Longer source lines are cut so one minified line cannot flood the terminal. */
const MAX_LINE_CHARS = 160;

export interface Excerpt {
  gutter: string;
  text: string;
  /** Spaces (tabs kept, so the caret lines up) then `^` under the offending node. */
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
  const text = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw;
  const start = Math.min(Math.max(finding.column, 1), text.length + 1);
  const sameLine = finding.endLine === undefined || finding.endLine === finding.line;
  let end = sameLine && finding.endColumn !== undefined ? finding.endColumn : text.length + 1;
  end = Math.min(end, text.length + 1);
  const width = Math.max(1, end - start);
  const prefix = text.slice(0, start - 1).replace(/[^\t]/g, ' ');
  return { gutter: String(finding.line), text, marker: `${prefix}${'^'.repeat(width)}` };
}
