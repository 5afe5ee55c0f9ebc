import { describe, expect, it } from 'vitest';
import { artifactUri, formatSarif } from '../../../src/cli/format/sarif.js';
import { danglingWarning, lagError, report } from './_findings.js';

const rules = [
  { id: 'HB201', name: 'dangling-reference', severity: 'error' as const, summary: 'A reference names nothing.' },
  { id: 'HB102', name: 'invalid-duration', severity: 'error' as const, summary: 'A duration is malformed.' },
];

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; name: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
    }[];
  }[];
}

function parse(text: string): Sarif {
  return JSON.parse(text) as Sarif;
}

describe('sarif format', () => {
  it('has the SARIF 2.1.0 required top-level fields', () => {
    const log = parse(formatSarif(report([lagError]), { rules }));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]?.tool.driver.name).toBe('hbctl');
  });

  it('lists the rules sorted by id with name, short description and default level', () => {
    const driver = parse(formatSarif(report([]), { rules })).runs[0]?.tool.driver;
    expect(driver?.rules).toEqual([
      { id: 'HB102', name: 'invalid-duration', shortDescription: { text: 'A duration is malformed.' }, defaultConfiguration: { level: 'error' } },
      { id: 'HB201', name: 'dangling-reference', shortDescription: { text: 'A reference names nothing.' }, defaultConfiguration: { level: 'error' } },
    ]);
  });

  it('writes results with rule, level, message and a physical location', () => {
    const results = parse(formatSarif(report([lagError, danglingWarning]), { rules })).runs[0]?.results;
    expect(results?.[0]).toEqual({
      ruleId: 'HB102',
      ruleIndex: 0,
      level: 'error',
      message: { text: lagError.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'profiles/a.yaml' },
            region: { startLine: 6, startColumn: 17, endLine: 6, endColumn: 19 },
          },
        },
      ],
    });
    expect(results?.[1]).toMatchObject({ ruleId: 'HB201', ruleIndex: 1, level: 'warning' });
  });

  it('adds a rule entry for a rule id the table lacks, so ruleIndex stays valid', () => {
    const log = parse(formatSarif(report([{ ...lagError, rule: 'HB999' }]), { rules }));
    const run = log.runs[0];
    const result = run?.results[0];
    expect(run?.tool.driver.rules[result?.ruleIndex ?? -1]?.id).toBe('HB999');
  });

  it.each([
    ['profiles/a.yaml', 'profiles/a.yaml'],
    ['profiles\\win\\a.yaml', 'profiles/win/a.yaml'],
    ['dir with space/a#1.yaml', 'dir%20with%20space/a%231.yaml'],
    ['/abs/path/a.yaml', 'file:///abs/path/a.yaml'],
    ['C:\\abs\\a.yaml', 'file:///C:/abs/a.yaml'],
  ])('turns %j into the artifact URI %j', (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });

  it('carries the tool version when given', () => {
    const log = JSON.parse(formatSarif(report([]), { rules, version: '1.2.3' })) as { runs: { tool: { driver: { version: string } } }[] };
    expect(log.runs[0]?.tool.driver.version).toBe('1.2.3');
  });
});
