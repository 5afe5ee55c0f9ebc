#!/usr/bin/env node
// Benchmark of the live supervisor (`hbctl start`) under agent load; run
// `npm run build` first. Prints figures, asserts nothing (exit 0 even when a
// target is missed).
//
//   node bench/start.mjs                          N = 1,000 then 9,000, 20 s steady-state windows
//   node bench/start.mjs --sizes 1000 --window 10
//   node bench/start.mjs --only supervisor --cpu-prof   (profile in bench/.out/profiles/)
//
// For each N, two servers run in turn as child processes, each against the
// same load process (bench/start-load.mjs, also a child): N WebSockets on
// loopback, opened in bounded parallel batches, each logging in (`hello`) and
// pinging once a second (protocol v1).
// - the supervisor: `node bin/hbctl start bench/fixtures/start.yaml --listen
//   127.0.0.1:0 --with-cms` (mode B with the CMS check: every agent's watchdog
//   wakes every 2 s, the CMS is pinged every 2 s; the test CMS runs in its own
//   process, so its CPU is not counted; the supervisor's log goes to
//   bench/.out/start-supervisor.log);
// - the baseline: bench/start-baseline-server.mjs, a bare `ws` server that
//   parses each ping and answers with an ack of the same shape.
// Measured on the server process: CPU (utime + stime from /proc/PID/stat)
// over the steady-state window per 1,000 pings acknowledged in it; RSS
// (/proc/PID/status VmRSS, the median of samples every 0.5 s in the window)
// minus RSS before any connection, per connection. Ack latency p50/p99
// comes from the load process.
// Targets (issue 8): CPU per ping ≤ 1.5× the baseline's, memory per
// connection ≤ 2× the baseline's.
//
//   node bench/start.mjs --store redis            the supervisor with the Redis store against itself with the in-process store
//   node bench/start.mjs --store redis --sizes 10000 --interval 5000 --config bench/fixtures/start-5s.yaml
//
// With `--store redis` the baseline is the supervisor itself with the
// in-process store (`memory`, the default), and the second server is the same
// supervisor with `--store redis://127.0.0.1:PORT/0`, PORT a free loopback
// port of a `redis-server --save '' --appendonly no` this script starts (and
// flushes before each run). Also measured: the commands Redis processed in the
// window (INFO stats total_commands_processed, less this script's own INFO)
// per ping acknowledged, and redis-server's CPU per 1,000 pings.
// Target (issue 9): supervisor CPU per ping with Redis ≤ 1.3× the in-process store's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import { execa } from 'execa';
import Redis from 'ioredis';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,9000' },
    window: { type: 'string', default: '20' },
    settle: { type: 'string', default: '3' },
    parallel: { type: 'string', default: '200' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    store: { type: 'string' },
    interval: { type: 'string', default: '1000' },
    config: { type: 'string', default: 'bench/fixtures/start.yaml' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const OUT_DIR = `${ROOT}bench/.out`;
const PROFILE_DIR = `${OUT_DIR}/profiles`;
const CPU_TARGET = 1.5;
const RSS_TARGET = 2;
const REDIS_CPU_TARGET = 1.3;
if (values.store !== undefined && values.store !== 'redis') throw new Error(`--store takes "redis", not "${values.store}"`);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU ms (user + system) of a process so far. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Resident set size of a process, in KB. */
function rssKb(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? NaN : Number(match[1]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first JSON line of `stream` that `pick` accepts; keeps draining the rest. */
function lineWhere(stream, pick, what, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} line within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: stream });
    let found = false;
    lines.on('line', (line) => {
      if (found || !line.startsWith('{')) return;
      let o;
      try {
        o = JSON.parse(line);
      } catch {
        return;
      }
      const value = pick(o);
      if (value === undefined) return;
      found = true;
      clearTimeout(timer);
      resolve(value);
    });
    lines.on('close', () => {
      if (!found) reject(new Error(`the process ended before its ${what} line`));
    });
  });
}

/** Starts the supervisor with the given `--store` (none: the in-process default). */
const supervisorWith = (store, name) => () => startSupervisor(store, name);

async function startSupervisor(store, name = 'supervisor') {
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-interval', '2000', '--cpu-prof-dir', PROFILE_DIR] : [];
  if (values['cpu-prof']) mkdirSync(PROFILE_DIR, { recursive: true });
  // Its log goes to a file, as in production: a pipe the parent reads late would block its synchronous log writes.
  mkdirSync(OUT_DIR, { recursive: true });
  const logFile = `${OUT_DIR}/start-${name}.log`;
  writeFileSync(logFile, '');
  const child = execa(
    'node',
    [...nodeArgs, 'bin/hbctl', 'start', values.config, '--listen', '127.0.0.1:0', '--with-cms', ...(store === undefined ? [] : ['--store', store])],
    { cwd: ROOT, buffer: false, reject: false, stdin: 'ignore', stdout: { file: logFile }, stderr: 'ignore' },
  );
  const url = await startedUrl(logFile, child);
  return { name, child, url };
}

/** The URL of the supervisor's `started` log line, read from its log file. */
async function startedUrl(logFile, child) {
  let exited = false;
  void child.then(() => (exited = true));
  for (let waited = 0; waited < 30_000 && !exited; waited += 100) {
    await sleep(100);
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes('"started"')) continue;
      const o = JSON.parse(line);
      if (o.event === 'started') return o.url;
    }
  }
  throw new Error(`the supervisor wrote no started line (see ${logFile})`);
}

async function startBaseline() {
  const child = execa('node', ['bench/start-baseline-server.mjs'], { cwd: ROOT, buffer: false, reject: false, stdin: 'ignore', stderr: 'inherit' });
  const url = await lineWhere(child.stdout, (o) => (o.event === 'listening' ? o.url : undefined), 'listening');
  child.stdout.resume();
  return { name: 'baseline', child, url };
}

/** A free loopback port: listen on port 0, read it back, close. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server on a free loopback port, with no persistence, and a client to read its counters. */
async function startRedis() {
  const port = await freePort();
  const child = execa('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    buffer: false, reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit',
  });
  // The server takes a moment to listen: connect until it answers (10 s at most).
  for (let tries = 0; ; tries++) {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return { url: `redis://127.0.0.1:${port}/0`, port, child, client };
    } catch (error) {
      client.disconnect();
      if (tries >= 100) throw error;
      await sleep(100);
    }
  }
}

/** Commands Redis has processed so far. */
async function redisCommands(client) {
  const info = await client.info('stats');
  return Number(/^total_commands_processed:(\d+)/m.exec(info)[1]);
}

async function stop(child) {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child;
  clearTimeout(timer);
}

/** One server under N connections: its CPU per 1,000 acks, RSS per connection, and the load's latencies. */
async function measure(start, n, redis) {
  if (redis) await redis.client.flushall();
  const server = await start();
  const pid = server.child.pid;
  await sleep(1000);
  const rssIdleKb = rssKb(pid);
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/agent`;
  const load = execa(
    'node',
    ['bench/start-load.mjs', '--url', wsUrl, '--connections', String(n), '--window', values.window, '--settle', values.settle, '--parallel', values.parallel, '--interval', values.interval],
    { cwd: ROOT, buffer: false, reject: false, stdin: 'ignore', stderr: 'inherit' },
  );
  const result = await new Promise((resolve, reject) => {
    const out = { rssIdleKb };
    const rssSamples = [];
    let sampler;
    let redisStart;
    const lines = createInterface({ input: load.stdout });
    lines.on('line', (line) => {
      const o = JSON.parse(line);
      if (o.event === 'ready') Object.assign(out, { opened: o.opened, failed: o.failed, rampMs: o.rampMs });
      else if (o.event === 'window-start') {
        out.cpuStartMs = cpuMs(pid);
        out.wallStart = performance.now();
        if (redis) {
          out.redisCpuStartMs = cpuMs(redis.child.pid);
          redisStart = redisCommands(redis.client);
        }
        rssSamples.push(rssKb(pid));
        sampler = setInterval(() => rssSamples.push(rssKb(pid)), 500);
      } else if (o.event === 'window-end-mark') {
        out.cpuMs = cpuMs(pid) - out.cpuStartMs;
        out.wallMs = performance.now() - out.wallStart;
        if (redis) {
          out.redisCpuMs = cpuMs(redis.child.pid) - out.redisCpuStartMs;
          // The first INFO is counted in the delta; the second is not.
          out.redisCommands = Promise.all([redisStart, redisCommands(redis.client)]).then(([a, b]) => b - a - 1);
        }
        clearInterval(sampler);
        rssSamples.push(rssKb(pid));
        // RSS rises and falls with each garbage collection: the window's median is the steady state.
        out.rssKb = rssSamples.sort((a, b) => a - b)[Math.floor(rssSamples.length / 2)];
      } else if (o.event === 'window-end') {
        Object.assign(out, o);
        resolve(out);
      } else if (o.event === 'login-failed' && out.loginFailures === undefined) {
        out.loginFailures = o;
        process.stderr.write(`${server.name}: a login failed: ${JSON.stringify(o.frame)}\n`);
      }
    });
    lines.on('close', () => reject(new Error(`${server.name}: the load process ended early`)));
  });
  await load;
  await stop(server.child);
  if (result.redisCommands !== undefined) result.redisCommands = await result.redisCommands;
  return {
    name: server.name,
    ...result,
    cpuPer1000Ms: (result.cpuMs / result.acks) * 1000,
    rssPerConnKb: (result.rssKb - rssIdleKb) / result.opened,
    acksPerS: result.acks / (result.wallMs / 1000),
    ...(result.redisCommands === undefined
      ? {}
      : {
          redisCommandsPerPing: result.redisCommands / result.acks,
          redisCommandsPerS: result.redisCommands / (result.wallMs / 1000),
          redisCpuPer1000Ms: (result.redisCpuMs / result.acks) * 1000,
        }),
  };
}

const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const verdict = (ratio, target) => (Number.isNaN(ratio) ? '—' : ratio <= target ? 'MET' : 'NOT MET');

function table(n, sup, base) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  row('', 'supervisor', 'baseline', 'ratio', 'target');
  row('---', '---:', '---:', '---:', '---');
  const cpuRatio = sup && base ? sup.cpuPer1000Ms / base.cpuPer1000Ms : NaN;
  const rssRatio = sup && base ? sup.rssPerConnKb / base.rssPerConnKb : NaN;
  row('CPU ms per 1,000 pings', fmt(sup?.cpuPer1000Ms), fmt(base?.cpuPer1000Ms), fmt(cpuRatio, 2), `≤ ${CPU_TARGET}: ${verdict(cpuRatio, CPU_TARGET)}`);
  row('RSS KB per connection', fmt(sup?.rssPerConnKb), fmt(base?.rssPerConnKb), fmt(rssRatio, 2), `≤ ${RSS_TARGET}: ${verdict(rssRatio, RSS_TARGET)}`);
  row('ack latency p50 / p99 ms', `${fmt(sup?.p50Ms, 2)} / ${fmt(sup?.p99Ms, 2)}`, `${fmt(base?.p50Ms, 2)} / ${fmt(base?.p99Ms, 2)}`, '', '');
  row('pings acked / s', fmt(sup?.acksPerS, 0), fmt(base?.acksPerS, 0), '', '');
  row('CPU ms in window, RSS idle → loaded MB', cpuLine(sup), cpuLine(base), '', '');
  row('connections (failed), ramp s', rampLine(sup), rampLine(base), '', '');
  row('unanswered pings, other frames', extraLine(sup), extraLine(base), '', '');
  const behind = [sup, base].filter((r) => r && (r.unanswered > 0 || r.acksPerS < 0.95 * r.opened)).map((r) => r.name);
  const warning = behind.length === 0 ? '' : `\nwarning: ${behind.join(' and ')} fell behind the load (acks late or missing): the machine is busier than the load; rerun for figures\n`;
  return `N = ${n.toLocaleString('en-US')} connections, ${values.window} s window\n\n${rows.join('\n')}\n${warning}`;
}
const cpuLine = (r) => (r ? `${fmt(r.cpuMs, 0)}, ${fmt(r.rssIdleKb / 1024)} → ${fmt(r.rssKb / 1024)}` : '—');
const rampLine = (r) => (r ? `${r.opened} (${r.failed}), ${fmt(r.rampMs / 1000)}` : '—');
const extraLine = (r) => (r ? `${r.unanswered}, ${r.otherFrames}` : '—');

/** The supervisor with the Redis store against itself with the in-process store. */
function storeTable(n, mem, red) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  row('', 'Redis store', 'in-process store', 'ratio', 'target');
  row('---', '---:', '---:', '---:', '---');
  const cpuRatio = red.cpuPer1000Ms / mem.cpuPer1000Ms;
  row('supervisor CPU ms per 1,000 pings', fmt(red.cpuPer1000Ms), fmt(mem.cpuPer1000Ms), fmt(cpuRatio, 2), `≤ ${REDIS_CPU_TARGET}: ${verdict(cpuRatio, REDIS_CPU_TARGET)}`);
  row('Redis commands per ping', fmt(red.redisCommandsPerPing, 3), '0', '', '');
  row('Redis commands / s', fmt(red.redisCommandsPerS, 0), '0', '', '');
  row('redis-server CPU ms per 1,000 pings', fmt(red.redisCpuPer1000Ms), '—', '', '');
  row('RSS KB per connection', fmt(red.rssPerConnKb), fmt(mem.rssPerConnKb), fmt(red.rssPerConnKb / mem.rssPerConnKb, 2), '');
  row('ack latency p50 / p99 ms', `${fmt(red.p50Ms, 2)} / ${fmt(red.p99Ms, 2)}`, `${fmt(mem.p50Ms, 2)} / ${fmt(mem.p99Ms, 2)}`, '', '');
  row('pings acked / s', fmt(red.acksPerS, 0), fmt(mem.acksPerS, 0), '', '');
  row('CPU ms in window, RSS idle → loaded MB', cpuLine(red), cpuLine(mem), '', '');
  row('connections (failed), ramp s', rampLine(red), rampLine(mem), '', '');
  row('unanswered pings, other frames', extraLine(red), extraLine(mem), '', '');
  const expected = (r) => (r.opened * 1000) / Number(values.interval);
  const behind = [red, mem].filter((r) => r.unanswered > 0 || r.acksPerS < 0.95 * expected(r)).map((r) => r.name);
  const warning = behind.length === 0 ? '' : `\nwarning: ${behind.join(' and ')} fell behind the load (acks late or missing): rerun for figures\n`;
  return `N = ${n.toLocaleString('en-US')} connections pinging every ${Number(values.interval) / 1000} s, ${values.window} s window, ${values.config}\n\n${rows.join('\n')}\n${warning}`;
}

console.log(`# hbctl start under load: ${os()}\n`);
if (values.store === 'redis') {
  const redis = await startRedis();
  try {
    for (const n of SIZES) {
      const mem = await measure(supervisorWith(undefined, 'supervisor-memory'), n);
      const red = await measure(supervisorWith(redis.url, 'supervisor-redis'), n, redis);
      console.log(storeTable(n, mem, red));
    }
  } finally {
    redis.client.disconnect();
    await stop(redis.child);
  }
  process.exit(0);
}
for (const n of SIZES) {
  const base = values.only === 'supervisor' ? null : await measure(startBaseline, n);
  const sup = values.only === 'baseline' ? null : await measure(supervisorWith(undefined, 'supervisor'), n);
  console.log(table(n, sup, base));
}

function os() {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `Node ${process.version}, ${execFileSync('nproc').toString().trim()} CPUs, load average ${load}`;
}
