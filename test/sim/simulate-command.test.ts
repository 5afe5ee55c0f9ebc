import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateCommand } from '../../src/cli/commands/simulate.js';
import type { SimulateCliOptions } from '../../src/cli/commands/simulate-options.js';
import type { CliIo } from '../../src/cli/io.js';
import { UsageError } from '../../src/errors.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/sim';
const tmp = mkdtempSync(join(tmpdir(), 'hbctl-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fakeIo(tty = false): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s) => void out.push(s) },
    stderr: { write: (s) => void err.push(s), isTTY: tty },
    cwd: ROOT,
    env: { NO_COLOR: '1' },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

function opts(extra: Partial<SimulateCliOptions>): SimulateCliOptions {
  return { paths: [`${FIXTURES}/config.yaml`], scenario: `${FIXTURES}/two-scenarios.yaml`, format: 'text', set: [], ...extra };
}

describe('hbctl simulate', () => {
  it('runs the first scenario of the file, says so, and prints the text report with the seed to reproduce it', async () => {
    const t = fakeIo();
    expect(await simulateCommand(opts({}), t.io)).toBe(0);
    expect(t.err()).toContain("holds 2 scenarios; running the first, 'first'");
    expect(t.out()).toContain('Scenario first');
    expect(t.out()).toContain('reproduce with --seed 1');
  });

  it('prints stable JSON (2-space indent, trailing newline), byte-identical for the same seed', async () => {
    const a = fakeIo();
    const b = fakeIo();
    expect(await simulateCommand(opts({ format: 'json', seed: '7', compare: 'DEFAULT,FAST', set: ['heartbeatWatchdogLag=70s,2m'] }), a.io)).toBe(0);
    await simulateCommand(opts({ format: 'json', seed: '7', compare: 'DEFAULT,FAST', set: ['heartbeatWatchdogLag=70s,2m'] }), b.io);
    expect(a.out()).toBe(b.out());
    expect(a.out().endsWith('\n')).toBe(true);
    const report = JSON.parse(a.out()) as { seed: number; runs: { label: string }[] };
    expect(report.seed).toBe(7);
    expect(report.runs.map((r) => r.label)).toEqual([
      'DEFAULT heartbeatWatchdogLag=1m10s',
      'DEFAULT heartbeatWatchdogLag=2m',
      'FAST heartbeatWatchdogLag=1m10s',
      'FAST heartbeatWatchdogLag=2m',
    ]);
  });

  it('writes the HTML report to --html (atomically, no temp file left behind)', async () => {
    const t = fakeIo();
    const file = join(tmp, 'report.html');
    expect(await simulateCommand(opts({ html: file }), t.io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/<html/i);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 1 and prints the findings when the scenario names an unknown role (HB300)', async () => {
    const t = fakeIo();
    expect(await simulateCommand(opts({ scenario: `${FIXTURES}/bad-role.yaml` }), t.io)).toBe(1);
    expect(t.err()).toContain('HB300');
    expect(t.err()).toContain("did you mean 'AGENT'?");
    expect(t.out()).toBe('');
  });

  it('prints scenario warnings (HB301) and still runs', async () => {
    const t = fakeIo();
    expect(await simulateCommand(opts({ scenario: `${FIXTURES}/late-fault.yaml` }), t.io)).toBe(0);
    expect(t.err()).toContain('HB301');
    expect(t.err()).toContain('never happens');
    expect(t.out()).toContain('Scenario late-fault');
  });

  it.each([
    [{ seed: 'abc' }, /--seed/],
    [{ seed: '4294967296' }, /--seed/],
    [{ set: ['heartbeatLag'] }, /field=value/],
    [{ set: ['heartbeatLagg=30'] }, /did you mean 'heartbeatLag'/],
    [{ set: ['heartbeatLag=30,soon'] }, /not a duration/],
    [{ set: ['heartbeatLag=30', 'heartbeatLag=60'] }, /given twice/],
    [{ compare: 'DEFAULT,,FAST' }, /--compare/],
    [{ compare: 'NOPE' }, /no HeartbeatProfile 'NOPE'/],
    [{ compare: 'DEFAULT,FAST,DEFAULT' }, /DEFAULT is listed twice/],
    // Refused from the list alone, before a single profile is compiled or looked up.
    [{ compare: Array.from({ length: 100_000 }, (_, i) => `P${i}`).join(',') }, /names 100000 profiles; at most 16 runs/],
    [{ format: 'yaml' }, /unknown format/],
    [{ scenario: `${FIXTURES}/no-scenario.yaml` }, /no document of kind Scenario/],
  ])('rejects bad usage with a UsageError (exit 2): %j', async (extra, message) => {
    const run = simulateCommand(opts(extra as Partial<SimulateCliOptions>), fakeIo().io);
    await expect(run).rejects.toThrow(UsageError);
    await expect(simulateCommand(opts(extra as Partial<SimulateCliOptions>), fakeIo().io)).rejects.toThrow(message);
  });

  it("runs the issue's example scenario as written, every fault taking effect, beside a bundled scenario of the same name", async () => {
    const t = fakeIo();
    const code = await simulateCommand({ paths: [], scenario: `${FIXTURES}/issue-example.yaml`, format: 'json', set: [] }, t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(t.out()) as { scenario: string; runs: { faults: { type: string; affected: number }[] }[] };
    expect(report.scenario).toBe('crash-wave');
    expect(report.runs[0]!.faults.map((f) => [f.type, f.affected > 0])).toEqual([
      ['browserCrash', true],
      ['browserFreeze', true],
      ['networkDelay', true],
      ['cmsOutage', true],
      ['workstationDrop', true],
    ]);
  });

  it('draws no progress bar when stderr is not a TTY, nor with --quiet on a TTY', async () => {
    const pipe = fakeIo(false);
    await simulateCommand(opts({}), pipe.io);
    expect(pipe.err()).not.toContain('\r');
    const quiet = fakeIo(true);
    await simulateCommand(opts({ quiet: true }), quiet.io);
    expect(quiet.err()).not.toContain('\r');
  });
});

describe('bundled scenarios (profiles/scenarios)', () => {
  const files = readdirSync(join(ROOT, 'profiles/scenarios')).filter((f) => f.endsWith('.yaml'));

  it('ships at least five', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s validates with the bundled profiles and runs', async (file) => {
    const t = fakeIo();
    const code = await simulateCommand({ paths: [], scenario: `profiles/scenarios/${file}`, format: 'json', set: [] }, t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(t.out()) as { runs: { metrics: { callsOffered: number } }[] };
    expect(report.runs).toHaveLength(1);
  });
});
