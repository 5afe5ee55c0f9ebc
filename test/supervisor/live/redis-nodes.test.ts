import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuild, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { startCms, stopCms, type TestCms } from '../cms/_harness.js';
import { AgentClient, sleep, waitFor } from '../http/harness.js';
import { inspector, keysUnder } from '../../store/redis/helpers.js';
import { RedisServer, redisAvailability } from '../../store/redis/redis-server.js';
import { CmsTap } from './_cms-tap.js';
import { metricsText, sample, startSupervisor, type LogLine, type RunningSupervisor } from './_start.js';

/**
 * hbctl issue 9 §2 and §3: several `hbctl start` processes on one real
 * redis-server share the CMS table and take each other's agents over; a node
 * that loses Redis runs on its own and resynchronises when it returns.
 * Config test/fixtures/live/fast.yaml: ping 1 s, sleep 1 s, lag 2 s, CMS ping
 * interval 1 s, ack timeout 1 s (so the CMS lock lives 2 s).
 */
const FAST = join(ROOT, 'test/fixtures/live/fast.yaml');
const SLEEP_MS = 1000;
const LAG_MS = 2000;
const ACK_TIMEOUT_MS = 1000;
const LOCK_TTL_MS = ACK_TIMEOUT_MS + 1000;
/** Timers of a loaded machine fire late; every bound below allows this much. */
const SLACK_MS = 700;
const AGENT_KEYS = 'hbctl:agent:';

const availability = redisAvailability();
if (!availability.run) console.warn(`hbctl start on Redis tests ${availability.skipMessage}`);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);

async function redis(): Promise<RedisServer> {
  const server = await RedisServer.start();
  cleanups.push(() => server.stop());
  return server;
}

function look(server: RedisServer): Redis {
  const client = inspector(server);
  cleanups.push(async () => client.disconnect());
  return client;
}

async function cms(): Promise<TestCms> {
  const c = await startCms();
  cleanups.push(() => stopCms(c));
  return c;
}

async function tap(c: TestCms): Promise<CmsTap> {
  const t = await CmsTap.start(c.port);
  cleanups.push(() => t.stop());
  return t;
}

async function node(store: RedisServer, cmsPort: number): Promise<RunningSupervisor> {
  const s = await startSupervisor(['--store', store.url, '--cms', `127.0.0.1:${cmsPort}`, FAST]);
  cleanups.push(async () => void (await s.stop()));
  return s;
}

async function statusOf(s: RunningSupervisor): Promise<{ store?: { kind: string; up: boolean; errors: number } }> {
  return (await (await fetch(`${s.url}/status.json`)).json()) as { store?: { kind: string; up: boolean; errors: number } };
}

async function storeUp(s: RunningSupervisor): Promise<boolean> {
  return (await statusOf(s).catch(() => ({ store: undefined }))).store?.up === true;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface PingingAgent {
  client: AgentClient;
  acks(): number;
  /** The browser dies: no more pings, the connection dropped without goodbye. */
  crash(): void;
}

/** An agent logged in on `s` that pings every 500 ms until crashed or the test ends. */
async function pingingAgent(s: RunningSupervisor, agentId: string): Promise<PingingAgent> {
  const client = new AgentClient(`${s.url.replace('http:', 'ws:')}/agent`, { origin: s.url });
  const welcome = await client.login(agentId, 'AGENT');
  let seq = 0;
  const timer = setInterval(() => client.ws.readyState === client.ws.OPEN && client.send({ type: 'ping', session: welcome.session, seq: ++seq }), 500);
  const crash = (): void => {
    clearInterval(timer);
    client.ws.terminate();
  };
  cleanups.push(async () => crash());
  return { client, acks: () => client.received.filter((m) => m.type === 'ack').length, crash };
}

const logoffs = (s: RunningSupervisor): LogLine[] => s.lines.filter((l) => l.event === 'logoff');

describe.runIf(availability.run)('hbctl start: three nodes on one redis-server (hbctl issue 9 §2)', () => {
  it(
    'the CMS is pinged about once per cmsPingInterval in total, and an outage reaches the agents of every node within one sleep time of its detection',
    async () => {
      const store = await redis();
      const c = await cms();
      const taps = [await tap(c), await tap(c), await tap(c)];
      const nodes = await Promise.all(taps.map((t) => node(store, t.port)));
      await until('every node on the store', async () => (await Promise.all(nodes.map(storeUp))).every(Boolean), 10_000);
      const agents = await Promise.all(nodes.flatMap((s, n) => [pingingAgent(s, `n${n}a`), pingingAgent(s, `n${n}b`)]));
      await waitFor(() => c.events.filter((e) => e.event === 'login').length === 6, 5000, 'six CMS logins');

      await sleep(1500);
      const t0 = Date.now();
      const acked0 = c.server.counters.pingsAcked;
      await sleep(6000);
      const elapsedS = (Date.now() - t0) / 1000;
      const pings = c.server.counters.pingsAcked - acked0;
      const perNode = taps.map((t) => t.pingsSince(t0));
      // One shared lock: about one ping per interval in all (three nodes on their own would ping three times as often).
      expect(pings).toBeGreaterThanOrEqual(Math.floor(elapsedS) - 2);
      expect(pings).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);
      expect(perNode.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);
      console.info(`3 nodes, ${elapsedS.toFixed(1)} s: ${pings} CMS pings (per node ${perNode.join(', ')})`);

      c.server.setOutage(true);
      const told = await Promise.all(agents.map((a) => a.client.next('cmsStatus', 8000)));
      expect(told.every((m) => m.available === false)).toBe(true);
      const detections = nodes.flatMap((s) => s.lines.filter((l) => l.event === 'cms-unavailable').map((l) => l['atMs'] as number));
      expect(detections.length).toBeGreaterThan(0);
      const detectedAtMs = Math.min(...detections);
      const lateness = told.map((m) => m.serverTimeMs - detectedAtMs);
      const toldPerNode = [0, 1, 2].map((n) => Math.min(lateness[2 * n]!, lateness[2 * n + 1]!));
      console.info(`outage detected; told on each node ${toldPerNode.join(', ')} ms after, every agent within ${Math.max(...lateness)} ms`);
      // The news reaches every node within one sleep time; an agent whose own watchdog pings again hears its own ping's outcome (sleep + ack timeout at most).
      for (const ms of toldPerNode) expect(ms).toBeLessThanOrEqual(SLEEP_MS + SLACK_MS);
      for (const ms of lateness) expect(ms).toBeLessThanOrEqual(SLEEP_MS + ACK_TIMEOUT_MS + SLACK_MS);
      expect(nodes.flatMap(logoffs)).toEqual([]);
    },
    40_000,
  );

  it(
    'SIGKILL of the node holding the CMS lock delays the next CMS ping by at most the lock TTL',
    async () => {
      const store = await redis();
      const c = await cms();
      const taps = [await tap(c), await tap(c), await tap(c)];
      const nodes = await Promise.all(taps.map((t) => node(store, t.port)));
      await until('every node on the store', async () => (await Promise.all(nodes.map(storeUp))).every(Boolean), 10_000);
      await Promise.all(nodes.map((s, n) => pingingAgent(s, `k${n}`)));
      await waitFor(() => c.events.filter((e) => e.event === 'login').length === 3, 5000, 'three CMS logins');
      // A slow CMS: each ack takes 600 ms (within the 1 s ack timeout), so the pinging node holds the lock that long.
      for (const t of taps) t.replyDelayMs = 600;
      await sleep(2500);

      const killed = await new Promise<{ index: number; pingAtMs: number }>((resolve) => {
        taps.forEach((t, index) => {
          t.onPing = (pingAtMs) => {
            for (const other of taps) other.onPing = null;
            nodes[index]!.child.kill('SIGKILL');
            resolve({ index, pingAtMs });
          };
        });
      });
      const survivors = taps.filter((_, i) => i !== killed.index);
      await waitFor(() => survivors.some((t) => t.pingsSince(killed.pingAtMs + 1) > 0), LOCK_TTL_MS + SLEEP_MS + 3000, 'a ping by another node');
      const nextAtMs = Math.min(...survivors.flatMap((t) => t.pingsAtMs.filter((x) => x > killed.pingAtMs)));
      const gapMs = nextAtMs - killed.pingAtMs;
      console.info(`lock holder killed mid-ping; next CMS ping ${gapMs} ms later (lock TTL ${LOCK_TTL_MS} ms, sleep ${SLEEP_MS} ms)`);
      // The others wait for the dead holder's lock to expire (so they never ping in parallel) and no longer.
      expect(gapMs).toBeGreaterThanOrEqual(LOCK_TTL_MS - 500);
      expect(gapMs).toBeLessThanOrEqual(LOCK_TTL_MS + SLEEP_MS + SLACK_MS);
    },
    40_000,
  );

  it(
    'hbctl browsers --url U1,U2,U3 fails over to the next URL when its node is killed, its agents are not logged off, and after they log off Redis holds no agent keys',
    async () => {
      const store = await redis();
      const client = look(store);
      const c = await cms();
      const nodes = [await node(store, c.port), await node(store, c.port), await node(store, c.port)];
      await until('every node on the store', async () => (await Promise.all(nodes.map(storeUp))).every(Boolean), 10_000);
      const urls = nodes.map((s) => s.url).join(',');
      const browsers = execa(process.execPath, [BIN, 'browsers', '--url', urls, '--count', '4', '--role', 'AGENT', '--prefix', 'fo-', '--relogin-after', 'never', '--spread', '200ms'], {
        cwd: ROOT,
        env: plainEnv(),
        reject: false,
        stdin: 'ignore',
      });
      cleanups.push(async () => void (browsers.exitCode === null && browsers.kill('SIGKILL')));
      const events: LogLine[] = [];
      createInterface({ input: browsers.stdout }).on('line', (raw) => {
        try {
          events.push(JSON.parse(raw) as LogLine);
        } catch {
          // not an event line
        }
      });
      const count = (event: string): number => events.filter((e) => e.event === event).length;
      await waitFor(() => count('login') === 4, 10_000, 'four browsers logged in');
      expect(events.filter((e) => e.event === 'login').every((e) => e['url'] === nodes[0]!.url)).toBe(true);
      await waitFor(() => nodes[0]!.lines.filter((l) => l.event === 'login').length === 4, 3000, 'four logins on the first node');
      await sleep(1500);
      expect((await keysUnder(client, AGENT_KEYS)).length).toBe(4);

      const killedAtMs = Date.now();
      nodes[0]!.child.kill('SIGKILL');
      await waitFor(() => count('reconnect') === 4, 8000, 'four browsers reconnected');
      const reconnects = events.filter((e) => e.event === 'reconnect');
      expect(reconnects.every((e) => e['url'] === nodes[1]!.url && e['resumed'] === true)).toBe(true);
      expect(count('failover')).toBe(4);
      const takeovers = nodes[1]!.lines.filter((l) => l.event === 'takeover');
      expect(takeovers.map((l) => l['agent']).sort()).toEqual(['fo-0001', 'fo-0002', 'fo-0003', 'fo-0004']);
      const failoverMs = Math.max(...reconnects.map((e) => (e['atMs'] as number) - killedAtMs));
      console.info(`node killed; 4 browsers back on the next node within ${failoverMs} ms (down ${reconnects.map((e) => e['downMs']).join(', ')} ms)`);
      expect(failoverMs).toBeLessThanOrEqual(LAG_MS);

      // Longer than lag + sleep: a session that were not taken over would be logged off by now.
      await sleep(LAG_MS + SLEEP_MS + 1000);
      expect(count('loggedOff')).toBe(0);
      expect(nodes[1]!.lines.filter((l) => l.event === 'login' || l.event === 'logoff')).toEqual([]);
      const metrics = await metricsText(nodes[1]!.url);
      expect(sample(metrics, 'hbctl_agents_logged_in{role="AGENT"}')).toBe(4);
      expect(sample(metrics, 'hbctl_logoffs_total{reason="watchdog"}')).toBe(0);
      const cmsLoginsFromNode2 = c.events.filter((e) => e.event === 'login' && typeof e.fields['agent'] === 'string' && (e.fields['agent'] as string).startsWith('fo-'));
      expect(cmsLoginsFromNode2.length).toBe(8);

      browsers.kill('SIGTERM');
      const r = await browsers;
      expect(r.exitCode).toBe(0);
      await waitFor(() => logoffs(nodes[1]!).length === 4, 3000, 'four log-offs (goodbye)');
      expect(logoffs(nodes[1]!).every((l) => l['reason'] === 'client')).toBe(true);
      // Deleted at log-off, well before the keys' TTL (lag + sleep = 3 s) would have removed them.
      const loggedOffAtMs = Date.now();
      await until('no agent keys', async () => (await keysUnder(client, AGENT_KEYS)).length === 0, 1000);
      expect(Date.now() - loggedOffAtMs).toBeLessThan(LAG_MS + SLEEP_MS);
    },
    40_000,
  );
  it(
    'an agent that moves to another node while its node still runs is taken over; the first node leaves the CMS session to the new one',
    async () => {
      const store = await redis();
      const c = await cms();
      const [a, b] = [await node(store, c.port), await node(store, c.port)] as [RunningSupervisor, RunningSupervisor];
      await until('both nodes on the store', async () => (await storeUp(a)) && (await storeUp(b)), 10_000);
      await pingingAgent(a, 'mover');
      await pingingAgent(a, 'stayer');
      await waitFor(() => c.events.filter((e) => e.event === 'login').length === 2, 5000, 'two CMS logins');
      await sleep(1200);

      const moved = new AgentClient(`${b.url.replace('http:', 'ws:')}/agent`, { origin: b.url });
      cleanups.push(async () => moved.ws.terminate());
      expect(await moved.login('mover', 'AGENT')).toMatchObject({ resumed: true });
      await b.waitForLine('takeover of mover', (l) => l.event === 'takeover' && l['agent'] === 'mover', 3000);
      await waitFor(() => c.events.some((e) => e.event === 'logoff' && e.fields['agent'] === 'mover' && e.fields['reason'] === 'loginElsewhere'), 3000, 'the CMS to move mover');
      await sleep(500);
      // The first node took the CMS's word and sent no log-off for an agent it no longer holds.
      expect(c.events.filter((e) => e.event === 'badMessage' || e.event === 'connectionClosed')).toEqual([]);
      expect(c.events.filter((e) => e.event === 'logoff').map((e) => e.fields['agent'])).toEqual(['mover']);
      expect(c.events.filter((e) => e.event === 'login').map((e) => e.fields['agent'])).toEqual(['mover', 'stayer', 'mover']);
      // The first node's face ends the moved session too (reason `replaced`): its gauge and log say so.
      const ended = await a.waitForLine('mover ended on the first node', (l) => l.event === 'logoff' && l['agent'] === 'mover', 3000);
      expect(ended['reason']).toBe('replaced');
      expect(sample(await metricsText(a.url), 'hbctl_agents_logged_in{role="AGENT"}')).toBe(1);
    },
    40_000,
  );
});

describe.runIf(availability.run)('hbctl start: Redis unreachable or restarted (hbctl issue 9 §3)', () => {
  it(
    'keeps acknowledging pings and running watchdogs, logs nobody off for its own outage, falls back to a node-local CMS lock, reports the store degraded, and resynchronises when Redis returns',
    async () => {
      const store = await redis();
      const client = look(store);
      const c = await cms();
      const taps = [await tap(c), await tap(c)];
      const nodes = await Promise.all(taps.map((t) => node(store, t.port)));
      await until('both nodes on the store', async () => (await Promise.all(nodes.map(storeUp))).every(Boolean), 10_000);
      const [a, b] = nodes as [RunningSupervisor, RunningSupervisor];
      const stays = [await pingingAgent(a, 'd-a1'), await pingingAgent(b, 'd-b1')];
      const doomed = await pingingAgent(a, 'd-a2');
      await sleep(1500);
      expect(sample(await metricsText(a.url), 'hbctl_store_up')).toBe(1);

      await store.kill();
      await until('both nodes degraded', async () => (await Promise.all(nodes.map(storeUp))).every((up) => !up), 5000);
      const health = await fetch(`${a.url}/healthz`);
      expect(health.status).toBe(200);
      const body = await health.text();
      expect(body).toMatch(/^degraded\nstore: redis unreachable since /);
      expect((await statusOf(a)).store).toMatchObject({ kind: 'redis', up: false });
      expect(sample(await metricsText(a.url), 'hbctl_store_up')).toBe(0);
      await until('store errors counted', async () => (sample(await metricsText(a.url), 'hbctl_store_errors_total') ?? 0) > 0, 3000);
      expect(a.lines.some((l) => l.event === 'store-down')).toBe(true);

      // Degraded: pings are still acknowledged; a browser that dies is still found by its watchdog.
      const acks0 = stays.map((x) => x.acks());
      const t0 = Date.now();
      doomed.crash();
      const off = await a.waitForLine('d-a2 logged off', (l) => l.event === 'logoff' && l['agent'] === 'd-a2', LAG_MS + SLEEP_MS + 3000);
      expect(off['reason']).toBe('watchdog');
      expect(Date.now() - t0).toBeLessThanOrEqual(LAG_MS + SLEEP_MS + SLACK_MS + 500);
      await sleep(Math.max(0, 5000 - (Date.now() - t0)));
      const elapsedS = (Date.now() - t0) / 1000;
      stays.forEach((x, i) => expect(x.acks() - acks0[i]!).toBeGreaterThanOrEqual(Math.floor(elapsedS)));
      // A node-local lock: each node pings the CMS at most once per interval on its own.
      const perNode = taps.map((t) => t.pingsSince(t0));
      console.info(`Redis down, ${elapsedS.toFixed(1)} s: CMS pings per node ${perNode.join(', ')}`);
      for (const pings of perNode) {
        expect(pings).toBeGreaterThanOrEqual(1);
        expect(pings).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);
      }
      expect(nodes.flatMap(logoffs).map((l) => l['agent'])).toEqual(['d-a2']);

      await store.restart();
      await until('both nodes back on the store', async () => (await Promise.all(nodes.map(storeUp))).every(Boolean), 8000);
      expect(sample(await metricsText(b.url), 'hbctl_store_up')).toBe(1);
      expect(b.lines.some((l) => l.event === 'store-up')).toBe(true);
      // Resynchronised: the restarted (empty) Redis holds the live agents' pings and the CMS entry again.
      await until(
        'the live agents written back',
        async () => (await keysUnder(client, AGENT_KEYS)).join(' ') === 'hbctl:agent:{d-a1}:ping hbctl:agent:{d-b1}:ping',
        3000,
      );
      await until('the CMS entry written back', async () => (await client.hget('hbctl:{CMS}:cms', 'lastAckMs')) !== null, 3000);
      // One shared lock again: about one ping per interval for both nodes together.
      await sleep(1500);
      const t1 = Date.now();
      await sleep(4000);
      const sharedS = (Date.now() - t1) / 1000;
      const together = taps.reduce((n, t) => n + t.pingsSince(t1), 0);
      expect(together).toBeLessThanOrEqual(Math.ceil(sharedS) + 2);
      expect(nodes.flatMap(logoffs).map((l) => l['agent'])).toEqual(['d-a2']);
    },
    40_000,
  );

  it(
    'a node whose Redis is unreachable from the start serves agents all the same and says it is degraded',
    async () => {
      const store = await redis();
      await store.kill();
      const c = await cms();
      const s = await node(store, c.port);
      const agent = await pingingAgent(s, 'solo');
      await waitFor(() => agent.acks() >= 2, 3000, 'two acks');
      await until('the store reported degraded', async () => (await statusOf(s)).store?.up === false, 5000);
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toMatch(/^degraded\n/);
      expect(sample(await metricsText(s.url), 'hbctl_store_up')).toBe(0);
    },
    40_000,
  );
});
