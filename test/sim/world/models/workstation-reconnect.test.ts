import { describe, expect, it } from 'vitest';
import { MODE_A, prepare, profileYaml, roleYaml, run, scenarioYaml } from '../sim-helpers.js';

const KEEPALIVE = `apiVersion: hbctl/v1
kind: KeepAliveSettings
metadata: { name: system }
spec: { idleTime: 5m, probeInterval: 30, probeCount: 4 }
`;

function tuxedo(keepAlive: string, faults: string, slots = '') {
  return prepare(
    profileYaml('DEFAULT', MODE_A),
    roleYaml('AGENT'),
    `apiVersion: hbctl/v1
kind: WorkstationListener
metadata: { name: WSL }
spec: { srvgrp: G, srvid: 1, clopt: "-A -- -n //h:1 -d /dev/tcp -K ${keepAlive}${slots}" }
`,
    KEEPALIVE,
    scenarioYaml(`duration: 2h
agents: [ { role: AGENT, count: 1 } ]
workstations: { clientsPerListener: 10, callInterval: 20m, reconnectAfter: 1m }
faults: [ ${faults} ]`),
  );
}

/** The network of 4 clients is down 10m–30m: long enough for the handler (idle 5m + 4 × 30 s) to clean their entries. */
const DOWN = '{ at: 10m, type: workstationNetworkDown, clients: 4, duration: 20m }';

describe('a Tuxedo client whose entry the handler cleaned (SPEC §1, -K handler|both)', () => {
  it.each([
    ['handler', 4],
    ['both', 4],
  ])('-K %s: its next call fails with TPESYSTEM, then it connects again through the listener and calls on', (mode, reconnects) => {
    const events: { client: number; atMs: number }[] = [];
    const report = run(tuxedo(mode, DOWN), { trace: () => ({ workstationReconnected: (e) => events.push(e) }) });
    const r = report.runs[0]!;
    expect(r.metrics.workstationEntriesCleaned).toBe(4);
    expect(events).toHaveLength(reconnects);
    // Each hit client connects again after the link is back, on its first call then.
    for (const e of events) {
      expect(e.atMs).toBeGreaterThanOrEqual(30 * 60_000);
      expect(e.atMs).toBeLessThan(50 * 60_000);
    }
    expect(r.faults[0]).toMatchObject({ affected: 4, entriesCleaned: 4, stillLoggedIn: 4 });
    // One call of each falls in the outage (TPESYSTEM: the link is down), one after it (TPESYSTEM: the entry is gone); the rest succeed.
    expect(r.faults[0]!.tpesystemFailures).toBe(8);
    expect(r.metrics.tpesystemFailures).toBe(8);
  });

  it('-K client: nobody cleans the entry; the client gave the network up itself and keeps failing (no reconnect)', () => {
    const events: unknown[] = [];
    const r = run(tuxedo('client', DOWN), { trace: () => ({ workstationReconnected: (e) => events.push(e) }) }).runs[0]!;
    expect(events).toEqual([]);
    expect(r.faults[0]).toMatchObject({ entriesCleaned: 0, stillLoggedIn: 0 });
    // Every call of the 4 clients from the outage to the end fails: 10m … 2h, one every 20 min.
    expect(r.faults[0]!.tpesystemFailures).toBeGreaterThanOrEqual(4 * 5);
  });

  it('a reconnect needs a free -x slot: with every slot taken it is refused, and the client tries again after its next failed call', () => {
    // 10 slots, 10 clients; 4 vanish at 5m and are replaced at 6m (refused: their stale entries hold the slots until cleaned),
    // then the network of 4 others goes down.
    const events: { client: number; atMs: number }[] = [];
    const r = run(tuxedo('handler', `{ at: 5m, type: workstationDrop, clients: 4 }, ${DOWN}`, ' -x 10'), {
      trace: () => ({ workstationReconnected: (e) => events.push(e) }),
    }).runs[0]!;
    expect(r.metrics.workstationConnectsRefused).toBeGreaterThan(0);
    expect(r.faults[1]!.stillLoggedIn).toBe(r.faults[1]!.affected);
    expect(events.length).toBeGreaterThan(0);
  });
});
