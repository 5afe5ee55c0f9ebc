import type { Finding } from '../../config/finding.js';
import { escapeControls } from './escape.js';
import { plural, shownFindings, type DocumentSummary, type FindingsOptions, type FindingsReport } from './report.js';

interface Case {
  name: string;
  findings: Finding[];
}

/**
 * JUnit XML: one `<testsuite>` per file, one `<testcase>` per YAML document
 * (`Kind/name`, or `document N` when the envelope is broken; a file without
 * documents is one test case named after the file). A test case holds one
 * `<failure>` listing its errors; warnings go to `<system-out>` and do not
 * fail it unless `strict`. No timestamps, so the output is deterministic.
 */
export function formatJunit(report: FindingsReport, opts: FindingsOptions = {}): string {
  const strict = opts.strict === true;
  const shown = shownFindings(report, opts);
  const docsByFile = groupByFile(report.documents);
  const findingsByFile = groupByFile(shown);
  const suites = report.files.map((file) =>
    suiteXml(file, casesOf(file, docsByFile.get(file) ?? [], findingsByFile.get(file) ?? []), strict),
  );
  const cases = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hbctl validate" tests="${cases}" failures="${failures}" errors="0" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function groupByFile<T extends { file: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.file);
    if (group === undefined) groups.set(item.file, [item]);
    else group.push(item);
  }
  return groups;
}

/** The test cases of one file: its documents in line order, each finding in the last document that starts at or before it. */
function casesOf(file: string, fileDocuments: readonly DocumentSummary[], findings: readonly Finding[]): Case[] {
  const docs = [...fileDocuments].sort((a, b) => a.line - b.line || a.index - b.index);
  const cases: Case[] = docs.map((d) => ({ name: caseName(d), findings: [] }));
  if (cases.length === 0) cases.push({ name: file, findings: [] });
  for (const f of findings) cases[lastStartingAtOrBefore(docs, f.line)]?.findings.push(f);
  return cases;
}

/** Binary search in `docs` (sorted by line); 0 when none starts at or before `line`. */
function lastStartingAtOrBefore(docs: readonly DocumentSummary[], line: number): number {
  let low = 0;
  let high = docs.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((docs[mid] as DocumentSummary).line <= line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

function caseName(d: DocumentSummary): string {
  const label = d.kind !== undefined && d.name !== undefined ? `${d.kind}/${d.name}` : 'document';
  return `${label} (document ${d.index + 1})`;
}

function suiteXml(file: string, cases: Case[], strict: boolean): { xml: string; tests: number; failures: number } {
  const body = cases.map((c) => caseXml(file, c, strict));
  const failures = body.filter((b) => b.failed).length;
  const xml = [
    `  <testsuite name="${xmlEscape(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    ...body.map((b) => b.xml),
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: cases.length, failures };
}

function caseXml(file: string, c: Case, strict: boolean): { xml: string; failed: boolean } {
  const fails = (f: Finding): boolean => f.severity === 'error' || strict;
  const failing = c.findings.filter(fails);
  const other = c.findings.filter((f) => !fails(f));
  const open = `    <testcase classname="${xmlEscape(file)}" name="${xmlEscape(c.name)}" time="0"`;
  if (failing.length === 0 && other.length === 0) return { xml: `${open}/>`, failed: false };
  const lines = [`${open}>`];
  if (failing.length > 0) {
    const first = failing[0] as Finding;
    const message = failing.length === 1 ? `${first.rule}: ${first.message}` : plural(failing.length, 'finding');
    lines.push(
      `      <failure message="${xmlEscape(message)}" type="${xmlEscape(first.rule)}">${listing(failing)}</failure>`,
    );
  }
  if (other.length > 0) lines.push(`      <system-out>${listing(other)}</system-out>`);
  lines.push('    </testcase>');
  return { xml: lines.join('\n'), failed: failing.length > 0 };
}

/** Element content: one escaped line per finding, so a line break inside a message cannot forge another finding's line. */
function listing(findings: readonly Finding[]): string {
  return findings.map((f) => xmlEscape(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`)).join('\n');
}

/**
 * Text for element content or a quoted attribute: control characters are
 * escaped visibly first (escape.ts: that also covers every character XML 1.0
 * cannot hold, and the line breaks and tabs an attribute would fold into
 * spaces), then markup and quotes are escaped.
 */
export function xmlEscape(text: string): string {
  return escapeControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
