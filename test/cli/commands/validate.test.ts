import { describe, expect, it } from 'vitest';
import { FIXTURES, hasStack, hbctl } from '../_io.js';

const valid = `${FIXTURES}valid`;
const errors = `${FIXTURES}errors`;
const warnings = `${FIXTURES}warnings`;

describe('hbctl validate', () => {
  it('exits 0 and says how much is valid when the profiles/ directory is clean', async () => {
    const r = await hbctl(valid, ['validate']);
    expect(r.stdout).toBe('✓ 10 documents in 4 files are valid\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('reads the paths it is given, relative to the working directory', async () => {
    const r = await hbctl(FIXTURES, ['validate', 'valid/profiles/roles.yaml', 'valid/profiles/heartbeat-profiles.yaml']);
    expect(r.stdout).toMatch(/ in 2 files/);
  });

  it('refuses an empty path (an unset variable) instead of reading the whole working directory', async () => {
    const r = await hbctl(FIXTURES, ['validate', '']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hbctl: an empty path was given/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 1 on error findings and prints each with an excerpt and a summary', async () => {
    const r = await hbctl(errors, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^profiles\/broken\.yaml:7:17 {2}error {2}HB102 {2}/m);
    expect(r.stdout).toContain('  7 |   heartbeatLag: 9o\n    |                 ^^');
    expect(r.stdout).toMatch(/HB201 .*'DEFAULTS'.*'DEFAULT'/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ errors?, \d+ warnings? in 1 file$/);
  });

  it('exits 0 on warnings, and 1 with --strict', async () => {
    const lax = await hbctl(warnings, ['validate']);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toContain('HB250');
    const strict = await hbctl(warnings, ['validate', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('(--strict: warnings fail)');
  });

  it('lists errors only with --quiet', async () => {
    const r = await hbctl(warnings, ['validate', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('HB250');
  });

  it('prints the documented JSON shape with --format json', async () => {
    const r = await hbctl(errors, ['validate', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; summary: Record<string, number>; findings: { rule: string }[] };
    expect(out.ok).toBe(false);
    expect(out.summary).toMatchObject({ files: 1, documents: 2 });
    expect(out.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['HB102', 'HB201']));
  });

  it.each([
    ['github', /^::error file=profiles\/broken\.yaml,line=7,col=17,/m],
    ['junit', /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /],
    ['sarif', /"version": "2\.1\.0"/],
  ])('prints --format %s', async (format, pattern) => {
    const r = await hbctl(errors, ['validate', '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(pattern);
  });

  it('lists every known rule in SARIF, with rule ids from the rule table', async () => {
    const r = await hbctl(valid, ['validate', '--format', 'sarif']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: unknown[] }[] };
    const ids = log.runs[0]?.tool.driver.rules.map((x) => x.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['HB001', 'HB102', 'HB201', 'HB250']));
    expect(log.runs[0]?.results).toEqual([]);
  });

  it('colours text only on a TTY without NO_COLOR, and with FORCE_COLOR', async () => {
    const { main } = await import('../../../src/cli/index.js');
    const { fakeIo } = await import('../_io.js');
    const tty = fakeIo(errors, {}, true);
    await main(['validate'], tty);
    expect(tty.out()).toMatch(/\u001b\[/);
    const noColour = fakeIo(errors, { NO_COLOR: '1' }, true);
    await main(['validate'], noColour);
    expect(noColour.out()).not.toMatch(/\u001b\[/);
    const forced = await hbctl(errors, ['validate'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(/\u001b\[/);
  });

  it.each([
    [['validate', 'missing.yaml']],
    [['validate', '--format', 'json', 'missing']],
  ])('exits 2 with one line for a missing path (%j)', async (argv) => {
    const r = await hbctl(valid, argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hbctl: /);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('exits 2 when run where there is no profiles/ directory and no path is given', async () => {
    const r = await hbctl(FIXTURES, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hbctl: .*profiles/);
  });
});
