import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStack, hbctl } from './_io.js';

// Runs the build (npm test builds first; after editing, `npm run build`).
const BIN = fileURLToPath(new URL('../../bin/hbctl', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hbctl-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'config.yaml'),
  `apiVersion: hbctl/v1
kind: HeartbeatProfile
metadata: { name: DEFAULT }
spec: { browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 1, heartbeatWatchdogLag: 150 }
---
apiVersion: hbctl/v1
kind: BusinessRole
metadata: { name: AGENT }
spec: {}
`,
);

/** Writes a scenario whose spec lines are `lines` (line 5 of the file is the first of them). */
function scenario(name: string, lines: string[]): string {
  writeFileSync(join(dir, `${name}.yaml`), ['apiVersion: hbctl/v1', 'kind: Scenario', `metadata: { name: ${name} }`, 'spec:', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  return `${name}.yaml`;
}

/** `hbctl simulate` in a child process whose heap is far too small to hold any of these runs. */
function simulateProcess(file: string, extra: string[] = []): { status: number | null; stderr: string; wallMs: number } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'simulate', 'config.yaml', '--scenario', file, '--format', 'json', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  return { status: r.status, stderr: r.stderr, wallMs: performance.now() - started };
}

describe('hbctl simulate: work it cannot finish is refused quickly with HB302 (child process, 64 MB heap)', () => {
  // What refusing a one-agent scenario costs on this machine now: start-up, load, check.
  let tinyMs = 0;
  beforeAll(() => {
    tinyMs = simulateProcess(scenario('tiny', ['duration: 1m', 'agents: [ { role: AGENT, count: 1 } ]']), ['--max-events', '1']).wallMs;
  }, 30_000);

  it.each([
    ['a year of 1,000,000 watchdogs waking every second', ['duration: 8760h', 'agents: [ { role: AGENT, count: 1000000 } ]'], '6:35', /watchdogs waking every 1s/],
    ['10,000 calls a second for a year', ['duration: 8760h', 'agents: [ { role: AGENT, count: 1000000 } ]', 'calls: { ratePerSecond: 10000, handleTime: 1m }'], '6:35', /events/],
    ['10,000 calls a second for 10 agents (the queue)', ['duration: 1h', 'agents: [ { role: AGENT, count: 10 } ]', 'calls: { ratePerSecond: 10000, handleTime: 3m }'], '7:27', /waiting/],
    ['a 1 s timeline step for a year', ['duration: 8760h', 'timelineStep: 1s', 'agents: [ { role: AGENT, count: 1 } ]'], '6:17', /timers waiting at once/],
    ['a report too big for one string', ['duration: 8760h', 'timelineStep: 10s', 'agents: [ { role: AGENT, count: 100 } ]'], '6:17', /report of about/],
  ])('%s', (name, lines, at, message) => {
    const file = scenario(name.replace(/[^a-z0-9]+/gi, '-'), lines);
    const r = simulateProcess(file);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${at}  error  HB302  simulation too large: `, 'm'));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|heap|allocation failed/i);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.status).toBe(1);
    // About a second alone, as long as refusing a one-agent scenario: the estimate does not grow with the run.
    expect(r.wallMs).toBeLessThan(Math.max(8000, 4 * tinyMs));
  }, 30_000);

  it('when the estimate points at a field the scenario leaves out, the finding stands at the nearest one it has', () => {
    const file = scenario('default-step', ['duration: 8760h', 'agents: [ { role: AGENT, count: 1000000 } ]']);
    const r = simulateProcess(file, ['--max-events', '1000']);
    expect(r.stderr).toMatch(/^default-step\.yaml:6:35  error  HB302 .*the budget is 1,000 events/m);
    expect(r.status).toBe(1);
  }, 30_000);
});

describe('hbctl simulate --max-events', () => {
  const small = scenario('small', ['duration: 10m', 'agents: [ { role: AGENT, count: 10 } ]']);

  // The first run loads the simulator's modules.
  it('runs a small scenario under the default budget', async () => {
    const r = await hbctl(dir, ['simulate', 'config.yaml', '--scenario', small, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 30_000);

  it('lowers the budget: the same scenario is refused, naming the estimate and the budget', async () => {
    const r = await hbctl(dir, ['simulate', 'config.yaml', '--scenario', small, '--max-events', '100']);
    expect(r.stderr).toMatch(/^small\.yaml:6:35  error  HB302  simulation too large: about 6,\d{3} events, most of them from 10 AGENT watchdogs .*the budget is 100 events/m);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it.each(['0', '-5', '1.5', 'lots', '1e9', ''])('refuses %j with one line and exit 2', async (value) => {
    const r = await hbctl(dir, ['simulate', 'config.yaml', '--scenario', small, '--max-events', value]);
    expect(r.stderr).toMatch(/^hbctl: --max-events .*: write a whole number of events of at least 1/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
  });

  it('takes digits grouped with underscores', async () => {
    const r = await hbctl(dir, ['simulate', 'config.yaml', '--scenario', small, '--max-events', '1_000_000']);
    expect(r.code).toBe(0);
  });
});
