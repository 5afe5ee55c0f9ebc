#!/usr/bin/env node
// Benchmark of `hbctl simulate` (run `npm run build` first; `npm run bench` does).
//
//   node bench/simulate.mjs                 1,000 / 10,000 / 100,000 agents + the fake-timers baseline
//   node bench/simulate.mjs --sizes 1000,10000 --baseline-budget 30
//   node bench/simulate.mjs --faults        1,000 faults of each type at 10,000 and 100,000 agents,
//                                           each against the no-fault run, and 1,000,000 agents
//   node bench/simulate.mjs --faults --fault-sizes 10000
//   node bench/simulate.mjs --faults --fault-kinds networkDelay --no-million
//                                           only the named fault types (comma list), no 1,000,000 line
//   node bench/simulate.mjs --faults --repeat 5
//                                           each size's no-fault and fault runs 5 times over; the
//                                           target takes the median ratio per type (wall, and CPU
//                                           time of the run, steadier on a busy machine)
//   node bench/simulate.mjs --million       only the 1,000,000-agent line of --faults (against its target)
//
// Scenario: mode B with the CMS check (ping 30 s, watchdog sleep 120 s, lag
// 150 s, CMS ping 60 s), one simulated hour, default network (40 ms ± 20 ms),
// 2 calls/s with a 3 min handle time, no faults. Each size runs in a child
// process so its peak RSS (process.resourceUsage().maxRSS) is its own.
//
// Baseline: the same engines driven the way a user would write it without
// the simulator: a Clock over @sinonjs/fake-timers' createClock(), every
// browser a per-agent setInterval ping timer (plus one setTimeout per ping
// for its network delay). It runs on the 10,000-agent case for at most
// --baseline-budget wall seconds; its rate (simulated s per wall s) is
// compared with the simulator's on the same case.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOUR_MS = 3_600_000;
const SELF = fileURLToPath(import.meta.url);
const DIST = new URL('../dist/', import.meta.url);

/** 1,000 faults of one type spread over the hour, each hitting one agent (or the CMS, or the network). */
const FAULT_KINDS = {
  none: () => '',
  networkDelay: (i) => `{ at: ${i * 3600}ms, type: networkDelay, duration: 1m, latency: 2s }`,
  browserCrash: (i) => `{ at: ${i * 3600}ms, type: browserCrash, agents: 1, relogin: true, reloginAfter: 1m }`,
  browserFreeze: (i) => `{ at: ${i * 3600}ms, type: browserFreeze, agents: 1, duration: 1m }`,
  backgroundTab: (i) => `{ at: ${i * 3600}ms, type: backgroundTab, agents: 1, duration: 10m }`,
  cmsOutage: (i) => `{ at: ${i * 3600}ms, type: cmsOutage, duration: 2s }`,
};
const FAULTS = 1000;

function faultsYaml(kind) {
  if (kind === 'none') return '';
  const make = FAULT_KINDS[kind];
  return `  faults:\n${Array.from({ length: FAULTS }, (_, i) => `    - ${make(i)}`).join('\n')}\n`;
}

function landscapeText(agents, faultKind = 'none') {
  return `apiVersion: hbctl/v1
kind: HeartbeatProfile
metadata: { name: DEFAULT }
spec: { browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 120, heartbeatWatchdogLag: 150, cmsPingInterval: 60 }
---
apiVersion: hbctl/v1
kind: BusinessRole
metadata: { name: AGENT }
spec: { cms: CMS }
---
apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS }
spec: { endpoints: [ "tcp://cms.example.com:7001" ], ackTimeout: 5 }
---
apiVersion: hbctl/v1
kind: Scenario
metadata: { name: bench-${agents} }
spec:
  duration: 1h
  seed: 1
  agents: [ { role: AGENT, count: ${agents} } ]
  calls: { ratePerSecond: 2, handleTime: 3m }
${faultsYaml(faultKind)}`;
}

async function prepare(agents, faultKind = 'none') {
  const { checkText } = await import(new URL('config/pipeline.js', DIST));
  const { compileLandscape } = await import(new URL('config/compiled/compile.js', DIST));
  const { normalizeScenario } = await import(new URL('sim/scenario/index.js', DIST));
  const checked = checkText(landscapeText(agents, faultKind), 'bench.yaml');
  const errors = checked.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(`bench landscape invalid: ${JSON.stringify(errors.slice(0, 3))}`);
  const compiled = compileLandscape(checked.landscape);
  const { scenario, findings } = normalizeScenario(checked.landscape.scenarios[0], compiled);
  if (scenario === undefined) throw new Error(`bench scenario invalid: ${JSON.stringify(findings)}`);
  return { landscape: checked.landscape, compiled, scenario };
}

async function childSimulate(agents, faultKind = 'none') {
  const { simulate } = await import(new URL('sim/index.js', DIST));
  const { landscape, scenario } = await prepare(agents, faultKind);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const report = simulate({ landscape, scenario });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const run = report.runs[0];
  return { kind: faultKind === 'none' ? 'sim' : faultKind, agents, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, simulatedMs: report.durationMs, events: run.events, cmsPings: run.metrics.cmsPings, maxRssKb: process.resourceUsage().maxRSS };
}

/** What a user would write without the simulator: per-agent timers on fake-timers. */
async function childBaseline(agents, budgetS) {
  const FakeTimers = (await import('@sinonjs/fake-timers')).default;
  const engine = await import(new URL('engine/index.js', DIST));
  const { heartbeatSettingsOf } = await import(new URL('runtime/settings.js', DIST));
  const store = await import(new URL('store/index.js', DIST));
  const { compiled } = await prepare(agents);
  const settings = heartbeatSettingsOf(compiled.roles.AGENT.heartbeat);
  const fake = FakeTimers.createClock(0, 1e12);
  let events = 0;
  const clock = {
    now: () => fake.now,
    schedule: (delayMs, fn) => fake.setTimeout(() => { events++; fn(); }, Math.max(0, delayMs)),
    cancel: (id) => fake.clearTimeout(id),
  };
  let seed = 1;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const delay = () => Math.max(0, Math.round(40 + (2 * random() - 1) * 20));
  const heartbeats = new store.InProcessHeartbeatTable(agents);
  const cmsTable = new store.InProcessCmsTable(clock);
  const port = { ping: (_cms, onAck) => clock.schedule(2 * delay(), onAck) };
  const check = new engine.CmsCheck(clock, cmsTable, port, { cmsPingIntervalMs: settings.cmsPingIntervalMs, ackTimeoutMs: 5000 });
  const listener = { loggedOff() {}, cmsStatusToBrowser() {} };
  const free = [];
  for (let a = 0; a < agents; a++) {
    const session = new engine.CommunicationSession(a, settings, clock, heartbeats, listener);
    const watchdog = new engine.Watchdog(session, settings, clock, heartbeats, check, 'CMS');
    const loginMs = Math.floor(random() * settings.watchdogSleepTimeMs);
    fake.setTimeout(() => {
      events++;
      session.login();
      watchdog.start();
      free.push(session);
      fake.setInterval(() => {
        events++;
        fake.setTimeout(() => { events++; session.receivePing(); }, delay());
      }, settings.browserPingIntervalMs);
    }, loginMs);
  }
  const nextCall = () => fake.setTimeout(() => {
    events++;
    if (free.length > 0) {
      const i = Math.floor(random() * free.length);
      const session = free[i];
      free[i] = free[free.length - 1];
      free.pop();
      session.offerEvent();
      fake.setTimeout(() => { events++; free.push(session); }, -180_000 * Math.log(1 - random()));
    }
    nextCall();
  }, -500 * Math.log(1 - random()));
  nextCall();
  const t0 = performance.now();
  const stepMs = 10_000;
  while (fake.now < HOUR_MS && performance.now() - t0 < budgetS * 1000) fake.tick(stepMs);
  const wallMs = performance.now() - t0;
  return { kind: 'fake-timers', agents, wallMs, simulatedMs: fake.now, events, maxRssKb: process.resourceUsage().maxRSS };
}

function runChild(args) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', SELF, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

function row(r) {
  const wallS = r.wallMs / 1000;
  const simS = r.simulatedMs / 1000;
  return [
    r.kind.padEnd(13),
    String(r.agents).padStart(8),
    `${wallS.toFixed(2)} s`.padStart(10),
    `${(simS / 3600).toFixed(2)} h`.padStart(8),
    `${Math.round(simS / wallS).toLocaleString('en-US')}`.padStart(12),
    `${Math.round(r.events / wallS).toLocaleString('en-US')}`.padStart(13),
    `${Math.round(r.events).toLocaleString('en-US')}`.padStart(12),
    `${(r.maxRssKb / 1024).toFixed(0)} MB`.padStart(9),
  ].join('  ');
}

async function main(argv) {
  if (argv[0] === '--child') {
    const [kind, agents, budget] = argv.slice(1);
    const result = kind === 'fake' ? await childBaseline(Number(agents), Number(budget)) : await childSimulate(Number(agents), kind === 'sim' ? 'none' : kind);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const header = ['kind'.padEnd(13), 'agents'.padStart(8), 'wall'.padStart(10), 'sim'.padStart(8), 'sim s/wall s'.padStart(12), 'events/s'.padStart(13), 'events'.padStart(12), 'peak RSS'.padStart(9)].join('  ');
  if (argv.includes('--million')) {
    console.log(`hbctl simulate bench — mode B + CMS check, 1 simulated hour, node ${process.version}`);
    console.log(header);
    return millionLine();
  }
  if (argv.includes('--faults')) {
    const kinds = opt('--fault-kinds', Object.keys(FAULT_KINDS).filter((k) => k !== 'none').join(',')).split(',');
    const unknown = kinds.filter((k) => k === 'none' || !(k in FAULT_KINDS));
    if (unknown.length > 0) {
      console.error(`unknown fault kinds: ${unknown.join(', ')} (known: ${Object.keys(FAULT_KINDS).filter((k) => k !== 'none').join(', ')})`);
      process.exitCode = 2;
      return;
    }
    const repeat = Math.max(1, Math.floor(Number(opt('--repeat', '1'))) || 1);
    return faultCliffs(opt('--fault-sizes', '10000,100000').split(',').map(Number), header, kinds, !argv.includes('--no-million'), repeat);
  }
  const sizes = opt('--sizes', '1000,10000,100000').split(',').map(Number);
  const budgetS = Number(opt('--baseline-budget', '60'));
  console.log(`hbctl simulate bench — mode B + CMS check, 1 simulated hour, node ${process.version}`);
  console.log(['kind'.padEnd(13), 'agents'.padStart(8), 'wall'.padStart(10), 'sim'.padStart(8), 'sim s/wall s'.padStart(12), 'events/s'.padStart(13), 'events'.padStart(12), 'peak RSS'.padStart(9)].join('  '));
  const results = [];
  for (const agents of sizes) {
    const r = runChild(['sim', String(agents)]);
    results.push(r);
    console.log(row(r));
  }
  const baseAgents = sizes.includes(10_000) ? 10_000 : sizes[0];
  const base = runChild(['fake', String(baseAgents), String(budgetS)]);
  console.log(row(base));
  const sim = results.find((r) => r.agents === baseAgents);
  const rate = (r) => r.simulatedMs / r.wallMs;
  const ratio = rate(sim) / rate(base);
  const note = base.simulatedMs < HOUR_MS ? ` (baseline stopped after ${budgetS} s wall at ${(base.simulatedMs / 60000).toFixed(1)} simulated min)` : '';
  console.log(`\nsimulator vs per-agent fake-timers on ${baseAgents.toLocaleString('en-US')} agents: ${ratio.toFixed(1)}× faster in simulated time per wall second${note}`);
  const big = results.find((r) => r.agents === 100_000);
  if (big !== undefined) {
    const ok = big.wallMs <= 5000 && big.maxRssKb <= 1.5 * 1024 * 1024;
    console.log(`target 100,000 agents ≤ 5 s wall and ≤ 1.5 GB RSS: ${ok ? 'met' : 'NOT met'} (${(big.wallMs / 1000).toFixed(2)} s, ${(big.maxRssKb / 1024).toFixed(0)} MB)`);
  }
}

/**
 * Each fault type, 1,000 faults in the hour, against the no-fault run of the
 * same size in the same session (target ≤ 1.3×), then 1,000,000 agents with
 * no fault (target ≤ 6 s wall, ≤ 1 GB RSS).
 */
function faultCliffs(sizes, header, kinds, million1m, repeat) {
  console.log(`hbctl simulate bench — ${FAULTS.toLocaleString('en-US')} faults of each type vs none, mode B + CMS check, 1 simulated hour, node ${process.version}`);
  console.log(`${header}  vs none`);
  let worst = 0;
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };
  for (const agents of sizes) {
    const ratios = new Map(kinds.map((k) => [k, { wall: [], cpu: [] }]));
    for (let rep = 0; rep < repeat; rep++) {
      const none = runChild(['sim', String(agents)]);
      console.log(row(none));
      for (const kind of kinds) {
        const r = runChild([kind, String(agents)]);
        const ratio = r.wallMs / none.wallMs;
        ratios.get(kind).wall.push(ratio);
        ratios.get(kind).cpu.push(r.cpuMs / none.cpuMs);
        if (repeat === 1) worst = Math.max(worst, ratio);
        console.log(`${row(r)}  ${ratio.toFixed(2)}×`);
      }
    }
    if (repeat === 1) continue;
    for (const kind of kinds) {
      const { wall, cpu } = ratios.get(kind);
      worst = Math.max(worst, median(wall));
      console.log(`median of ${repeat}: ${kind} at ${agents.toLocaleString('en-US')} agents ${median(wall).toFixed(2)}× wall, ${median(cpu).toFixed(2)}× CPU time`);
    }
  }
  console.log(`target: ${FAULTS.toLocaleString('en-US')} faults of any type ≤ 1.3× the no-fault run: ${worst <= 1.3 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}×${repeat === 1 ? '' : `, medians of ${repeat} runs`})`);
  if (million1m) millionLine();
}

/** 1,000,000 agents with no fault (target ≤ 6 s wall, ≤ 1 GB RSS). */
function millionLine() {
  const million = runChild(['sim', '1000000']);
  console.log(row(million));
  const ok = million.wallMs <= 6000 && million.maxRssKb <= 1024 * 1024;
  console.log(`target 1,000,000 agents × 1 h ≤ 6 s wall and ≤ 1 GB RSS: ${ok ? 'met' : 'NOT met'} (${(million.wallMs / 1000).toFixed(2)} s, ${(million.maxRssKb / 1024).toFixed(0)} MB)`);
}

await main(process.argv.slice(2));
