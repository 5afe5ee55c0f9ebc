import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/config/finding.js';
import { decodeYamlBytes, loadPaths } from '../../src/config/yaml/index.js';
import { checkText } from '../../src/config/pipeline.js';

/** YAML 1.2 line breaks: LF, CRLF, and CR on its own. */
const BREAKS = [
  ['CR', '\r'],
  ['CRLF', '\r\n'],
] as const;

const withBreak = (lfText: string, lineBreak: string): string => lfText.replace(/\n/g, lineBreak);

const where = (findings: readonly Finding[]) =>
  findings.map((f) => ({ rule: f.rule, line: f.line, column: f.column, path: f.path, message: f.message }));

const CMS = ['apiVersion: hbctl/v1', 'kind: Cms', 'metadata:', '  name: main', 'spec:', '  endpoints: [tcp://a:1]'];

/** Documents whose findings sit on different lines and columns, one per layer of the pipeline. */
const CASES: [string, string][] = [
  ['a duplicate key (HB002)', [...CMS, '  ackTimeout: 5s', '  ackTimeout: 6s', ''].join('\n')],
  ['an unknown key (HB101)', [...CMS, '  acktimeout: 5s', ''].join('\n')],
  ['a bad duration (schema)', [...CMS, '  ackTimeout: soon', ''].join('\n')],
  ['a YAML syntax error (HB001)', [...CMS, '  ackTimeout: "5s', ''].join('\n')],
  ['a folded multi-line plain scalar', [...CMS, '  description: one', '    two', '  ackTimeout: x', ''].join('\n')],
  ['a block scalar', [...CMS, '  description: |', '    one', '    two', '  nope: 1', ''].join('\n')],
  ['a comment line and a second document', [...CMS, '# note', '---', 'kind: Nope', ''].join('\n')],
  ['a multi-line flow sequence', [...CMS.slice(0, 5), '  endpoints: [', '    tcp://a:1,', '    7]', ''].join('\n')],
];

describe('line breaks: CR and CRLF give the findings and positions of LF', () => {
  for (const [name, lfText] of CASES) {
    for (const [breakName, lineBreak] of BREAKS) {
      it(`${name}, with ${breakName} line breaks`, () => {
        const expected = where(checkText(lfText).findings);
        expect(expected.length).toBeGreaterThan(0);
        expect(where(checkText(withBreak(lfText, lineBreak)).findings)).toEqual(expected);
      });
    }
  }

  it('keeps the source of a CR-only text split into its lines, for excerpts', () => {
    const lfText = [...CMS, '  ackTimeout: soon', ''].join('\n');
    expect(checkText(withBreak(lfText, '\r'), 'x.yaml').sources.get('x.yaml')).toBe(lfText);
  });

  it('reads a CR-only file like its LF twin: same findings, source split into lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbctl-breaks-'));
    try {
      const lfText = [...CMS, '  ackTimeout: soon', '  ackTimeout: 5s', ''].join('\n');
      writeFileSync(join(dir, 'lf.yaml'), lfText);
      writeFileSync(join(dir, 'cr.yaml'), withBreak(lfText, '\r'));
      const loaded = await loadPaths(['lf.yaml', 'cr.yaml'], { cwd: dir });
      const byFile = (file: string) => where(loaded.findings.filter((f) => f.file === file));
      expect(byFile('lf.yaml').length).toBeGreaterThan(0);
      expect(byFile('cr.yaml')).toEqual(byFile('lf.yaml'));
      expect(loaded.sources.get('cr.yaml')).toBe(lfText);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(BREAKS)('places a NUL byte (HB003) on its line with %s line breaks', (_name, lineBreak) => {
    const bytes = new TextEncoder().encode(withBreak('a: 1\nb: 2\n  c\0', lineBreak));
    const read = decodeYamlBytes(bytes, 'x.yaml');
    expect('finding' in read && read.finding).toMatchObject({ rule: 'HB003', line: 3, column: 4 });
  });

  it.each(BREAKS)('places an invalid UTF-8 byte (HB003) on its line with %s line breaks', (_name, lineBreak) => {
    const text = new TextEncoder().encode(withBreak('a: 1\nb: é', lineBreak));
    const bytes = new Uint8Array([...text, 0xff]);
    const read = decodeYamlBytes(bytes, 'x.yaml');
    expect('finding' in read && read.finding).toMatchObject({ rule: 'HB003', line: 2, column: 5 });
  });
});

/** Lines of hbctl-like YAML: keys at several depths, flow and block collections, scalars that span lines, errors. */
const LINE = fc.constantFrom(
  'apiVersion: hbctl/v1',
  'kind: Cms',
  'kind: HeartbeatProfile',
  'metadata:',
  '  name: main',
  'spec:',
  '  endpoints: [tcp://a:1, tcp://b:2]',
  '  endpoints:',
  '    - tcp://a:1',
  '  ackTimeout: 5s',
  '  ackTimeout: soon',
  '  heartbeatLag: 90',
  '  browserPingInterval: 30',
  '  description: |',
  '    block text',
  '  description: "two',
  '    lines"',
  '  description: plain',
  '    continued',
  '  [a]: 1',
  '  ? [b]',
  '  : 2',
  '  {c: 1}: 3',
  '# a comment',
  '---',
  '  x: [1,',
  '    2]',
  '  bad: : :',
  '',
);

describe('line breaks: properties', () => {
  it('replacing every LF by CR, or by CRLF, leaves every finding (rule, line, column) unchanged', () => {
    fc.assert(
      fc.property(fc.array(LINE, { minLength: 1, maxLength: 25 }), (lines) => {
        const lfText = `${lines.join('\n')}\n`;
        const expected = where(checkText(lfText).findings);
        for (const [, lineBreak] of BREAKS) {
          expect(where(checkText(withBreak(lfText, lineBreak)).findings)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

