import type { LoadedDocument } from '../../config/document.js';
import { countBySeverity, type Finding } from '../../config/finding.js';

/** One YAML document as the report formats see it (no parser objects: the formats are pure). */
export interface DocumentSummary {
  file: string;
  /** 0-based index in its file. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  kind?: string;
  name?: string;
}

/** Everything a findings format needs. */
export interface FindingsReport {
  /** Sorted by file, line, column, rule (as the pipeline returns them). */
  findings: readonly Finding[];
  /** File text by file name, for source excerpts. */
  sources: ReadonlyMap<string, string>;
  /** Every file that was checked, sorted. */
  files: readonly string[];
  documents: readonly DocumentSummary[];
}

export interface FindingsOptions {
  /** Warnings fail too (`--strict`). */
  strict?: boolean;
  /** List errors only (`--quiet`); warnings still count in the summary and are listed when `strict`. */
  quiet?: boolean;
}

export interface ReportSummary {
  ok: boolean;
  files: number;
  documents: number;
  errors: number;
  warnings: number;
}

export function summarize(report: FindingsReport, opts: FindingsOptions = {}): ReportSummary {
  const { errors, warnings } = countBySeverity(report.findings);
  const ok = errors === 0 && !(opts.strict === true && warnings > 0);
  return { ok, files: report.files.length, documents: report.documents.length, errors, warnings };
}

/** The findings to list under `opts` (all of them unless `quiet`). */
export function shownFindings(report: FindingsReport, opts: FindingsOptions = {}): readonly Finding[] {
  if (opts.quiet !== true || opts.strict === true) return report.findings;
  return report.findings.filter((f) => f.severity === 'error');
}

/** Builds the report from the pipeline's result. */
export function buildReport(
  documents: readonly LoadedDocument[],
  findings: readonly Finding[],
  sources: ReadonlyMap<string, string>,
): FindingsReport {
  const files = new Set<string>(sources.keys());
  for (const d of documents) files.add(d.file);
  for (const f of findings) if (f.file !== '') files.add(f.file);
  return {
    findings,
    sources,
    files: [...files].sort(),
    documents: documents.map(summarizeDocument),
  };
}

function summarizeDocument(doc: LoadedDocument): DocumentSummary {
  const summary: DocumentSummary = { file: doc.file, index: doc.index, line: safeLine(doc) };
  const data = doc.data as { kind?: unknown; metadata?: { name?: unknown } } | null;
  if (data !== null && typeof data === 'object') {
    if (typeof data.kind === 'string') summary.kind = data.kind;
    const name = data.metadata?.name;
    if (typeof name === 'string') summary.name = name;
  }
  return summary;
}

function safeLine(doc: LoadedDocument): number {
  try {
    return doc.position([]).line;
  } catch {
    return 1;
  }
}

/** `1 error`, `2 warnings`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
