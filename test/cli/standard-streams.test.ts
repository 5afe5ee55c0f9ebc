import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './_io.js';
import { BIN, ensureBuild, PROCESS_TIMEOUT_MS, makeCharDevice, plainEnv, type ProcessResult } from './_process.js';

// A broken stderr leaves hbctl nowhere to report: the exit code is all that
// is left, so it must be the one the run earned. A closed stdout (`| head`)
// ends quietly, with the exit code kept. Real processes: this is about the
// process, its streams and its exit status.

const dir = mkdtempSync(join(tmpdir(), 'hbctl-streams-'));
const fullDevice = join(dir, 'full');
const canMknod = makeCharDevice(fullDevice, 1, 7);
const SKIP_MKNOD = 'mknod is not permitted for this user (the suite runs it as root in CI)';

beforeAll(ensureBuild, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs hbctl in the fixtures; `closed` has its reading end closed before the child can write to it. */
function run(args: string[], opts: { closed?: 'stdout' | 'stderr'; stderrFd?: number; bin?: string }): Promise<ProcessResult> {
  const stdio = ['ignore', 'pipe', opts.stderrFd ?? 'pipe'] as const;
  const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { cwd: FIXTURES, env: plainEnv(), stdio: [...stdio] });
  if (opts.closed !== undefined) child[opts.closed]?.destroy();
  let stdout = '';
  let stderr = '';
  if (opts.closed !== 'stdout') child.stdout?.setEncoding('utf8').on('data', (s: string) => void (stdout += s));
  if (opts.closed !== 'stderr') child.stderr?.setEncoding('utf8').on('data', (s: string) => void (stderr += s));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const outputFile = join(dir, 'out.json');
const runs: { name: string; args: string[]; code: number }[] = [
  { name: 'a usage error (2)', args: ['validate', '--nope'], code: 2 },
  { name: 'an unreadable input (2)', args: ['compile', 'no-such-dir'], code: 2 },
  { name: 'error findings (1)', args: ['compile', 'errors'], code: 1 },
  { name: 'a compile that writes its summary to stderr (0)', args: ['compile', 'valid', '-o', outputFile], code: 0 },
];

describe('a write error on stderr never changes the exit code', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it.each(runs)('the exit code of $name is kept when stderr is a closed pipe', async ({ args, code }) => {
    const r = await run(args, { closed: 'stderr' });
    expect(r.status).toBe(code);
  });

  it.skipIf(!canMknod).each(runs)(`the exit code of $name is kept when stderr is a full device (${canMknod ? 'private full node' : SKIP_MKNOD})`, async ({ args, code }) => {
    const fd = openSync(fullDevice, 'w');
    try {
      const r = await run(args, { stderrFd: fd });
      expect(r.status).toBe(code);
    } finally {
      closeSync(fd);
    }
  });
});

it('a launcher without a build keeps exit 2 when stderr is a closed pipe', { timeout: PROCESS_TIMEOUT_MS }, async () => {
  mkdirSync(join(dir, 'bin'));
  copyFileSync(BIN, join(dir, 'bin', 'hbctl'));
  const r = await run(['--version'], { closed: 'stderr', bin: join(dir, 'bin', 'hbctl') });
  expect(r.status).toBe(2);
});

describe('a closed stdout ends quietly and keeps the exit code', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it.each([
    { name: 'schema (0)', args: ['schema'], code: 0 },
    { name: 'validate with error findings (1)', args: ['validate', 'errors'], code: 1 },
    { name: 'simulate --format json (0)', args: ['simulate', '../sim/config.yaml', '--scenario', '../sim/two-scenarios.yaml', '--format', 'json'], code: 0 },
  ])('$name keeps its exit code and reports no error', async ({ args, code }) => {
    const r = await run(args, { closed: 'stdout' });
    expect(r.stderr).not.toMatch(/cannot write|internal error|EPIPE/);
    expect(r.status).toBe(code);
  });
});

describe('a failed write to standard output is reported before any success line', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it.skipIf(!canMknod).each([
    { name: 'compile -o -', args: ['compile', 'valid', '-o', '-'] },
    { name: 'compile with no -o', args: ['compile', 'valid'] },
  ])(`$name into a full device is one line and exit 2, with no "compiled" summary (${canMknod ? 'private full node' : SKIP_MKNOD})`, ({ args }) => {
    const fd = openSync(fullDevice, 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: FIXTURES, env: plainEnv(), stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('hbctl: cannot write to standard output: no space left on device\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(fd);
    }
  });
});
