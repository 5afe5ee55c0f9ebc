import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, hbctl } from '../_io.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hbctl-diff-'));
  const compiled = await hbctl(FIXTURES, ['compile', 'valid/profiles']);
  await writeFile(join(work, 'valid.json'), compiled.stdout);
  await writeFile(join(work, 'other.json'), '{"kind": "Something"}');
  await writeFile(join(work, 'bad.json'), '{ not json');
  // Regression: a compiled file with the right kind but a role without heartbeat was an internal error (a TypeError in the diff).
  const broken = JSON.parse(compiled.stdout) as { roles: Record<string, { heartbeat: unknown }> };
  for (const role of Object.values(broken.roles)) role.heartbeat = null;
  await writeFile(join(work, 'no-heartbeat.json'), JSON.stringify(broken));
  await writeFile(join(work, 'sections-missing.json'), '{"apiVersion": "hbctl/v1", "kind": "CompiledConfig", "roles": {}}');
  await writeFile(
    join(work, 'flow.yaml'),
    '{apiVersion: hbctl/v1, kind: HeartbeatProfile, metadata: {name: DEFAULT}, spec: {heartbeatLag: 150s}}\n',
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('hbctl diff', () => {
  it('exits 0 and says "no changes" for the same configuration', async () => {
    const r = await hbctl(FIXTURES, ['diff', 'valid/profiles', 'valid/profiles']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
  });

  it('exits 1 and prints per role each changed value old → new', async () => {
    const r = await hbctl(FIXTURES, ['diff', 'valid/profiles', 'changed/profiles']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/~ role agent\n +heartbeatLag +2m30s \(150s\) +→ +1m30s \(90s\)/);
    // The supervisor inherits DEFAULT's heartbeatLag too (unused in its mode, but still its effective value).
    expect(r.stdout).toMatch(/~ role supervisor\n +heartbeatLag +2m30s \(150s\) +→ +1m30s \(90s\)/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 roles changed');
  });

  it('reads a compiled JSON side (kind CompiledConfig) as well as YAML', async () => {
    const same = await hbctl(FIXTURES, ['diff', join(work, 'valid.json'), 'valid/profiles']);
    expect(same.code).toBe(0);
    const changed = await hbctl(FIXTURES, ['diff', join(work, 'valid.json'), 'changed/profiles', '--format', 'json']);
    expect(changed.code).toBe(1);
    const d = JSON.parse(changed.stdout) as { changed: boolean; roles: { role: string; values: { field: string; old: number; new: number }[] }[] };
    expect(d.changed).toBe(true);
    expect(d.roles[0]).toMatchObject({ role: 'agent', values: [{ field: 'heartbeatLag', old: 150_000, new: 90_000 }] });
  });

  // Regression: a YAML file in flow style starts with `{` and was rejected as invalid JSON.
  it('reads a *.yaml side as YAML even when its text starts with "{"', async () => {
    const r = await hbctl(work, ['diff', 'flow.yaml', 'flow.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
  });

  it.each([
    ['other.json', /^hbctl: .*other\.json is JSON but not a compiled config/],
    ['bad.json', /^hbctl: .*bad\.json is not valid JSON/],
    ['missing.json', /^hbctl: cannot read .*missing\.json: no such file or directory/],
    ['no-heartbeat.json', /^hbctl: no-heartbeat\.json is not a usable compiled config: roles\.\w+\.heartbeat is not an object; recompile it/],
    ['sections-missing.json', /^hbctl: sections-missing\.json is not a usable compiled config: hash is not a string/],
  ])('exits 2 with one line for %s', async (file, message) => {
    const r = await hbctl(work, ['diff', file, 'valid.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints the errors of a broken YAML side and exits 2 without comparing', async () => {
    const r = await hbctl(FIXTURES, ['diff', 'valid/profiles', 'errors/profiles']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('HB102');
    expect(r.stderr).toContain('hbctl: errors/profiles has errors; nothing compared');
  });
});
