import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/config/finding.js';
import { diffCompiled } from '../../../src/config/compiled/diff.js';
import { explainRole, type RoleExplanation } from '../../../src/config/explain/role.js';
import { formatDiffText } from '../../../src/cli/format/diff.js';
import { escapeControls } from '../../../src/cli/format/escape.js';
import { excerptFor } from '../../../src/cli/format/excerpt.js';
import { formatExplainText } from '../../../src/cli/format/explain.js';
import { FINDINGS_FORMATS, renderFindings, type FindingsFormat } from '../../../src/cli/format/index.js';
import type { FindingsReport } from '../../../src/cli/format/report.js';
import { formatReportText } from '../../../src/cli/format/simulation-text.js';
import type { SimReport } from '../../../src/sim/report/types.js';
import { twoRuns } from '../../sim/report/fixtures.js';
import { compiledFixture } from './_compiled.js';
import { danglingWarning, lagError } from './_findings.js';
import { HOSTILE, mapStrings, UNSAFE_CHAR, unsafeLines } from './_unsafe.js';
import { checkWellFormed } from './_xml.js';

const plain = new Chalk({ level: 0 });
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** A report whose file name, source line and finding messages carry `bad`. */
function reportWith(bad: string): FindingsReport {
  const file = `profiles/${bad}.yaml`;
  const source = ['apiVersion: hbctl/v1', 'kind: BusinessRole', 'metadata:', `  name: agent${bad}`, 'spec:', `  heartbeatProfile: ${bad}`].join('\n');
  const findings: Finding[] = [
    { ...lagError, file, line: 4, column: 9, endLine: 4, endColumn: 14 + bad.length, message: `name 'agent${bad}' is not valid` },
    { ...danglingWarning, file, line: 6, column: 21, endLine: 6, endColumn: 21 + bad.length, message: `heartbeat profile "${bad}" does not exist` },
  ];
  return { findings, sources: new Map([[file, source]]), files: [file], documents: [{ file, index: 0, line: 1, kind: 'BusinessRole', name: `agent${bad}` }] };
}

function render(format: FindingsFormat, report: FindingsReport): string {
  return renderFindings(format, report, { chalk: plain, rules: [] });
}

/** The same text with every unsafe character replaced by `?`: what a harmless name of the same shape gives. */
function tamed(text: string): string {
  return text.replace(new RegExp(UNSAFE_CHAR.source, 'g'), '?');
}

/** Inputs that try to start a line of their own on a terminal. */
const FORGERS: readonly (readonly [string, string])[] = [
  ['LF', '\nprofiles/x.yaml:1:1  error  HB999  fake'],
  ['CR (the terminal returns to the line start)', '\rprofiles/x.yaml:1:1  error  HB999  fake'],
  ['CR LF', '\r\nprofiles/x.yaml:1:1  error  HB999  fake'],
  ['NEL', '\u0085profiles/x.yaml:1:1  error  HB999  fake'],
  ['a line separator', '\u2028profiles/x.yaml:1:1  error  HB999  fake'],
];

describe('terminal safety: findings formats', { timeout: 20_000 }, () => {
  const cases = FINDINGS_FORMATS.flatMap((format) => HOSTILE.map(([name, bad]) => [format, name, bad] as const));

  it.each(cases)('%s output shows %s in names, paths and source escaped, on as many lines as a harmless name', (format, _name, bad) => {
    const out = render(format, reportWith(bad));
    expect(unsafeLines(out)).toEqual([]);
    expect(out.split('\n')).toHaveLength(render(format, reportWith(tamed(bad))).split('\n').length);
  });

  it.each(FORGERS)('text output cannot be made to show a forged finding line with %s', (_name, bad) => {
    const out = render('text', reportWith(bad));
    const lines = out.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
    expect(lines.filter((l) => l.startsWith('profiles/x.yaml'))).toEqual([]);
    expect(lines.filter((l) => /^\S.*:\d+:\d+ {2}(error|warning) {2}HB\d{3} {2}/.test(l))).toHaveLength(2);
  });

  // JSON.stringify already escaped C0 controls; these pin that the machine formats stay exact and well-formed.
  it('JSON and SARIF carry every hostile message exactly, and JUnit stays well-formed XML', () => {
    for (const [, bad] of HOSTILE) {
      const report = reportWith(bad);
      const json = JSON.parse(render('json', report)) as { findings: { message: string; file: string }[] };
      expect(json.findings.map((f) => [f.file, f.message])).toEqual(report.findings.map((f) => [f.file, f.message]));
      const sarif = JSON.parse(render('sarif', report)) as { runs: { results: { message: { text: string } }[] }[] };
      expect(sarif.runs[0]?.results.map((r) => r.message.text)).toEqual(report.findings.map((f) => f.message));
      checkWellFormed(render('junit', report));
    }
  });

  it('no format prints a raw control character or changes its line count, whatever the names hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINDINGS_FORMATS), anyText, (format, bad) => {
        const out = render(format, reportWith(bad));
        expect(unsafeLines(out)).toEqual([]);
        expect(out.split('\n')).toHaveLength(render(format, reportWith(tamed(bad))).split('\n').length);
      }),
    );
  });
});

describe('terminal safety: excerpts', { timeout: 20_000 }, () => {
  it.each([
    ['ESC', '\u001b', '\\x1b'],
    ['TAB', '\t', '\\t'],
    ['CR', '\r', '\\r'],
    ['C1 CSI', '\u009b', '\\x9b'],
    ['line separator', '\u2028', '\\u2028'],
    ['right-to-left override', '\u202e', '\\u202e'],
    ['a run of escapes', '\u001b\u001b\u0007\u0000', '\\x1b\\x1b\\x07\\x00'],
    ['an emoji (kept, two code units)', '📞', '📞'],
  ])('shows %s before the node escaped and keeps the caret under the node', (_name, raw, shown) => {
    const line = `  a${raw}b: 9o`;
    const column = line.indexOf('9o') + 1;
    const ex = excerptFor({ ...lagError, line: 1, column, endLine: 1, endColumn: column + 2 }, line);
    expect(ex?.text).toBe(`  a${shown}b: 9o`);
    expect(ex?.marker).toBe(`${' '.repeat(ex?.text.indexOf('9o') ?? -1)}^^`);
  });

  it('puts the caret under the escaped form of the column it points at, in any line', () => {
    const line = fc.string({ unit: 'binary', maxLength: 120 }).map((l) => l.replace(/\n/g, ''));
    fc.assert(
      fc.property(line, fc.nat(), (raw, n) => {
        const column = (n % (raw.length + 1)) + 1;
        // Not between the halves of a surrogate pair, and short enough to be shown whole.
        fc.pre(!/[\ud800-\udbff]/.test(raw.charAt(column - 2)) && escapeControls(raw).length < 160);
        const ex = excerptFor({ ...lagError, line: 1, column, endLine: 1, endColumn: column + 1 }, raw);
        expect(ex?.text).toBe(escapeControls(raw));
        expect(ex?.marker.indexOf('^')).toBe(escapeControls(raw.slice(0, column - 1)).length);
      }),
    );
  });

  it('escapes only the part of a long line it shows, and cuts it', () => {
    const line = `key: ${'\u001b'.repeat(1_000_000)}`;
    const started = performance.now();
    const ex = excerptFor({ ...lagError, line: 1, column: 500_000, endLine: 1, endColumn: 500_001 }, line);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ex?.text.endsWith('…')).toBe(true);
    expect(ex?.text.length).toBeLessThan(200);
    expect(ex?.marker).toBe(`${' '.repeat(ex?.text.length ?? 0)}^`);
  });
});

/** Inputs of the other text formats: every string value poisoned with `bad`. */
function explanation(bad: string): RoleExplanation {
  const e = explainRole(compiledFixture(), 'agent');
  if (e === undefined) throw new Error('fixture has no role agent');
  return mapStrings(e, (s) => s + bad);
}

function diffOf(bad: string): ReturnType<typeof diffCompiled> {
  const newC = compiledFixture(90_000);
  newC.roles['added'] = { ...(newC.roles['agent'] as (typeof newC.roles)[string]), name: 'added' };
  return mapStrings(diffCompiled(compiledFixture(), newC), (s) => s + bad);
}

function simReport(bad: string): SimReport {
  const report = mapStrings(twoRuns(), (s) => s + bad);
  for (const run of report.runs) {
    // Role names are keys here: poison them too.
    run.settings = Object.fromEntries(Object.entries(run.settings).map(([role, s]) => [role + bad, s]));
    run.profile.roles = Object.fromEntries(Object.entries(run.profile.roles).map(([role, p]) => [role + bad, p]));
  }
  return report;
}

const WIDE = 100_000;
const OTHER_TEXT: readonly (readonly [string, (bad: string) => string])[] = [
  ['explain', (bad) => formatExplainText(explanation(bad), plain)],
  ['diff', (bad) => formatDiffText(diffOf(bad), { old: `old${bad}.json`, new: `new${bad}.json` }, plain)],
  // Wide enough that nothing wraps, so the line count cannot depend on the names' lengths.
  ['simulate report', (bad) => formatReportText(simReport(bad), { color: false, width: WIDE })],
];

describe('terminal safety: explain, diff and simulate text', { timeout: 20_000 }, () => {
  const cases = OTHER_TEXT.flatMap(([output, make]) => HOSTILE.map(([name, bad]) => [output, name, make, bad] as const));

  it.each(cases)('%s text shows %s in every name and value escaped, on as many lines as harmless names', (_output, _name, make, bad) => {
    const out = make(bad);
    expect(unsafeLines(out)).toEqual([]);
    expect(out.split('\n')).toHaveLength(make(tamed(bad)).split('\n').length);
  });

  it('holds for any string in every name and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OTHER_TEXT), anyText, ([, make], bad) => {
        const out = make(bad);
        expect(unsafeLines(out)).toEqual([]);
        expect(out.split('\n')).toHaveLength(make(tamed(bad)).split('\n').length);
      }),
    );
  });
});
