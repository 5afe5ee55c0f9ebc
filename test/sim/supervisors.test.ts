import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReportText } from '../../src/cli/format/simulation-text.js';
import { renderReportHtml } from '../../src/sim/report/html/index.js';
import type { SimRun, SupervisorFigures } from '../../src/sim/report/types.js';
import { resolve } from 'node:path';
import { simulateCommand } from '../../src/cli/commands/simulate.js';
import type { CliIo } from '../../src/cli/io.js';
import { checkText } from '../../src/config/pipeline.js';
import { UsageError } from '../../src/errors.js';
import { SCENARIO_DEFAULTS } from '../../src/sim/scenario/types.js';
import { agentOfNode, agentsOnNode, localOfAgent, nodeOfAgent } from '../../src/sim/world/supervisors/index.js';
import { MODE_B_CMS, oneRole, outcome, profileYaml, roleYaml, run, scenarioYaml, variantsOf } from './world/sim-helpers.js';

const CMS = `apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS }
spec: { endpoints: [ "tcp://cms:1" ], ackTimeout: 5 }
`;
const ACK_TIMEOUT_MS = 5_000;
const PING_INTERVAL_MS = 30_000;
const CMS_PING_INTERVAL_MS = 60_000;
const HOUR_MS = 3_600_000;

function scenario(agents: number, extra = ''): string {
  return `duration: 1h
seed: 3
agents: [ { role: AGENT, count: ${agents} } ]
${extra}`;
}

function figures(r: SimRun): SupervisorFigures {
  if (r.supervisors === undefined) throw new Error('the run has no supervisors figures');
  return r.supervisors;
}

describe('supervisor nodes sharing one store (spec.supervisors)', () => {
  it('without spec.supervisors a run has no supervisors figures; with one node and no round trip its metrics are those of the plain run', () => {
    const plain = run(oneRole(MODE_B_CMS, scenario(300, 'faults: [ { at: 20m, type: cmsOutage, duration: 5m }, { at: 30m, type: browserCrash, agents: 10 } ]'), [CMS]));
    const one = run(oneRole(MODE_B_CMS, scenario(300, 'supervisors: { nodes: 1 }\nfaults: [ { at: 20m, type: cmsOutage, duration: 5m }, { at: 30m, type: browserCrash, agents: 10 } ]'), [CMS]));
    expect(plain.runs[0]!.supervisors).toBeUndefined();
    expect(Object.keys(plain.runs[0]!)).not.toContain('supervisors');
    expect(one.runs[0]!.metrics).toEqual(plain.runs[0]!.metrics);
    expect(one.runs[0]!.faults).toEqual(plain.runs[0]!.faults);
    expect(figures(one.runs[0]!).nodes).toBe(1);
  });

  it('an empty supervisors block takes the defaults: one node, no round trip, write-behind every 100 ms in batches of 1000', () => {
    const p = oneRole(MODE_B_CMS, scenario(10, 'supervisors: {}'), [CMS]);
    expect(p.scenario.supervisors).toEqual({
      nodes: SCENARIO_DEFAULTS.supervisorNodes,
      storeRoundTripMs: 0,
      writeBehindIntervalMs: 100,
      writeBehindBatch: 1000,
    });
    const q = oneRole(MODE_B_CMS, scenario(10, 'supervisors: { nodes: 8, storeRoundTrip: 3ms, writeBehindInterval: 250ms, writeBehindBatch: 50 }'), [CMS]);
    expect(q.scenario.supervisors).toEqual({ nodes: 8, storeRoundTripMs: 3, writeBehindIntervalMs: 250, writeBehindBatch: 50 });
  });

  it.each([
    ['nodes: 0', 'HB100', 'supervisors.nodes'],
    ['nodes: 257', 'HB100', 'supervisors.nodes'],
    ['storeRoundTrip: fast', 'HB102', 'supervisors.storeRoundTrip'],
    ['shards: 2', 'HB101', "'shards'"],
  ])('a supervisors block with %s is refused (%s)', (field, rule, where) => {
    const checked = checkText([profileYaml('DEFAULT', MODE_B_CMS), roleYaml('AGENT'), CMS, scenarioYaml(scenario(10, `supervisors: { ${field} }`))].join('---\n'), 'test.yaml');
    const errors = checked.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ rule, message: expect.stringContaining(where) })]);
  });

  it('deals the agents to the nodes evenly: in rounds, each round starting one node further', () => {
    const r = run(oneRole(MODE_B_CMS, scenario(10, 'supervisors: { nodes: 4 }'), [CMS]));
    // Rounds 0–7 and 8–9: node 0 gets 0, 7; node 1 gets 1, 4; node 2 gets 2, 5, 8; node 3 gets 3, 6, 9.
    expect(figures(r.runs[0]!).perNode.map((n) => n.agents)).toEqual([2, 2, 3, 3]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => nodeOfAgent(a, 4))).toEqual([0, 1, 2, 3, 1, 2, 3, 0, 2, 3]);
  });

  it('the spread is one to one: every agent has one node and one number there, and the node counts add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 5000 }), (nodes, total) => {
        const seen = new Set<string>();
        const counts = new Array<number>(nodes).fill(0);
        for (let agent = 0; agent < total; agent++) {
          const node = nodeOfAgent(agent, nodes);
          const local = localOfAgent(agent, nodes);
          expect(agentOfNode(node, local, nodes)).toBe(agent);
          seen.add(`${node}/${local}`);
          counts[node]!++;
        }
        expect(seen.size).toBe(total);
        expect(counts).toEqual(counts.map((_c, node) => agentsOnNode(node, total, nodes)));
      }),
      { numRuns: 60 },
    );
  });

  it('with two CMS endpoints and an even node count, every node serves agents of both endpoints', () => {
    for (const nodes of [2, 4, 10, 16]) {
      for (let node = 0; node < nodes; node++) {
        const endpoints = new Set<number>();
        for (let local = 0; local < 4; local++) endpoints.add(agentOfNode(node, local, nodes) % 2);
        expect(endpoints.size).toBe(2);
      }
    }
  });

  it('CMS pings do not depend on the node count: the shared lock keeps about one per interval for all nodes', () => {
    const p = oneRole(MODE_B_CMS, scenario(2000, 'supervisors: { storeRoundTrip: 2ms }'), [CMS]);
    const r = run(p, { set: { supervisorNodes: [1, 4, 16] } });
    const pings = r.runs.map((x) => x.metrics.cmsPings);
    expect(pings[0]).toBeGreaterThan(HOUR_MS / CMS_PING_INTERVAL_MS - 5);
    expect(pings[0]).toBeLessThanOrEqual(HOUR_MS / CMS_PING_INTERVAL_MS + 1);
    expect(new Set(pings).size).toBe(1);
    for (const x of r.runs) {
      const f = figures(x);
      expect(f.perNode.reduce((sum, n) => sum + n.cmsPings, 0)).toBe(x.metrics.cmsPings);
    }
    // With 16 nodes the pings are spread: no node sends them all.
    expect(Math.max(...figures(r.runs[2]!).perNode.map((n) => n.cmsPings))).toBeLessThan(pings[0]! / 2);
  });

  it('store commands scale as expected: ping writes with the agents, write-behind round trips and refused locks with the nodes, CMS-table writes with the CMS pings', () => {
    const p = oneRole(MODE_B_CMS, scenario(2000, 'supervisors: { storeRoundTrip: 2ms }\nfaults: [ { at: 20m, type: cmsOutage, duration: 5m } ]'), [CMS]);
    const r = run(p, { set: { supervisorNodes: [1, 4] } });
    const [one, four] = r.runs.map(figures) as [SupervisorFigures, SupervisorFigures];
    // Every agent pings every 30 s and every ping is written behind (one command each).
    const pingsExpected = (2000 * HOUR_MS) / PING_INTERVAL_MS;
    for (const f of [one, four]) {
      expect(f.storeCommands.pingWrite).toBeGreaterThan(pingsExpected * 0.98);
      expect(f.storeCommands.pingWrite).toBeLessThan(pingsExpected * 1.02);
    }
    expect(four.storeCommands.pingWrite).toBe(one.storeCommands.pingWrite);
    // 2000 agents × 1 ping / 30 s ≈ 6.7 pings per 100 ms window: about every window of every node flushes once.
    expect(one.storeRoundTripsPerSecond).toBeGreaterThan(9);
    expect(one.storeRoundTripsPerSecond).toBeLessThan(11);
    expect(four.storeRoundTripsPerSecond).toBeGreaterThan(3.5 * one.storeRoundTripsPerSecond);
    // Each CMS ping: one lock granted, one status write, one release.
    for (const [f, x] of [[one, r.runs[0]!], [four, r.runs[1]!]] as const) {
      expect(f.storeCommands.release).toBe(x.metrics.cmsPings);
      expect(f.storeCommands.statusWrite).toBe(x.metrics.cmsPings);
      expect(f.storeCommands.lock - f.lockRefused).toBe(x.metrics.cmsPings);
      expect(f.statusMessages).toBe(f.storeCommands.statusWrite * f.nodes);
      expect(f.storeCommands.total).toBe(f.storeCommands.lock + f.storeCommands.release + f.storeCommands.statusWrite + f.storeCommands.pingWrite + f.storeCommands.pingDelete);
    }
    // One node never asks for a lock it holds; other nodes ask while a ping is in flight (all through the outage).
    expect(one.lockRefused).toBe(0);
    expect(four.lockRefused).toBeGreaterThan(100);
  });

  it('write-behind: a flush interval longer than the ping interval writes an agent once per interval, in batches of writeBehindBatch', () => {
    const p = oneRole(MODE_B_CMS, scenario(500, 'supervisors: { writeBehindInterval: 60s, writeBehindBatch: 100 }'), [CMS]);
    const f = figures(run(p).runs[0]!);
    // One write per agent per 60 s window (its latest ping), not one per 30 s ping.
    expect(f.storeCommands.pingWrite).toBeGreaterThan(500 * 59);
    expect(f.storeCommands.pingWrite).toBeLessThanOrEqual(500 * 61);
    // 500 agents per window in batches of 100: five round trips per window (fewer in the first, while agents log in).
    const windowRoundTrips = f.storeRoundTrips - f.storeCommands.lock - f.storeCommands.release - f.storeCommands.statusWrite;
    expect(windowRoundTrips).toBeGreaterThanOrEqual(5 * 59);
    expect(windowRoundTrips).toBeLessThanOrEqual(5 * 61);
  });

  it('a log-off is written behind as a delete', () => {
    const p = oneRole(MODE_B_CMS, scenario(200, 'supervisors: { nodes: 2 }\nfaults: [ { at: 10m, type: browserCrash, agents: 20 } ]'), [CMS]);
    const r = run(p).runs[0]!;
    expect(r.metrics.trueLogoffs).toBe(20);
    expect(figures(r).storeCommands.pingDelete).toBe(20);
  });

  it.each([0, 40, 200])('a store round trip of %i ms delays the outage news by that much: the pinging agent is told one round trip after its ack timeout', (roundTripMs) => {
    const p = oneRole(MODE_B_CMS, scenario(200, `supervisors: { nodes: 4, storeRoundTrip: ${roundTripMs}ms }\nfaults: [ { at: 20m, type: cmsOutage, duration: 5m } ]`), [CMS]);
    const pings: { sentMs: number; ackMs: number | null }[] = [];
    const told: { atMs: number; available: boolean }[] = [];
    run(p, { trace: () => ({ cmsPing: (e) => pings.push(e), cmsStatus: (e) => told.push(e) }) });
    const firstLost = pings.find((x) => x.ackMs === null);
    const firstTold = told.find((x) => !x.available);
    expect(firstLost).toBeDefined();
    expect(firstTold!.atMs - (firstLost!.sentMs + ACK_TIMEOUT_MS)).toBe(roundTripMs);
  });

  it('a dead browser is found by its own node: detection time is the same for 1 and 4 nodes, with or without a store round trip', () => {
    const p = oneRole(MODE_B_CMS, scenario(400, 'supervisors: {}\nfaults: [ { at: 10m, type: browserCrash, agents: 40 } ]'), [CMS]);
    const r = run(p, { set: { supervisorNodes: [1, 4], storeRoundTrip: [0, 50] } });
    const detections = r.runs.map((x) => x.metrics.detectionMs);
    expect(detections[0]!.count).toBe(40);
    for (const d of detections) expect(d).toEqual(detections[0]);
  });

  it('--set supervisorNodes and storeRoundTrip make one run per combination, labelled, without changing the heartbeat settings', () => {
    const p = oneRole(MODE_B_CMS, scenario(10), [CMS]);
    const variants = variantsOf(p.landscape, p.compiled, p.scenario, [], { supervisorNodes: [1, 8], storeRoundTrip: [5] });
    expect(variants.map((v) => v.label)).toEqual(['supervisorNodes=1 storeRoundTrip=5ms', 'supervisorNodes=8 storeRoundTrip=5ms']);
    expect(variants.map((v) => v.supervisors?.nodes)).toEqual([1, 8]);
    expect(variants[0]!.profile.overrides).toEqual({});
    expect(variants[0]!.compiled).toBe(p.compiled);
  });

  it.each([[0], [257], [1.5]])('--set supervisorNodes=%s is refused', (nodes) => {
    const result = outcome(oneRole(MODE_B_CMS, scenario(10), [CMS]), { set: { supervisorNodes: [nodes] } });
    expect(result).toEqual({ problem: expect.stringContaining('supervisorNodes') });
  });

  it('the text and HTML reports show the supervisor-nodes table only when a run plans nodes', () => {
    const plain = run(oneRole(MODE_B_CMS, scenario(50), [CMS]));
    const nodes = run(oneRole(MODE_B_CMS, scenario(50, 'supervisors: { nodes: 3, storeRoundTrip: 1ms }'), [CMS]));
    expect(formatReportText(plain, { color: false })).not.toContain('Supervisor nodes');
    expect(renderReportHtml(plain)).not.toContain('Supervisor nodes');
    const text = formatReportText(nodes, { color: false, width: 100 });
    expect(text).toContain('Supervisor nodes');
    expect(text).toContain('3 nodes sharing one store (round trip 1ms)');
    expect(text).toMatch(/Store commands\/s +[\d,.]+/);
    expect(renderReportHtml(nodes)).toContain('<h2>Supervisor nodes</h2>');
  });

  describe('hbctl simulate --set supervisorNodes, storeRoundTrip', () => {
    const root = resolve(import.meta.dirname, '../..');
    function io(): { io: CliIo; out: () => string } {
      const out: string[] = [];
      return { io: { stdout: { write: (t) => void out.push(t) }, stderr: { write: () => {}, isTTY: false }, cwd: root, env: { NO_COLOR: '1' } }, out: () => out.join('') };
    }
    const base = { paths: ['test/fixtures/sim/config.yaml'], scenario: 'test/fixtures/sim/two-scenarios.yaml', format: 'json' as const };

    it('runs one report column per node count and store round trip, each with its supervisors figures', async () => {
      const t = io();
      expect(await simulateCommand({ ...base, set: ['supervisorNodes=1,3', 'storeRoundTrip=0,10ms'] }, t.io)).toBe(0);
      const report = JSON.parse(t.out()) as { runs: { label: string; supervisors: { nodes: number; storeRoundTripMs: number } }[] };
      expect(report.runs.map((r) => r.label)).toEqual([
        'supervisorNodes=1 storeRoundTrip=0s',
        'supervisorNodes=1 storeRoundTrip=10ms',
        'supervisorNodes=3 storeRoundTrip=0s',
        'supervisorNodes=3 storeRoundTrip=10ms',
      ]);
      expect(report.runs.map((r) => [r.supervisors.nodes, r.supervisors.storeRoundTripMs])).toEqual([[1, 0], [1, 10], [3, 0], [3, 10]]);
    });

    it.each(['supervisorNodes=2,x', 'supervisorNodes=2s', 'storeRoundTrip=fast'])('--set %s is a usage error', async (item) => {
      await expect(simulateCommand({ ...base, set: [item] }, io().io)).rejects.toThrow(UsageError);
    });
  });
});
