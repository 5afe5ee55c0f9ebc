import { describe, expect, it } from 'vitest';
import { MODE_A, prepare, profileYaml, roleYaml, run, scenarioYaml } from './sim-helpers.js';

const PUSH_DOCS = [
  `apiVersion: hbctl/v1
kind: CommunicationsDriver
metadata: { name: PKA }
spec:
  channelType: Push Keep Alive
  libraryName: sscmimed
  parameters: { PushKeepAliveTimer: { type: seconds, default: 300 } }
`,
  `apiVersion: hbctl/v1
kind: CommunicationsProfile
metadata: { name: PKA }
spec: { driver: PKA, parameterOverrides: { PushKeepAliveTimer: 180 } }
`,
  `apiVersion: hbctl/v1
kind: CommunicationsConfiguration
metadata: { name: CFG }
spec: { profiles: [ PKA ], parameters: { ChannelCleanupTimer: 600 } }
`,
];

function listenerYaml(clopt: string): string {
  return `apiVersion: hbctl/v1
kind: WorkstationListener
metadata: { name: WSL }
spec: { srvgrp: G, srvid: 1, clopt: "${clopt}" }
`;
}

const KEEPALIVE = `apiVersion: hbctl/v1
kind: KeepAliveSettings
metadata: { name: system }
spec: { idleTime: 5m, probeInterval: 30, probeCount: 4 }
`;

function tuxedo(clopt: string, faults: string): ReturnType<typeof prepare> {
  return prepare(
    profileYaml('DEFAULT', MODE_A),
    roleYaml('AGENT'),
    listenerYaml(clopt),
    KEEPALIVE,
    scenarioYaml(`duration: 1h
agents: [ { role: AGENT, count: 1 } ]
workstations: { clientsPerListener: 15, callInterval: 20m, reconnectAfter: 1m }
faults: [ ${faults} ]`),
  );
}

describe('push keep-alive (Siebel)', () => {
  it('sends one heartbeat to the server and one to each open channel every PushKeepAliveTimer, and cleans abandoned channels after ChannelCleanupTimer', () => {
    const p = prepare(
      profileYaml('DEFAULT', MODE_A),
      roleYaml('AGENT', 'communicationsConfiguration: CFG'),
      ...PUSH_DOCS,
      scenarioYaml(`duration: 30m
agents: [ { role: AGENT, count: 40 } ]
faults: [ { at: 10m, type: browserCrash, agents: 5 } ]`),
    );
    const m = run(p).runs[0]!.metrics;
    // Ticks at 3m, 6m, … 30m: 10. A browser crashed at 10m last answered the 9m tick;
    // its channel gets the 12m, 15m, 18m ticks too and is cleaned at the 21m tick (≥ 10 min silent).
    const ticks = 10;
    expect(m.keepAliveMessages).toBe(ticks + 35 * ticks + 5 * 6);
    expect(m.channelsCleaned).toBe(5);
  });
});

describe('workstation keep-alive (Tuxedo)', () => {
  it('-K none behaves exactly like no -K', () => {
    const faults = '{ at: 10m, type: workstationDrop, clients: 8 }, { at: 30m, type: workstationNetworkDown, clients: 3, duration: 15m }';
    const none = run(tuxedo('-A -- -n //h:1 -d /dev/tcp -K none -x 20', faults)).runs[0]!;
    const absent = run(tuxedo('-A -- -n //h:1 -d /dev/tcp -x 20', faults)).runs[0]!;
    expect(none.metrics).toEqual(absent.metrics);
    expect(none.faults).toEqual(absent.faults);
    expect(none.metrics.workstationEntriesCleaned).toBe(0);
    // 15 stale entries + replacements > 20 slots: the last 3 replacements are refused every minute.
    expect(none.metrics.workstationConnectsRefused).toBeGreaterThan(0);
  });

  it('-K handler cleans the entries of vanished clients, so their replacements get slots', () => {
    const r = run(tuxedo('-A -- -n //h:1 -d /dev/tcp -K handler -x 20', '{ at: 10m, type: workstationDrop, clients: 8 }')).runs[0]!;
    expect(r.metrics.workstationEntriesCleaned).toBe(8);
    // Every hit user runs a connected replacement at the end.
    expect(r.faults[0]).toMatchObject({ affected: 8, entriesCleaned: 8, stillLoggedIn: 8 });
    expect(r.metrics.tpesystemFailures).toBe(0);
  });

  it('-K client: a client whose probes go unanswered considers the network down and later calls fail with TPESYSTEM', () => {
    const down = '{ at: 10m, type: workstationNetworkDown, clients: 5, duration: 20m }';
    const client = run(tuxedo('-A -- -n //h:1 -d /dev/tcp -K client', down)).runs[0]!;
    const none = run(tuxedo('-A -- -n //h:1 -d /dev/tcp -K none', down)).runs[0]!;
    // Calls while the link is down fail in every mode; with -K client the calls after it is back fail too.
    expect(client.metrics.tpesystemFailures).toBeGreaterThan(none.metrics.tpesystemFailures);
    expect(client.faults[0]!.tpesystemFailures).toBe(client.metrics.tpesystemFailures);
    expect(client.metrics.workstationEntriesCleaned).toBe(0);
  });

  it('a later workstation fault hits the client the user runs now, not the one that already vanished (regression: it hit the dead client and started a phantom replacement)', () => {
    const twoDrops = run(
      tuxedo('-A -- -n //h:1 -d /dev/tcp -K handler -x 40', '{ at: 10m, type: workstationDrop, clients: 15 }, { at: 30m, type: workstationDrop, clients: 15 }'),
    ).runs[0]!;
    // Each drop leaves 15 stale entries, cleaned 5m + 4 × 30s later; no user ever runs two clients, so no slot runs out.
    expect(twoDrops.metrics.workstationEntriesCleaned).toBe(30);
    expect(twoDrops.faults.map((f) => f.entriesCleaned)).toEqual([15, 15]);
    expect(twoDrops.metrics.workstationConnectsRefused).toBe(0);

    const dropThenDown = run(
      tuxedo('-A -- -n //h:1 -d /dev/tcp -K none', '{ at: 10m, type: workstationDrop, clients: 15 }, { at: 30m, type: workstationNetworkDown, clients: 15, duration: 20m }'),
    ).runs[0]!;
    // Every replacement calls once in the 20 minutes its link is down (callInterval 20m).
    expect(dropThenDown.faults[1]).toMatchObject({ affected: 15, tpesystemFailures: 15 });
  });
});
