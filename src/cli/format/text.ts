import type { ChalkInstance } from 'chalk';
import type { Finding } from '../../config/finding.js';
import { escapeControls } from './escape.js';
import { excerptFromLines, sourceLines } from './excerpt.js';
import { plural, shownFindings, summarize, type FindingsOptions, type FindingsReport } from './report.js';

export interface TextOptions extends FindingsOptions {
  /** A chalk instance at the level of the target stream (level 0 = plain text). */
  chalk: ChalkInstance;
  /** Leave out the source excerpts. */
  noExcerpt?: boolean;
}

/**
 * Human-readable findings: one `file:line:column  severity  RULE  message`
 * line per finding, the source line with a caret, then a summary line. Text
 * from the input is escaped (escape.ts), so each finding is exactly those
 * lines and sends nothing but colours to the terminal.
 */
export function formatText(report: FindingsReport, opts: TextOptions): string {
  const out: string[] = [];
  const shown = shownFindings(report, opts);
  const split = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string): readonly string[] | undefined => {
    if (!split.has(file)) {
      const source = report.sources.get(file);
      split.set(file, source === undefined ? undefined : sourceLines(source));
    }
    return split.get(file);
  };
  for (const f of shown) {
    out.push(findingLine(f, opts.chalk));
    if (opts.noExcerpt !== true) out.push(...excerptLines(f, linesOf(f.file), opts.chalk));
  }
  if (shown.length > 0) out.push('');
  out.push(summaryLine(report, opts));
  return `${out.join('\n')}\n`;
}

/** One line whatever the finding holds: file, rule and message are escaped (messages quote names and values from the input). */
export function findingLine(f: Finding, chalk: ChalkInstance): string {
  const where = f.file === '' ? '<input>' : `${escapeControls(f.file)}:${f.line}:${f.column}`;
  const severity = f.severity === 'error' ? chalk.red.bold('error') : chalk.yellow.bold('warning');
  return `${chalk.bold(where)}  ${severity}  ${chalk.dim(escapeControls(f.rule))}  ${escapeControls(f.message)}`;
}

function excerptLines(f: Finding, lines: readonly string[] | undefined, chalk: ChalkInstance): string[] {
  const ex = lines === undefined ? undefined : excerptFromLines(f, lines);
  if (ex === undefined) return [];
  const pad = ' '.repeat(ex.gutter.length);
  const colour = f.severity === 'error' ? chalk.red : chalk.yellow;
  return [
    `  ${chalk.dim(`${ex.gutter} |`)} ${ex.text}`,
    `  ${chalk.dim(`${pad} |`)} ${colour(ex.marker)}`,
  ];
}

export function summaryLine(report: FindingsReport, opts: TextOptions): string {
  const s = summarize(report, opts);
  const files = plural(s.files, 'file');
  if (s.errors === 0 && s.warnings === 0) {
    return opts.chalk.green(`✓ ${plural(s.documents, 'document')} in ${files} ${s.documents === 1 ? 'is' : 'are'} valid`);
  }
  if (s.ok) {
    return opts.chalk.green(`✓ ${plural(s.documents, 'document')} in ${files} valid, ${plural(s.warnings, 'warning')}`);
  }
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${files}`;
  const why = s.errors === 0 ? ' (--strict: warnings fail)' : '';
  return opts.chalk.red(`${counts}${why}`);
}
