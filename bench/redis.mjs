#!/usr/bin/env node
// Benchmark of the Redis store (run `npm run build` first).
//
//   node bench/redis.mjs                      10,000 agents over 3 nodes, 20 s, then the in-process baseline
//   node bench/redis.mjs --agents 10000 --nodes 3 --seconds 20
//
// Each node is a store instance (its own two Redis connections, CMS table,
// write-behind, heartbeat table and CmsCheck) on a RealClock; the three run
// in this one process against one redis-server started on a free loopback
// port (no persistence). Browsers ping every 5 s in real time, spread evenly,
// so 10,000 agents make 2,000 pings/s. Watchdogs wake every 10 s (each
// reads its node's table and runs the CMS check). The CMS check is time-
// compressed: a CMS ping interval of 2 s instead of a production 30-60 s, so
// that a 20 s run holds ten CMS pings; per ping it costs the same commands.
// The CMS acks after 2 ms.
//
// Baseline: the same agents, pings and wakes on one node with the in-process
// store (what `hbctl start` uses without --store), in the same run.
//
// Printed: Redis commands sent, round trips and agent key writes per browser
// ping (a flush is one EVALSHA whose script runs one SET per agent), and
// commands and round trips per watchdog wake, commands/s, CMS pings (with the count one-per-interval would give),
// and the node process's CPU time per 1,000 pings. The commands the server
// processed (INFO stats, total_commands_processed) are printed beside the
// client's count as a check.
import { parseArgs } from 'node:util';
import { startRedisServer } from './redis-server.mjs';

const DIST = new URL('../dist/', import.meta.url);
const { createStore, InProcessHeartbeatTable } = await import(new URL('store/index.js', DIST).href);
const { CmsCheck } = await import(new URL('engine/cms-check.js', DIST).href);
const { RealClock } = await import(new URL('supervisor/real-clock.js', DIST).href);

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
  },
});
const AGENTS = Number(args.agents);
const NODES = Number(args.nodes);
const DURATION_MS = Number(args.seconds) * 1000;
const PING_INTERVAL_MS = 5000;
const WATCHDOG_SLEEP_MS = 10_000;
const LAG_MS = 15_000;
const CMS_PING_INTERVAL_MS = 2000;
const ACK_TIMEOUT_MS = 1000;
const TICK_MS = 10;

/** Calls `fn(i)` for each of `count` items once per `periodMs`, spread evenly, on a TICK_MS loop. */
function spread(count, periodMs, startMs, fn) {
  let next = 0;
  let cycle = 0;
  return (nowMs) => {
    const elapsed = nowMs - startMs;
    while (true) {
      const dueMs = cycle * periodMs + (next * periodMs) / count;
      if (dueMs > elapsed) return;
      fn(next);
      if (++next === count) {
        next = 0;
        cycle++;
      }
    }
  };
}

const session = { tellCmsStatus() {} };

async function run(url, nodes) {
  const cms = { pings: 0, ping(_name, onAck) { this.pings++; setTimeout(onAck, 2); } };
  const stores = [];
  const setups = [];
  for (let n = 0; n < nodes; n++) {
    const clock = new RealClock();
    const created = createStore(url, { clock, pingTtlMs: LAG_MS + WATCHDOG_SLEEP_MS, cmsNames: ['cms'] });
    if (!created.ok) throw new Error(created.message);
    const store = created.store;
    await new Promise((resolve) => store.ready(resolve));
    const table = new InProcessHeartbeatTable(Math.ceil(AGENTS / nodes), store.writeBehind);
    const check = new CmsCheck(clock, store.cmsTable, cms, { cmsPingIntervalMs: CMS_PING_INTERVAL_MS, ackTimeoutMs: ACK_TIMEOUT_MS });
    stores.push(store);
    setups.push({ clock, store, table, check });
  }
  const before = stores.map((s) => s.traffic());
  const beforeWrites = stores.map((s) => ({ ...(s.writeBehind.sent ?? { commands: 0, roundTrips: 0, keyWrites: 0 }) }));
  const counts = { pings: 0, wakes: 0, logOffs: 0 };
  const startMs = Date.now();
  const cpuBefore = process.cpuUsage();
  // Agent i lives on node i % nodes, as agent number floor(i / nodes) there.
  const pinger = spread(AGENTS, PING_INTERVAL_MS, startMs, (i) => {
    counts.pings++;
    setups[i % nodes].table.recordBrowserPing(Math.floor(i / nodes), Date.now());
  });
  const waker = spread(AGENTS, WATCHDOG_SLEEP_MS, startMs, (i) => {
    counts.wakes++;
    const { table, check } = setups[i % nodes];
    const last = table.lastBrowserPing(Math.floor(i / nodes));
    if (last !== undefined && Date.now() - last > LAG_MS) counts.logOffs++;
    check.onWake(session, 'cms');
  });
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const nowMs = Date.now();
      pinger(nowMs);
      waker(nowMs);
      if (nowMs - startMs >= DURATION_MS) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(stores.map((s) => new Promise((resolve) => (s.writeBehind.flush ? s.writeBehind.flush(resolve) : resolve()))));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = Date.now() - startMs;
  const after = stores.map((s) => s.traffic());
  const sum = (list, f) => list.reduce((t, x, i) => t + f(x, i), 0);
  const commands = sum(after, (a, i) => a.commands - before[i].commands);
  const roundTrips = sum(after, (a, i) => a.roundTrips - before[i].roundTrips);
  const pingCommands = sum(stores, (s, i) => (s.writeBehind.sent?.commands ?? 0) - beforeWrites[i].commands);
  const pingRoundTrips = sum(stores, (s, i) => (s.writeBehind.sent?.roundTrips ?? 0) - beforeWrites[i].roundTrips);
  const pingKeyWrites = sum(stores, (s, i) => (s.writeBehind.sent?.keyWrites ?? 0) - beforeWrites[i].keyWrites);
  for (const { check, clock } of setups) {
    check.stop();
    clock.cancelAll();
  }
  await Promise.all(stores.map((s) => new Promise((resolve) => s.close(resolve))));
  return { ...counts, cmsPings: cms.pings, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, commands, roundTrips, pingCommands, pingRoundTrips, pingKeyWrites };
}

async function serverCommands(port) {
  const { Redis } = await import('ioredis');
  const client = new Redis({ port, host: '127.0.0.1' });
  const info = await client.info('stats');
  client.disconnect();
  return Number(/total_commands_processed:(\d+)/.exec(info)[1]);
}

function report(label, r) {
  const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const seconds = r.elapsedMs / 1000;
  console.log(`${label}`);
  console.log(`  browser pings          ${r.pings} (${f(r.pings / seconds, 0)}/s), watchdog wakes ${r.wakes}, log-offs ${r.logOffs}`);
  console.log(`  per browser ping       ${f(r.pingCommands / r.pings, 4)} commands sent, ${f(r.pingRoundTrips / r.pings, 4)} round trips, ${f(r.pingKeyWrites / r.pings)} key writes (SET … PX run by the flush script)`);
  const cmsCommands = r.commands - r.pingCommands;
  const cmsRoundTrips = r.roundTrips - r.pingRoundTrips;
  console.log(`  per watchdog wake      ${f(cmsCommands / r.wakes, 5)} commands, ${f(cmsRoundTrips / r.wakes, 5)} round trips (${cmsCommands} CMS-table commands in all)`);
  console.log(`  store commands/s       ${f(r.commands / seconds, 0)} (${f(r.roundTrips / seconds, 0)} round trips/s)`);
  console.log(`  CMS pings              ${r.cmsPings} (one per ${CMS_PING_INTERVAL_MS} ms interval would be ${Math.floor(r.elapsedMs / CMS_PING_INTERVAL_MS)})`);
  console.log(`  CPU (this process)     ${f((r.cpuMs / r.pings) * 1000, 1)} ms per 1,000 pings`);
}

console.log(`${AGENTS} agents over ${NODES} nodes (store instances in one process), pings every ${PING_INTERVAL_MS / 1000} s, ` +
  `watchdog sleep ${WATCHDOG_SLEEP_MS / 1000} s, CMS ping interval ${CMS_PING_INTERVAL_MS / 1000} s (time-compressed), ${DURATION_MS / 1000} s of wall time`);
const redis = await startRedisServer();
try {
  const serverBefore = await serverCommands(redis.port);
  const withRedis = await run(`redis://127.0.0.1:${redis.port}/0`, NODES);
  const serverAfter = await serverCommands(redis.port);
  report(`Redis store, ${NODES} nodes`, withRedis);
  console.log(`  server-side check      ${serverAfter - serverBefore - 1} commands processed (${withRedis.commands} sent + ${withRedis.pingKeyWrites} SETs/DELs run inside flush scripts, + the commands the CMS scripts run and connection set-up)`);
  const inProcess = await run('memory', 1);
  report('in-process store, 1 node (baseline)', inProcess);
} finally {
  redis.client.disconnect();
  redis.child.kill('SIGTERM');
}
