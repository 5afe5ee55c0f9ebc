import { describe, expect, it } from 'vitest';
import type { LoadedDocument } from '../../src/config/document.js';
import { parseYamlText } from '../../src/config/yaml/index.js';

function load(text: string, documentIndex = 0): LoadedDocument {
  const doc = parseYamlText(text, 'x.yaml').documents[documentIndex];
  if (!doc) throw new Error('no document');
  return doc;
}

const LANDSCAPE = [
  'apiVersion: hbctl/v1', //           line 1
  'kind: CommunicationsConfiguration', // 2
  'metadata:', //                         3
  '  name: agents', //                    4
  'spec:', //                             5
  '  profiles:', //                       6
  '    - push', //                        7
  '    - name: email', //                 8
  '      cached: true', //                9
  '  parameters:', //                    10
  '    ChannelCleanupTimer: 600', //     11
  '  empty:', //                         12
  '',
].join('\n');

describe('positions', () => {
  it('points at a nested map value, start and end', () => {
    expect(load(LANDSCAPE).position(['spec', 'parameters', 'ChannelCleanupTimer'])).toEqual({
      line: 11,
      column: 26,
      endLine: 11,
      endColumn: 29,
    });
  });

  it('points at sequence items and at values inside them', () => {
    const doc = load(LANDSCAPE);
    expect(doc.position(['spec', 'profiles', 0])).toMatchObject({ line: 7, column: 7 });
    expect(doc.position(['spec', 'profiles', 1, 'cached'])).toMatchObject({ line: 9, column: 15 });
    expect(doc.position(['spec', 'profiles', '1', 'name'])).toMatchObject({ line: 8, column: 13 });
  });

  it('points at the key for keyPosition', () => {
    const doc = load(LANDSCAPE);
    expect(doc.keyPosition(['spec', 'parameters', 'ChannelCleanupTimer'])).toEqual({
      line: 11,
      column: 5,
      endLine: 11,
      endColumn: 24,
    });
    expect(doc.keyPosition(['metadata'])).toMatchObject({ line: 3, column: 1 });
  });

  it('falls back to the nearest existing ancestor for a path that does not exist', () => {
    const doc = load(LANDSCAPE);
    expect(doc.position(['spec', 'parameters', 'Missing', 'deeper'])).toMatchObject({ line: 11, column: 5 });
    expect(doc.position(['spec', 'profiles', 7])).toMatchObject({ line: 7, column: 5 });
    expect(doc.position(['metadata', 'name', 'x'])).toMatchObject({ line: 4, column: 9 });
    expect(doc.keyPosition(['spec', 'nope'])).toEqual(doc.position(['spec']));
  });

  it('points at the key of an empty value, which has no text of its own', () => {
    expect(load(LANDSCAPE).position(['spec', 'empty'])).toMatchObject({ line: 12, column: 3 });
  });

  it('points at the root for the empty path', () => {
    expect(load('# header\nkind: Cms\n').position([])).toMatchObject({ line: 2, column: 1 });
  });

  it('points at the later value of a duplicated key, the one in the data', () => {
    expect(load('a: 1\nb: 2\na: 3\n').position(['a'])).toMatchObject({ line: 3, column: 4 });
  });

  it('follows aliases into the anchored node', () => {
    const doc = load('base: &b\n  lag: 150\nrole:\n  profile: *b\n');
    expect(doc.position(['role', 'profile', 'lag'])).toMatchObject({ line: 2, column: 8 });
  });

  it('counts lines from the start of the file in later documents', () => {
    const doc = load('a: 1\n---\nb:\n  c: 2\n', 1);
    expect(doc.position(['b', 'c'])).toMatchObject({ line: 4, column: 6 });
  });
});

describe('positions: cost', () => {
  it('parses a 10,000-document text without per-document precomputation', () => {
    const parts: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      parts.push(`---\napiVersion: hbctl/v1\nkind: BusinessRole\nmetadata:\n  name: role-${i}\nspec:\n  heartbeatProfile: p${i % 10}\n`);
    }
    const cpuBefore = process.cpuUsage();
    const { documents, findings } = parseYamlText(parts.join(''), 'big.yaml');
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    expect(findings).toEqual([]);
    expect(documents).toHaveLength(10_000);
    expect(documents[9_999]?.position(['spec', 'heartbeatProfile'])).toMatchObject({ line: 70_000, column: 21 });
    // CPU time, not wall time, so that other processes on the machine do not make this flaky. Nearly all of it is
    // the `yaml` library's own parsing; see the report for the numbers.
    console.info(`10,000 documents parsed in ${cpuMs.toFixed(0)} ms CPU`);
    expect(cpuMs).toBeLessThan(3000);
  });
});
