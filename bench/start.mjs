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
// window (INFO stats total_commands_processed, less this script's own INFO;
// the commands a Lua script runs count too) and the script calls among them
// (INFO commandstats, EVALSHA + EVAL) per ping acknowledged, and
// redis-server's CPU per 1,000 pings.
// Target (issue 9): supervisor CPU per ping with Redis ≤ 1.3× the in-process store's.
//
//   node bench/start.mjs --store redis --nodes 3 --sizes 10000 --interval 5000 --config bench/fixtures/start-5s.yaml --rounds 3
//
// `--nodes K` starts K `hbctl start` processes (each with its own built-in
// CMS) and the load spreads the agents over them (agent i to node i mod K);
// with `--store redis` every node of the Redis run shares the one
// redis-server, and the baseline is K nodes each with its in-process store.
// CPU, RSS and acks are summed over the nodes; the CMS pings of the window
// (hbctl_cms_pings_total of every node's /metrics) show whether they grow
// with the node count. `--rounds R` repeats each measurement R times, the
// Redis run and its baseline in alternating order, and prints the median and
// range of each figure and of the per-round ratio (the machine is shared:
// one round is noise).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { startRedisServer } from './redis-server.mjs';

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
    nodes: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '1' },
  },
});
const NODES = Number(values.nodes);
const ROUNDS = Number(values.rounds);
if (!(Number.isInteger(NODES) && NODES >= 1)) throw new Error(`--nodes takes a whole number ≥ 1, not "${values.nodes}"`);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error(`--rounds takes a whole number ≥ 1, not "${values.rounds}"`);
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
  return { name, child, url, metrics: true };
}

/** The URL of the supervisor's `started` log line, read from its log file. */
async function startedUrl(logFile, child) {
  let exited = false;
  void child.then(() => (exited = true));
  for (let waited = 0; waited < 30_000 && !exited; waited += 100) {
    await sleep(100);
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      // The built-in CMS's lines in the same log start with "[cms] ".
      if (!line.startsWith('{') || !line.includes('"started"')) continue;
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

/**
 * Commands Redis has processed so far (the commands a script runs count too:
 * a flush's EVALSHA and each SET in it), and the script calls among them.
 */
async function redisCommands(client) {
  const info = await client.call('INFO', 'stats', 'commandstats');
  const calls = (name) => Number(new RegExp(`^cmdstat_${name}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { total: Number(/^total_commands_processed:(\d+)/m.exec(info)[1]), scripts: calls('evalsha') + calls('eval') };
}

/** The sum of a counter over the lines of a Prometheus text page. */
async function metricSum(url, name) {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}
const cmsPings = (servers) => Promise.all(servers.filter((s) => s.metrics).map((s) => metricSum(s.url, 'hbctl_cms_pings_total'))).then((list) => list.reduce((a, b) => a + b, 0));

async function stop(child) {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child;
  clearTimeout(timer);
}

/**
 * One server (or K nodes, `starts` one per node) under N connections: CPU per
 * 1,000 acks and RSS per connection (both summed over the nodes), the load's
 * latencies, and with Redis the server's commands and CPU.
 */
async function measure(starts, n, redis) {
  if (!Array.isArray(starts)) starts = [starts];
  if (redis) await redis.client.flushall();
  const servers = await Promise.all(starts.map((start) => start()));
  const pids = servers.map((server) => server.child.pid);
  const name = servers.length === 1 ? servers[0].name : `${servers[0].name.replace(/-\d+$/, '')} ×${servers.length}`;
  const sumOf = (f) => pids.reduce((t, pid) => t + f(pid), 0);
  await sleep(1000);
  const rssIdleKb = sumOf(rssKb);
  const wsUrls = servers.map((server) => `${server.url.replace(/^http/, 'ws')}/agent`).join(',');
  const load = execa(
    'node',
    ['bench/start-load.mjs', '--url', wsUrls, '--connections', String(n), '--window', values.window, '--settle', values.settle, '--parallel', values.parallel, '--interval', values.interval],
    { cwd: ROOT, buffer: false, reject: false, stdin: 'ignore', stderr: 'inherit' },
  );
  const result = await new Promise((resolve, reject) => {
    const out = { rssIdleKb };
    const rssSamples = [];
    let sampler;
    let redisStart;
    let cmsStart;
    const lines = createInterface({ input: load.stdout });
    lines.on('line', (line) => {
      const o = JSON.parse(line);
      if (o.event === 'ready') Object.assign(out, { opened: o.opened, failed: o.failed, rampMs: o.rampMs });
      else if (o.event === 'window-start') {
        // The window's CPU starts once the nodes have answered the /metrics read (a few ms), so that read is not counted in it.
        void cmsPings(servers).then((count) => {
          cmsStart = count;
          out.cpuStartMs = sumOf(cpuMs);
          out.wallStart = performance.now();
          if (redis) {
            out.redisCpuStartMs = cpuMs(redis.child.pid);
            redisStart = redisCommands(redis.client);
          }
          rssSamples.push(sumOf(rssKb));
          sampler = setInterval(() => rssSamples.push(sumOf(rssKb)), 500);
        });
      } else if (o.event === 'window-end-mark') {
        if (out.cpuStartMs === undefined) return reject(new Error(`${name}: /metrics not answered within the window`));
        out.cpuMs = sumOf(cpuMs) - out.cpuStartMs;
        out.wallMs = performance.now() - out.wallStart;
        out.cmsPings = cmsPings(servers).then((count) => count - cmsStart);
        if (redis) {
          out.redisCpuMs = cpuMs(redis.child.pid) - out.redisCpuStartMs;
          // The first INFO is counted in the delta; the second is not.
          out.redisCommands = Promise.all([redisStart, redisCommands(redis.client)]).then(([a, b]) => ({ total: b.total - a.total - 1, scripts: b.scripts - a.scripts }));
        }
        clearInterval(sampler);
        rssSamples.push(sumOf(rssKb));
        // RSS rises and falls with each garbage collection: the window's median is the steady state.
        out.rssKb = rssSamples.sort((a, b) => a - b)[Math.floor(rssSamples.length / 2)];
      } else if (o.event === 'window-end') {
        Object.assign(out, o);
        resolve(out);
      } else if (o.event === 'login-failed' && out.loginFailures === undefined) {
        out.loginFailures = o;
        process.stderr.write(`${name}: a login failed: ${JSON.stringify(o.frame)}\n`);
      }
    });
    lines.on('close', () => reject(new Error(`${name}: the load process ended early`)));
  });
  await load;
  result.cmsPings = await result.cmsPings;
  await Promise.all(servers.map((server) => stop(server.child)));
  if (result.redisCommands !== undefined) {
    const { total, scripts } = await result.redisCommands;
    result.redisCommands = total;
    result.redisScriptCalls = scripts;
  }
  return {
    name,
    ...result,
    cpuPer1000Ms: (result.cpuMs / result.acks) * 1000,
    rssPerConnKb: (result.rssKb - rssIdleKb) / result.opened,
    acksPerS: result.acks / (result.wallMs / 1000),
    ...(result.redisCommands === undefined
      ? {}
      : {
          redisCommandsPerPing: result.redisCommands / result.acks,
          redisCommandsPerS: result.redisCommands / (result.wallMs / 1000),
          redisScriptCallsPerPing: result.redisScriptCalls / result.acks,
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

const median = (list) => {
  const sorted = list.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** "median" for one round, "median (min–max)" for several. */
const spreadOf = (list, digits = 1) => {
  if (list.length === 1) return fmt(list[0], digits);
  const finite = list.filter((x) => Number.isFinite(x));
  return `${fmt(median(list), digits)} (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})`;
};

/** The supervisor with the Redis store against itself with the in-process store, over one or more rounds. */
function storeTable(n, rounds) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  const mem = rounds.map((r) => r.mem);
  const red = rounds.map((r) => r.red);
  const col = (list, f, digits) => spreadOf(list.map(f), digits);
  const ratios = rounds.map((r) => r.red.cpuPer1000Ms / r.mem.cpuPer1000Ms);
  const ratio = median(ratios);
  const many = rounds.length > 1 ? `, median (range) of ${rounds.length} rounds` : '';
  row('', 'Redis store', 'in-process store', 'ratio', 'target');
  row('---', '---:', '---:', '---:', '---');
  row('supervisor CPU ms per 1,000 pings', col(red, (r) => r.cpuPer1000Ms), col(mem, (r) => r.cpuPer1000Ms), spreadOf(ratios, 2), `≤ ${REDIS_CPU_TARGET}: ${verdict(ratio, REDIS_CPU_TARGET)}`);
  row('Redis commands per ping (run by the server, a script\'s SETs included)', col(red, (r) => r.redisCommandsPerPing, 3), '0', '', '');
  row('Redis script calls (EVALSHA) per ping', col(red, (r) => r.redisScriptCallsPerPing, 4), '0', '', '');
  row('Redis commands / s', col(red, (r) => r.redisCommandsPerS, 0), '0', '', '');
  row('redis-server CPU ms per 1,000 pings', col(red, (r) => r.redisCpuPer1000Ms), '—', '', '');
  row(`CMS pings in the window (all ${NODES === 1 ? 'of the node' : `${NODES} nodes`})`, col(red, (r) => r.cmsPings, 0), col(mem, (r) => r.cmsPings, 0), '', '');
  row('RSS KB per connection', col(red, (r) => r.rssPerConnKb), col(mem, (r) => r.rssPerConnKb), fmt(median(red.map((r) => r.rssPerConnKb)) / median(mem.map((r) => r.rssPerConnKb)), 2), '');
  row('ack latency p50 / p99 ms', `${col(red, (r) => r.p50Ms, 2)} / ${col(red, (r) => r.p99Ms, 2)}`, `${col(mem, (r) => r.p50Ms, 2)} / ${col(mem, (r) => r.p99Ms, 2)}`, '', '');
  row('pings acked / s', col(red, (r) => r.acksPerS, 0), col(mem, (r) => r.acksPerS, 0), '', '');
  row('CPU ms in window', col(red, (r) => r.cpuMs, 0), col(mem, (r) => r.cpuMs, 0), '', '');
  row('connections (failed), unanswered pings', `${red.map((r) => `${r.opened} (${r.failed}), ${r.unanswered}`).join('; ')}`, `${mem.map((r) => `${r.opened} (${r.failed}), ${r.unanswered}`).join('; ')}`, '', '');
  const expected = (r) => (r.opened * 1000) / Number(values.interval);
  const behind = [...red, ...mem].filter((r) => r.unanswered > 0 || r.acksPerS < 0.95 * expected(r)).map((r) => r.name);
  const warning = behind.length === 0 ? '' : `\nwarning: ${[...new Set(behind)].join(' and ')} fell behind the load (acks late or missing) in some round: rerun for figures\n`;
  const where = NODES === 1 ? '' : ` over ${NODES} nodes`;
  return `N = ${n.toLocaleString('en-US')} connections${where} pinging every ${Number(values.interval) / 1000} s, ${values.window} s window, ${values.config}${many}\n\n${rows.join('\n')}\n${warning}`;
}

console.log(`# hbctl start under load: ${os()}\n`);
if (values.store === 'redis') {
  const redis = await startRedisServer();
  try {
    const nodes = (store, name) => Array.from({ length: NODES }, (_, i) => supervisorWith(store, NODES === 1 ? name : `${name}-${i + 1}`));
    for (const n of SIZES) {
      const rounds = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternating order: a machine growing busier or quieter weighs on both sides alike.
        const memFirst = round % 2 === 0;
        const first = memFirst ? await measure(nodes(undefined, 'supervisor-memory'), n) : await measure(nodes(redis.url, 'supervisor-redis'), n, redis);
        const second = memFirst ? await measure(nodes(redis.url, 'supervisor-redis'), n, redis) : await measure(nodes(undefined, 'supervisor-memory'), n);
        const [mem, red] = memFirst ? [first, second] : [second, first];
        rounds.push({ mem, red });
        if (ROUNDS > 1) console.error(`round ${round + 1}/${ROUNDS}, N = ${n}: CPU ms per 1,000 pings, Redis ${fmt(red.cpuPer1000Ms)}, in-process ${fmt(mem.cpuPer1000Ms)}, ratio ${fmt(red.cpuPer1000Ms / mem.cpuPer1000Ms, 2)}`);
      }
      console.log(storeTable(n, rounds));
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
