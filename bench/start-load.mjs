#!/usr/bin/env node
// The load process of bench/start.mjs: N agent WebSockets speaking protocol v1
// (docs/protocol.md) against one server, each pinging once a second.
//
//   node bench/start-load.mjs --url ws://127.0.0.1:PORT/agent --connections 9000 \
//        [--window 20] [--settle 3] [--parallel 200] [--role AGENT] [--interval 1000]
//
// --url may list several servers, comma-separated (the nodes of one store):
// agent i connects to the (i mod K)-th.
//
// Connections open in batches of at most --parallel (the listen backlog), each
// sends `hello` on open and, after its `welcome`, one `ping` per interval with
// a rising `seq`. Pings are spread evenly over the interval (100 slots of
// 10 ms), so the server sees a steady rate, not bursts. After every connection
// is up and --settle seconds have passed, it prints one JSON line per phase on
// stdout (the parent reads the server's /proc figures on each):
//   {"event":"ready","opened":N,"failed":0,"rampMs":…}
//   {"event":"window-start"}
//   {"event":"window-end-mark"}       (pings sent from now on are outside the window)
//   {"event":"window-end","acks":…,"pings":…,"p50Ms":…,"p99Ms":…,…}
// (the last once the window's acks are in: a late ack still counts, with its
// latency; one more than 30 pings late is given up as unanswered), then
// closes every socket and exits.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '1000' },
    window: { type: 'string', default: '20' },
    settle: { type: 'string', default: '3' },
    parallel: { type: 'string', default: '200' },
    role: { type: 'string', default: 'AGENT' },
    interval: { type: 'string', default: '1000' },
  },
});
if (values.url === undefined) throw new Error('--url is required');
const URLS = values.url.split(',');
const N = Number(values.connections);
const WINDOW_MS = Number(values.window) * 1000;
const SETTLE_MS = Number(values.settle) * 1000;
const PARALLEL = Number(values.parallel);
const INTERVAL_MS = Number(values.interval);
const SLOTS = 100;
const SLOT_MS = INTERVAL_MS / SLOTS;
/** Pings per connection still waiting for their ack; a late ack still counts, with its latency. */
const MAX_IN_FLIGHT = 30;

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Per connection: its socket, session, next seq and the send time of the ping in flight. */
class Agent {
  constructor(index) {
    this.index = index;
    this.ws = null;
    this.session = null;
    this.seq = 0;
    this.sentAt = new Map();
    this.closed = false;
  }
}

const agents = [];
const slots = Array.from({ length: SLOTS }, () => []);
let inWindow = false;
let acks = 0;
let pingsSent = 0;
let unanswered = 0;
let otherFrames = 0;
let closedEarly = 0;
let latencies = new Float64Array(Math.max(1024, Math.ceil((N * (WINDOW_MS + 2 * INTERVAL_MS)) / INTERVAL_MS)));
let latencyCount = 0;

function record(ms) {
  if (latencyCount === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[latencyCount++] = ms;
}

function open(agent) {
  return new Promise((resolve) => {
    const ws = new WebSocket(URLS[agent.index % URLS.length], { perMessageDeflate: false });
    agent.ws = ws;
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', version: 1, agent: `bench-${agent.index}`, role: values.role })));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'ack') {
        const sent = agent.sentAt.get(m.seq);
        if (sent !== undefined) {
          agent.sentAt.delete(m.seq);
          if (sent.inWindow) {
            acks += 1;
            record(performance.now() - sent.t);
          }
        }
        return;
      }
      if (m.type === 'welcome') {
        agent.session = m.session;
        slots[agent.index % SLOTS].push(agent);
        return done(true);
      }
      otherFrames += 1;
      if (!settled) {
        emit({ event: 'login-failed', agent: agent.index, frame: m });
        done(false);
      }
    });
    ws.on('error', () => done(false));
    ws.on('close', () => {
      agent.closed = true;
      if (!stopping) closedEarly += 1;
      done(false);
    });
  });
}

let stopping = false;
let slot = 0;
const pingStart = performance.now();
let slotsDone = 0;
// Timers run late on a busy machine: each tick sends every slot that is due, so the rate stays N per interval.
const pingTimer = setInterval(() => {
  const due = Math.floor((performance.now() - pingStart) / SLOT_MS);
  for (; slotsDone < due; slotsDone++) {
    sendSlot(slots[slot]);
    slot = (slot + 1) % SLOTS;
  }
}, SLOT_MS);

function sendSlot(list) {
  const t = performance.now();
  for (const agent of list) {
    if (agent.closed || agent.session === null) continue;
    if (agent.sentAt.size >= MAX_IN_FLIGHT) {
      // A server this far behind: stop waiting for the oldest ping.
      const [oldSeq, old] = agent.sentAt.entries().next().value;
      if (old.inWindow) unanswered += 1;
      agent.sentAt.delete(oldSeq);
    }
    const seq = agent.seq++;
    agent.sentAt.set(seq, { t, inWindow });
    if (inWindow) pingsSent += 1;
    agent.ws.send(`{"type":"ping","session":"${agent.session}","seq":${seq}}`);
  }
}

function inFlightOfWindow() {
  let n = 0;
  for (const agent of agents) for (const sent of agent.sentAt.values()) if (sent.inWindow) n += 1;
  return n;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main() {
  const rampStart = performance.now();
  let opened = 0;
  let failed = 0;
  for (let i = 0; i < N; i++) agents.push(new Agent(i));
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const agent = agents[next++];
      if (await open(agent)) opened += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, N) }, worker));
  const rampMs = Math.round(performance.now() - rampStart);
  await sleep(SETTLE_MS);
  emit({ event: 'ready', opened, failed, rampMs });
  inWindow = true;
  emit({ event: 'window-start' });
  await sleep(WINDOW_MS);
  inWindow = false;
  emit({ event: 'window-end-mark' });
  // Acks of pings sent in the window may still be on their way (at most 10 s more).
  for (let waited = 0; waited < 10_000 && acks + unanswered < pingsSent && inFlightOfWindow() > 0; waited += 100) await sleep(100);
  for (const agent of agents) for (const sent of agent.sentAt.values()) if (sent.inWindow) unanswered += 1;
  const sorted = latencies.subarray(0, latencyCount).sort();
  emit({
    event: 'window-end',
    acks,
    pings: pingsSent,
    unanswered,
    otherFrames,
    closedEarly,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: quantile(sorted, 1),
  });
  stopping = true;
  clearInterval(pingTimer);
  for (const agent of agents) agent.ws?.terminate();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`load: ${err.stack ?? err}\n`);
  process.exit(2);
});
