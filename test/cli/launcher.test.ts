import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, hasStack } from './_io.js';
import { BIN, ensureBuild, hbctlProcess, PROCESS_TIMEOUT_MS, ROOT } from './_process.js';

beforeAll(ensureBuild, 120_000);

describe('bin/hbctl launcher', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it('runs the built CLI and exits with its code', () => {
    const r = hbctlProcess(['--version'], ROOT);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.status).toBe(0);
  });

  it('simulate: the same seed gives a byte-identical JSON report in two separate processes', () => {
    const args = ['simulate', '--scenario', 'profiles/scenarios/crash-wave.yaml', '--compare', 'DEFAULT,STRICT', '--format', 'json'];
    const first = hbctlProcess(args, ROOT);
    const second = hbctlProcess(args, ROOT);
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    expect((JSON.parse(first.stdout) as { runs: unknown[] }).runs).toHaveLength(2);
    expect(second.stdout).toBe(first.stdout);
  });

  it('without a build, says how to make one in one line and exits 2 (no stack trace)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbctl-nobuild-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(BIN, join(dir, 'bin', 'hbctl'));
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'hbctl'), '--version'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^hbctl: cannot load the compiled CLI \(.+\); run `npm run build` \(or `npm ci`\) first\n$/);
      expect(hasStack(r.stderr)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(existsSync('/dev/full'))('a failed write to standard output is one line and exit 2, not a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, 'schema'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hbctl: cannot write to standard output: .*no space left on device.*\n$/i);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('validates the default profiles/ directory of the working directory', () => {
    const r = hbctlProcess(['validate'], `${FIXTURES}valid`);
    expect(r.stdout).toMatch(/^✓ \d+ documents in \d+ files are valid\n$/);
    expect(r.status).toBe(0);
  });

  it('sets exit code 2 and prints one line, no stack, for a usage error', () => {
    const r = hbctlProcess(['validate', '--nope'], ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(hasStack(r.stderr)).toBe(false);
  });
});
