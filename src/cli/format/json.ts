import type { Finding } from '../../config/finding.js';
import { jsonText } from './escape.js';
import { shownFindings, summarize, type FindingsOptions, type FindingsReport } from './report.js';

/**
 * `--format json` of `validate` (and of the findings `compile`/`explain` print):
 * `{ ok, summary: { files, documents, errors, warnings }, findings: [...] }`.
 * Keys are always in this order; optional end positions are omitted when unknown.
 * Control characters in strings are `\u` escapes (safe to show on a terminal).
 */
export function formatJson(report: FindingsReport, opts: FindingsOptions = {}): string {
  const s = summarize(report, opts);
  const value = {
    ok: s.ok,
    summary: { files: s.files, documents: s.documents, errors: s.errors, warnings: s.warnings },
    findings: shownFindings(report, opts).map(jsonFinding),
  };
  return jsonText(value);
}

export interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  path: string;
}

export function jsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
    ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
    message: f.message,
    path: f.path,
  };
}
