import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuild, hbctlProcess, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { startCms, stopCms } from '../cms/_harness.js';
import { startSupervisor } from './_start.js';

const FAST = 'test/fixtures/live/fast.yaml';
const SCENARIO = 'test/fixtures/live/twin-scenario.yaml';
/** The scenario, as the live run replays it: 4 agents, 2 browsers crash at 4 s, the CMS is out from 6 s to 9 s, 14 s in all. */
const LIVE = { agents: 4, crashAtMs: 4000, crashes: 2, outageAtMs: 6000, outageForMs: 3000, durationMs: 14_000 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);

interface SimMetrics {
  trueLogoffs: number;
  falseLogoffs: number;
  cmsPings: number;
  agentsToldOfCmsOutage: number;
}

describe('one engine, two clocks', () => {
  it(
    'the same scenario live (hbctl start + hbctl browsers + a CMS) and in hbctl simulate logs off the same agents for the same reasons and pings the CMS as often',
    async () => {
      const sim = hbctlProcess(['simulate', FAST, '--scenario', SCENARIO, '--format', 'json'], ROOT);
      expect(sim.status).toBe(0);
      const simMetrics = (JSON.parse(sim.stdout) as { runs: { metrics: SimMetrics }[] }).runs[0]!.metrics;
      expect(simMetrics).toMatchObject({ trueLogoffs: LIVE.crashes, falseLogoffs: 0, agentsToldOfCmsOutage: LIVE.agents - LIVE.crashes });

      const cms = await startCms();
      cleanups.push(() => stopCms(cms));
      const s = await startSupervisor(['--cms', `127.0.0.1:${cms.port}`, FAST]);
      cleanups.push(async () => void (await s.stop()));
      const pings0 = cms.server.counters.pingsAcked + cms.server.counters.pingsUnanswered;
      const t0 = Date.now();
      const browsers = execa(
        process.execPath,
        [BIN, 'browsers', '--url', s.url, '--count', String(LIVE.agents), '--role', 'AGENT', '--crash-after', `${LIVE.crashAtMs}ms`, '--crash-count', String(LIVE.crashes), '--duration', `${LIVE.durationMs}ms`, '--relogin-after', 'never', '--quiet'],
        { cwd: ROOT, env: plainEnv(), reject: false, stdin: 'ignore' },
      );
      cleanups.push(async () => void browsers.kill('SIGKILL'));
      const outage = setTimeout(() => cms.server.setOutage(true), LIVE.outageAtMs);
      const recovery = setTimeout(() => cms.server.setOutage(false), LIVE.outageAtMs + LIVE.outageForMs);
      cleanups.push(async () => (clearTimeout(outage), clearTimeout(recovery)));
      const done = await browsers;
      const livePings = cms.server.counters.pingsAcked + cms.server.counters.pingsUnanswered - pings0;
      expect(done.exitCode).toBe(0);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(LIVE.durationMs);

      const logoffs = s.lines.filter((l) => l.event === 'logoff');
      const byReason = (reason: string): string[] => logoffs.filter((l) => l['reason'] === reason).map((l) => l['agent'] as string);
      // The crashed browsers: true log-offs by the watchdog, as the simulator counts them.
      expect(byReason('watchdog')).toHaveLength(simMetrics.trueLogoffs);
      // The others said goodbye at the end (`--duration`), nobody else was logged off.
      expect(byReason('client')).toHaveLength(LIVE.agents - LIVE.crashes);
      expect(new Set([...byReason('watchdog'), ...byReason('client')]).size).toBe(LIVE.agents);
      expect(logoffs).toHaveLength(LIVE.agents);
      const told = new Set(s.lines.filter((l) => l.event === 'cms-status' && l['available'] === false).map((l) => l['agent']));
      expect(told.size).toBe(simMetrics.agentsToldOfCmsOutage);
      // One CMS ping per cmsPingInterval for all agents, live as simulated (within one per interval of slack at each end).
      expect(Math.abs(livePings - simMetrics.cmsPings)).toBeLessThanOrEqual(2);
    },
    40_000,
  );
});
