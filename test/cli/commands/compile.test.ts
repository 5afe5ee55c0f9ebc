import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, hasStack, hbctl } from '../_io.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'hbctl-compile-'));
  await cp(`${FIXTURES}valid/profiles`, join(work, 'profiles'), { recursive: true });
  await cp(`${FIXTURES}errors/profiles`, join(work, 'broken'), { recursive: true });
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('hbctl compile', () => {
  it('writes the compiled JSON to stdout when no -o is given, and a summary to stderr', async () => {
    const r = await hbctl(work, ['compile']);
    expect(r.code).toBe(0);
    const compiled = JSON.parse(r.stdout) as { kind: string; hash: string; roles: Record<string, unknown> };
    expect(compiled.kind).toBe('CompiledConfig');
    expect(Object.keys(compiled.roles)).toEqual(['agent', 'supervisor']);
    expect(r.stderr).toBe(`compiled 2 roles, 1 configuration, 1 listener, 1 CMS → stdout (${compiled.hash})\n`);
  });

  it('treats -o - as stdout', async () => {
    const r = await hbctl(work, ['compile', '-o', '-']);
    expect(r.stdout).toMatch(/"kind": "CompiledConfig"/);
  });

  it('writes -o FILE atomically: the file holds the JSON and no temp file is left', async () => {
    const r = await hbctl(work, ['compile', '-o', 'out.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^compiled 2 roles, .* → out\.json \(sha256:[0-9a-f]{64}\)\n$/);
    expect(JSON.parse(await readFile(join(work, 'out.json'), 'utf8'))).toMatchObject({ kind: 'CompiledConfig' });
    expect((await readdir(work)).sort()).toEqual(['broken', 'out.json', 'profiles']);
  });

  it('is deterministic: two runs give the same bytes', async () => {
    await hbctl(work, ['compile', '-o', 'a.json']);
    await hbctl(work, ['compile', '--output', 'b.json']);
    expect(await readFile(join(work, 'a.json'), 'utf8')).toBe(await readFile(join(work, 'b.json'), 'utf8'));
  });

  it('refuses to write on error findings, prints them, exits 1 and leaves the old output byte-identical', async () => {
    const before = 'previous output\n';
    await writeFile(join(work, 'out.json'), before);
    const r = await hbctl(work, ['compile', 'broken', '-o', 'out.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\/broken\.yaml:7:17 {2}error {2}HB102/);
    expect(r.stderr).toContain('nothing written');
    expect(await readFile(join(work, 'out.json'), 'utf8')).toBe(before);
    expect((await readdir(work)).sort()).toEqual(['broken', 'out.json', 'profiles']);
  });

  it('exits 2 with one line when the output directory does not exist', async () => {
    const r = await hbctl(work, ['compile', '-o', 'no/such/dir/out.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('hbctl: cannot write no/such/dir/out.json: no such file or directory');
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('rejects an unknown --format with exit 2', async () => {
    const r = await hbctl(work, ['compile', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hbctl: option '--format <format>' argument 'yaml' is invalid/);
  });
});
