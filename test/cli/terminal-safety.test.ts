import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hbctl } from './_io.js';
import { HOSTILE, unsafeLines } from './format/_unsafe.js';

const PROFILES = fileURLToPath(new URL('../../profiles/', import.meta.url));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbctl-terminal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A profile and a role whose names, reference and description carry `name`, written as a YAML double-quoted scalar (any code point). */
function quotedYaml(name: string): string {
  const q = JSON.stringify(name);
  return [
    'apiVersion: hbctl/v1',
    'kind: HeartbeatProfile',
    'metadata:',
    `  name: ${JSON.stringify(`P${name}`)}`,
    'spec:',
    `  description: ${q}`,
    '  browserPingInterval: 30',
    '  heartbeatLag: 90',
    '---',
    'apiVersion: hbctl/v1',
    'kind: BusinessRole',
    'metadata:',
    `  name: ${JSON.stringify(`R${name}`)}`,
    'spec:',
    `  heartbeatProfile: ${JSON.stringify(`X${name}`)}`,
    '',
  ].join('\n');
}

/** The same with the name raw in single quotes (line breaks left out so the file keeps its lines): excerpts show it as it is. */
function rawYaml(name: string): string {
  const raw = name.replace(/[\r\n]/g, '').replace(/'/g, "''");
  return quotedYaml('').replace('heartbeatProfile: "X"', `heartbeatProfile: 'X${raw}'`);
}

const FINDING_LINE = /^\S.*:\d+:\d+ {2}(error|warning) {2}HB\d{3} {2}/;

async function validate(yaml: string, format: 'text' | 'github' | 'json'): Promise<{ stdout: string; stderr: string }> {
  await writeFile(join(dir, 'a.yaml'), yaml);
  const r = await hbctl(dir, ['validate', 'a.yaml', '--format', format], { NO_COLOR: '1' });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('terminal safety from YAML to output', { timeout: 30_000 }, () => {
  it.each(HOSTILE)('validate prints one line per finding with %s in YAML names and values', async (_name, bad) => {
    for (const yaml of [quotedYaml(bad), rawYaml(bad)]) {
      const json = JSON.parse((await validate(yaml, 'json')).stdout) as { findings: unknown[] };
      const text = await validate(yaml, 'text');
      expect(unsafeLines(text.stdout + text.stderr)).toEqual([]);
      expect(text.stdout.split('\n').filter((l) => FINDING_LINE.test(l))).toHaveLength(json.findings.length);
      const github = await validate(yaml, 'github');
      expect(unsafeLines(github.stdout)).toEqual([]);
      expect(github.stdout.split('\n').filter((l) => l !== '')).toHaveLength(json.findings.length);
    }
  });

  it('holds for any code points in a name or value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 30 }), fc.boolean(), async (name, quoted) => {
        const yaml = quoted ? quotedYaml(name) : rawYaml(name);
        // A raw NUL makes the whole file binary (HB003, a finding without an excerpt): its own tests cover it.
        fc.pre(!yaml.includes('\u0000'));
        const json = JSON.parse((await validate(yaml, 'json')).stdout) as { findings: unknown[] };
        const text = await validate(yaml, 'text');
        expect(unsafeLines(text.stdout + text.stderr)).toEqual([]);
        const lines = text.stdout.split('\n');
        expect(lines.filter((l) => FINDING_LINE.test(l))).toHaveLength(json.findings.length);
        // Each finding is its line and a two-line excerpt; then a blank line, the summary and the final line feed.
        expect(lines).toHaveLength(json.findings.length === 0 ? 2 : json.findings.length * 3 + 3);
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});

describe('terminal safety of the CLI error lines', { timeout: 30_000 }, () => {
  const evil = 'x\u001b[2J\nhbctl: forged\u009b\u202e';
  it.each([
    ['a missing path', ['validate', evil]],
    ['a missing compile input', ['compile', evil]],
    ['a missing diff side', ['diff', evil, evil]],
    ['an unknown role', ['explain', evil, PROFILES]],
    ['an unknown option', ['validate', `--${evil}`]],
    ['an unknown command', [evil]],
  ])('%s is one escaped line on stderr, exit 2', async (_name, argv) => {
    const r = await hbctl(dir, argv);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hbctl: /);
    expect(unsafeLines(r.stderr)).toEqual([]);
    expect(r.stderr).toContain('x\\x1b[2J');
  });
});

describe('terminal safety of the CLI report lines', { timeout: 30_000 }, () => {
  it('compile names an output path with control characters escaped on its one summary line', async () => {
    const r = await hbctl(dir, ['compile', PROFILES, '-o', 'out\u001b[2J\nhbctl: forged.json']);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unsafeLines(r.stderr)).toEqual([]);
    expect(r.stderr).toContain('→ out\\x1b[2J\\nhbctl: forged.json (sha256:');
  });
});
