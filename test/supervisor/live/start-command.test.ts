import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, hbctlProcess, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { startCms, stopCms, type TestCms } from '../cms/_harness.js';
import { AgentClient, sleep, waitFor } from '../http/harness.js';
import { metricsText, sample, startSupervisor, type RunningSupervisor } from './_start.js';

const FAST = join(ROOT, 'test/fixtures/live/fast.yaml');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);

async function cms(): Promise<TestCms> {
  const c = await startCms();
  cleanups.push(() => stopCms(c));
  return c;
}

async function supervisor(args: string[]): Promise<RunningSupervisor> {
  const s = await startSupervisor(args);
  cleanups.push(async () => void (await s.stop()));
  return s;
}

function agent(s: RunningSupervisor): AgentClient {
  const a = new AgentClient(`${s.url.replace('http:', 'ws:')}/agent`, { origin: s.url });
  cleanups.push(async () => a.close());
  return a;
}

/** Pings like a browser every `intervalMs` until the returned function is called. */
function keepPinging(a: AgentClient, session: string, intervalMs: number): () => void {
  let seq = 0;
  const timer = setInterval(() => a.send({ type: 'ping', session, seq: ++seq }), intervalMs);
  return () => clearInterval(timer);
}

describe('hbctl start', () => {
  it('refuses to start on error findings: exit 1, the findings on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbctl-start-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'bad.yaml'), readFileSync(FAST, 'utf8').replace('browserPingInterval: 1', 'browserPingInterval: 0'));
    const r = hbctlProcess(['start', '--listen', '127.0.0.1:0', 'bad.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ +error +HB100/);
    expect(r.stderr).toContain('not started');
    expect(r.stdout).toBe('');
  });

  it('a --listener name the configuration lacks is a usage error (exit 2)', () => {
    const r = hbctlProcess(['start', '--listen', '127.0.0.1:0', '--listener', 'NOPE=127.0.0.1:0', FAST], ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--listener NOPE: no WorkstationListener of that name');
  });

  it(
    'serves a browser end to end: login, acks, the CMS pinged once per interval for all agents, the watchdog log-off within lag + sleep, metrics, and a clean stop',
    async () => {
      const c = await cms();
      const s = await supervisor(['--cms', `127.0.0.1:${c.port}`, FAST]);
      const agents = [agent(s), agent(s), agent(s)];
      const welcomes = await Promise.all(agents.map((a, i) => a.login(`a${i}`, 'AGENT')));
      expect(welcomes[0]).toMatchObject({ type: 'welcome', mode: 'B+CMS', browserPingIntervalMs: 1000 });
      const stops = agents.map((a, i) => keepPinging(a, (welcomes[i] as { session: string }).session, 500));
      await agents[0]!.next('ack');
      await waitFor(() => c.events.filter((e) => e.event === 'login').length === 3, 3000, 'three CMS logins');

      const t0 = Date.now();
      const pings0 = c.server.counters.pingsAcked;
      await sleep(3000);
      const pings = c.server.counters.pingsAcked - pings0;
      expect(pings).toBeGreaterThanOrEqual(2);
      const elapsedS = (Date.now() - t0) / 1000;
      // Three agents share one lock: about one ping per second in all, not three.
      expect(pings).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);

      // a0's browser dies without goodbye: the watchdog logs it off within lag (2 s) + sleep (1 s) of its last ping.
      stops[0]!();
      const lastPingAt = Date.now();
      agents[0]!.ws.terminate();
      const off = await s.waitForLine('a0 logged off', (l) => l.event === 'logoff' && l['agent'] === 'a0', 6000);
      expect(off['reason']).toBe('watchdog');
      expect(Date.now() - lastPingAt).toBeLessThanOrEqual(3000 + 1000);
      await waitFor(() => c.events.some((e) => e.event === 'logoff' && e.fields['agent'] === 'a0'), 2000, 'the CMS to hear of the log-off');

      const metrics = await metricsText(s.url);
      expect(sample(metrics, 'hbctl_agents_logged_in{role="AGENT"}')).toBe(2);
      expect(sample(metrics, 'hbctl_logoffs_total{reason="watchdog"}')).toBe(1);
      expect(sample(metrics, 'hbctl_cms_available{cms="CMS"}')).toBe(1);
      expect(sample(metrics, 'hbctl_cms_pings_total{cms="CMS"}')).toBeGreaterThan(0);
      expect(sample(metrics, 'hbctl_browser_pings_total')).toBeGreaterThan(0);

      stops.slice(1).forEach((stop) => stop());
      const stopped = await s.stop();
      expect(stopped.exitCode).toBe(0);
      expect(stopped.elapsedMs).toBeLessThan(5000);
      const shutdowns = c.events.filter((e) => e.event === 'logoff' && e.fields['reason'] === 'shutdown').map((e) => e.fields['agent']);
      expect(shutdowns.sort()).toEqual(['a1', 'a2']);
    },
    30_000,
  );

  it(
    'a CMS outage reaches the browsers as the error message, and its end as the recovery notice',
    async () => {
      const c = await cms();
      const s = await supervisor(['--cms', `127.0.0.1:${c.port}`, FAST]);
      const a = agent(s);
      const welcome = await a.login('a1', 'AGENT');
      const stop = keepPinging(a, welcome.session, 400);
      cleanups.push(async () => stop());
      c.server.setOutage(true);
      const down = await a.next('cmsStatus', 6000);
      expect(down).toMatchObject({ cms: 'CMS', available: false });
      c.server.setOutage(false);
      const up = await a.next('cmsStatus', 6000);
      expect(up).toMatchObject({ cms: 'CMS', available: true });
      expect(sample(await metricsText(s.url), 'hbctl_cms_available{cms="CMS"}')).toBe(1);
    },
    30_000,
  );

  it(
    'SIGHUP: a broken configuration is rejected and the old one stays; a valid change is applied; sessions survive both',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hbctl-reload-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'live.yaml');
      copyFileSync(FAST, file);
      const c = await cms();
      const s = await supervisor(['--cms', `127.0.0.1:${c.port}`, file]);
      const a = agent(s);
      const welcome = await a.login('a1', 'AGENT');
      const stop = keepPinging(a, welcome.session, 400);
      cleanups.push(async () => stop());

      writeFileSync(file, readFileSync(FAST, 'utf8').replace('heartbeatWatchdogLag: 2', 'heartbeatWatchdogLag: nonsense'));
      s.child.kill('SIGHUP');
      const rejected = await s.waitForLine('reload rejected', (l) => l.event === 'reload-rejected');
      expect(rejected['trigger']).toBe('SIGHUP');
      expect(s.lines.some((l) => l.event === 'reload-finding' && typeof l['rule'] === 'string')).toBe(true);

      writeFileSync(file, readFileSync(FAST, 'utf8').replace('heartbeatWatchdogLag: 2', 'heartbeatWatchdogLag: 3'));
      s.child.kill('SIGHUP');
      const applied = await s.waitForLine('reload applied', (l) => l.event === 'reload-applied');
      expect(applied['carried']).toBe(1);
      await sleep(2500);
      expect(s.lines.some((l) => l.event === 'logoff')).toBe(false);
      const metrics = await metricsText(s.url);
      expect(sample(metrics, 'hbctl_config_reloads_total{result="rejected"}')).toBe(1);
      expect(sample(metrics, 'hbctl_config_reloads_total{result="applied"}')).toBe(1);
      expect(sample(metrics, 'hbctl_agents_logged_in{role="AGENT"}')).toBe(1);
      // Only one CMS login: the reload kept the connection and the session.
      expect(c.events.filter((e) => e.event === 'login').length).toBe(1);
    },
    30_000,
  );

  it(
    '--with-cms --browsers N: the built-in CMS and simulated browsers run beside it, prefixed, and stop with it',
    async () => {
      const s = await supervisor(['--with-cms', '--browsers', '3', FAST]);
      await waitFor(() => s.lines.filter((l) => l.event === 'login').length === 3, 8000, 'three browsers logged in');
      expect(s.text.some((l) => l.startsWith('[cms] hbctl cms listening on 127.0.0.1:'))).toBe(true);
      await waitFor(() => s.text.some((l) => l.startsWith('[browsers] ') && l.includes('"event":"login"')), 5000, 'browser output');
      const stopped = await s.stop();
      expect(stopped.exitCode).toBe(0);
      expect(s.text.some((l) => l.startsWith('[browsers] ') && l.includes('"summary"'))).toBe(true);
    },
    30_000,
  );

  it(
    '--compiled FILE runs the output of hbctl compile; --watch reloads when the file changes',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hbctl-compiled-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const compiled = join(dir, 'runtime.json');
      expect(hbctlProcess(['compile', FAST, '-o', compiled], ROOT).status).toBe(0);
      const c = await cms();
      const s = await supervisor(['--cms', `127.0.0.1:${c.port}`, '--compiled', compiled, '--watch']);
      const started = s.lines.find((l) => l.event === 'started');
      expect(started?.['hash']).toBe((JSON.parse(readFileSync(compiled, 'utf8')) as { hash: string }).hash);
      const a = agent(s);
      const welcome = await a.login('a1', 'AGENT');
      expect(welcome).toMatchObject({ mode: 'B+CMS' });
      const stop = keepPinging(a, welcome.session, 400);
      cleanups.push(async () => stop());

      const changed = join(dir, 'changed.yaml');
      writeFileSync(changed, readFileSync(FAST, 'utf8').replace('heartbeatWatchdogLag: 2', 'heartbeatWatchdogLag: 4'));
      expect(hbctlProcess(['compile', changed, '-o', compiled], ROOT).status).toBe(0);
      const applied = await s.waitForLine('reload applied by --watch', (l) => l.event === 'reload-applied');
      expect(applied['trigger']).toBe('watch');
      expect(applied['hash']).not.toBe(started?.['hash']);
      // A second atomic replace is seen too (the watch is on the directory, not the replaced inode).
      writeFileSync(changed, readFileSync(FAST, 'utf8').replace('heartbeatWatchdogLag: 2', 'heartbeatWatchdogLag: 5'));
      expect(hbctlProcess(['compile', changed, '-o', compiled], ROOT).status).toBe(0);
      await s.waitForLine('a second reload', (l) => l.event === 'reload-applied' && l['hash'] !== applied['hash']);
      expect(s.lines.some((l) => l.event === 'logoff')).toBe(false);
    },
    30_000,
  );
});
