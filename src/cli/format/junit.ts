import type { Finding } from '../../config/finding.js';
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
  const suites = report.files.map((file) => suiteXml(file, casesOf(file, report.documents, shown), strict));
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

function casesOf(file: string, documents: readonly DocumentSummary[], findings: readonly Finding[]): Case[] {
  const docs = documents.filter((d) => d.file === file).sort((a, b) => a.line - b.line || a.index - b.index);
  const cases: Case[] = docs.map((d) => ({ name: caseName(d), findings: [] }));
  if (cases.length === 0) cases.push({ name: file, findings: [] });
  for (const f of findings) {
    if (f.file !== file) continue;
    let at = 0;
    docs.forEach((d, i) => {
      if (d.line <= f.line) at = i;
    });
    cases[at]?.findings.push(f);
  }
  return cases;
}

function caseName(d: DocumentSummary): string {
  const label = d.kind !== undefined && d.name !== undefined ? `${d.kind}/${d.name}` : 'document';
  return `${label} (document ${d.index + 1})`;
}

function suiteXml(file: string, cases: Case[], strict: boolean): { xml: string; tests: number; failures: number } {
  const body = cases.map((c) => caseXml(file, c, strict));
  const failures = body.filter((b) => b.failed).length;
  const xml = [
    `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    ...body.map((b) => b.xml),
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: cases.length, failures };
}

function caseXml(file: string, c: Case, strict: boolean): { xml: string; failed: boolean } {
  const failing = c.findings.filter((f) => f.severity === 'error' || strict);
  const other = c.findings.filter((f) => !failing.includes(f));
  const open = `    <testcase classname="${xmlAttr(file)}" name="${xmlAttr(c.name)}" time="0"`;
  if (failing.length === 0 && other.length === 0) return { xml: `${open}/>`, failed: false };
  const lines = [`${open}>`];
  if (failing.length > 0) {
    const first = failing[0] as Finding;
    const message = failing.length === 1 ? `${first.rule}: ${first.message}` : plural(failing.length, 'finding');
    lines.push(
      `      <failure message="${xmlAttr(message)}" type="${xmlAttr(first.rule)}">${xmlEscape(listing(failing))}</failure>`,
    );
  }
  if (other.length > 0) lines.push(`      <system-out>${xmlEscape(listing(other))}</system-out>`);
  lines.push('    </testcase>');
  return { xml: lines.join('\n'), failed: failing.length > 0 };
}

function listing(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`).join('\n');
}

/** Escapes markup and drops characters XML 1.0 cannot hold at all (other control characters). */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also encode whitespace controls, which parsers would otherwise fold into spaces. */
export function xmlAttr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
