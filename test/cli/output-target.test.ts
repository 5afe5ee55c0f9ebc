import fc from 'fast-check';
import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOutput, type OutputContext } from '../../src/cli/output-target.js';

let dir: string;
let ctx: OutputContext;
const INPUT = 'a/b/in.yaml';

beforeAll(async () => {
  // a/b/in.yaml is the input; c/ stands at every level for `c/..` detours; lnk → a; alias.yaml → in.yaml; hard.yaml is a hard link.
  dir = await mkdtemp(join(tmpdir(), 'hbctl-plan-'));
  for (const level of ['c', 'a/c', 'a/b/c']) await mkdir(join(dir, level), { recursive: true });
  await writeFile(join(dir, INPUT), 'kind: x\n');
  await symlink('a', join(dir, 'lnk'));
  await symlink('in.yaml', join(dir, 'a/b/alias.yaml'));
  await link(join(dir, INPUT), join(dir, 'a/b/hard.yaml'));
  ctx = { cwd: dir, stdout: { write: () => undefined }, stderr: { write: () => undefined }, inputs: [INPUT] };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A segment that changes a path's spelling but not where it leads. */
const detour = fc.constantFrom('.', '', 'c/..');
const detours = fc.array(detour, { maxLength: 3 }).map((d) => d.map((s) => `${s}/`).join(''));

/** Every way of naming a/b/in.yaml built from: relative or absolute, through `lnk`, detours, a symbolic or hard link. */
const spelling = fc
  .record({
    root: fc.constantFrom('', './', 'ABS/'),
    top: fc.constantFrom('a', 'lnk'),
    before: detours,
    middle: detours,
    last: detours,
    name: fc.constantFrom('in.yaml', 'alias.yaml', 'hard.yaml'),
  })
  // With no root, a leading empty segment would make the path absolute: detours start after the root only.
  .map((s) => `${s.root}${s.root === '' ? '' : s.before}${s.top}/${s.middle}b/${s.last}${s.name}`);

describe('planOutput', () => {
  it('refuses every spelling of an input file and leaves it byte-identical (property)', async () => {
    await fc.assert(
      fc.asyncProperty(spelling, async (spelled) => {
        const given = spelled.replace(/^ABS\//, `${dir}/`);
        await expect(planOutput(given, ctx)).rejects.toThrow(`it is an input file of this run (${INPUT}); nothing written`);
      }),
      { numRuns: 200 },
    );
    expect(await readFile(join(dir, INPUT), 'utf8')).toBe('kind: x\n');
  });

  it('plans any other file beside the input as an atomic replace', async () => {
    await fc.assert(
      fc.asyncProperty(spelling, async (spelled) => {
        const given = spelled.replace(/^ABS\//, `${dir}/`).replace(/(in|alias|hard)\.yaml$/, 'out.json');
        expect((await planOutput(given, ctx)).kind).toBe('replace');
      }),
      { numRuns: 50 },
    );
  });
});
