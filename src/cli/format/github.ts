import type { Finding } from '../../config/finding.js';
import { escapeControls } from './escape.js';
import { shownFindings, type FindingsOptions, type FindingsReport } from './report.js';

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::message`.
 * Warnings become `::error` under `strict`, so the annotation matches the exit code.
 * Control characters from the input are escaped visibly first (escape.ts), as
 * in the text format: the log shows them, and an escape sequence would act on it.
 */
export function formatGithub(report: FindingsReport, opts: FindingsOptions = {}): string {
  return shownFindings(report, opts)
    .map((f) => annotation(f, opts.strict === true))
    .map((line) => `${line}\n`)
    .join('');
}

function annotation(f: Finding, strict: boolean): string {
  const command = f.severity === 'error' || strict ? 'error' : 'warning';
  const props: [string, string | number][] = [];
  if (f.file !== '') props.push(['file', f.file]);
  props.push(['line', f.line], ['col', f.column]);
  if (f.endLine !== undefined) props.push(['endLine', f.endLine]);
  if (f.endColumn !== undefined) props.push(['endColumn', f.endColumn]);
  props.push(['title', f.rule]);
  const list = props.map(([k, v]) => `${k}=${escapeProperty(escapeControls(String(v)))}`).join(',');
  return `::${command} ${list}::${escapeData(escapeControls(f.message))}`;
}

/** Message text: `%`, CR and LF are percent-encoded (`%` first, so the escapes survive). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally encode `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
