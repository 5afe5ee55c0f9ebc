import { describe, expect, it } from 'vitest';
import { MODE_B_CMS, oneRole, run } from '../sim-helpers.js';

const CMS_PING_MS = 60_000;
const SLEEP_MS = 120_000;
const ACK_TIMEOUT_MS = 5_000;
const CMS = `apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS }
spec: { endpoints: [ "tcp://cms:1" ], ackTimeout: 5 }
`;

function scenario(agents: number, faults = ''): string {
  return `duration: 1h
agents: [ { role: AGENT, count: ${agents} } ]
${faults}`;
}

describe('CMS availability check', () => {
  it.each([1, 10_000])('pings the CMS at most D / cmsPingInterval + 1 times with %i agents', (agents) => {
    const p = oneRole(MODE_B_CMS, scenario(agents), [CMS]);
    const m = run(p).runs[0]!.metrics;
    expect(m.cmsPings).toBeGreaterThan(0);
    expect(m.cmsPings).toBeLessThanOrEqual(3_600_000 / CMS_PING_MS + 1);
  });

  it('the CMS round trip is its own: a slow browser network (1.2 s) leaves a healthy CMS available, pinged once per interval', () => {
    // A 2 s ack timeout: twice the browsers' one-way delay would exceed it.
    const p = oneRole(MODE_B_CMS, `${scenario(200)}network: { latency: 1200ms, jitter: 100ms }`, [CMS.replace('ackTimeout: 5', 'ackTimeout: 2')]);
    const m = run(p).runs[0]!.metrics;
    expect(m.cmsPings).toBeLessThanOrEqual(3_600_000 / CMS_PING_MS + 1);
    expect(m.cmsOutageDetectionMs.count).toBe(0);
    expect(m.agentsToldOfCmsOutage).toBe(0);
  });

  it('the ack timeout still bounds the CMS round trip: a CMS slower than ackTimeout is found unavailable', () => {
    const p = oneRole(MODE_B_CMS, `${scenario(20)}cmsNetwork: { latency: 3s, jitter: 0 }`, [CMS]);
    const m = run(p).runs[0]!.metrics;
    // A 6 s round trip never beats the 5 s ack timeout: every agent hears of the outage.
    expect(m.agentsToldOfCmsOutage).toBe(20);
  });

  it('keeps at most one CMS ping in flight during an outage', () => {
    const p = oneRole(MODE_B_CMS, scenario(2000, 'faults: [ { at: 20m, type: cmsOutage, duration: 10m } ]'), [CMS]);
    const pings: { sentMs: number; ackMs: number | null }[] = [];
    run(p, { trace: () => ({ cmsPing: (e) => pings.push(e) }) });
    const during = pings.filter((x) => x.sentMs >= 20 * 60_000 && x.sentMs < 30 * 60_000);
    expect(during.length).toBeGreaterThan(10);
    for (let i = 1; i < during.length; i++) {
      const previous = during[i - 1]!;
      // An unanswered ping stays in flight until its ack timeout.
      const busyUntilMs = previous.ackMs ?? previous.sentMs + ACK_TIMEOUT_MS;
      expect(during[i]!.sentMs).toBeGreaterThanOrEqual(busyUntilMs);
    }
  });

  it('tells every logged-in agent of an outage, and of the recovery, within cmsPingInterval + 2 × watchdogSleepTime + ackTimeout', () => {
    const startMs = 20 * 60_000;
    const endMs = 30 * 60_000;
    const p = oneRole(MODE_B_CMS, scenario(1500, 'faults: [ { at: 20m, type: cmsOutage, duration: 10m } ]'), [CMS]);
    const toldDown = new Map<number, number>();
    const toldUp = new Map<number, number>();
    const report = run(p, {
      trace: () => ({
        cmsStatus: (e) => {
          const told = e.available ? toldUp : toldDown;
          if (!told.has(e.agent)) told.set(e.agent, e.atMs);
        },
      }),
    });
    const boundMs = CMS_PING_MS + 2 * SLEEP_MS + ACK_TIMEOUT_MS;
    expect(toldDown.size).toBe(1500);
    for (const atMs of toldDown.values()) {
      expect(atMs).toBeGreaterThanOrEqual(startMs);
      expect(atMs - startMs).toBeLessThanOrEqual(boundMs);
    }
    expect(toldUp.size).toBe(1500);
    for (const atMs of toldUp.values()) {
      expect(atMs).toBeGreaterThanOrEqual(endMs);
      expect(atMs - endMs).toBeLessThanOrEqual(boundMs);
    }
    const m = report.runs[0]!.metrics;
    expect(m.agentsToldOfCmsOutage).toBe(1500);
    expect(m.cmsOutageDetectionMs.count).toBe(1);
    expect(m.cmsOutageDetectionMs.max).toBeLessThanOrEqual(CMS_PING_MS + ACK_TIMEOUT_MS + SLEEP_MS);
    // An outage logs nobody off: every agent on the system is still logged in at the end.
    expect(report.runs[0]!.faults[0]).toMatchObject({ type: 'cmsOutage', affected: 1, agentsTold: 1500, stillLoggedIn: 1500 });
  });

  it('gives each endpoint of a Cms its own entry: an outage of one endpoint tells only its agents', () => {
    const twoEndpoints = CMS.replace('[ "tcp://cms:1" ]', '[ "tcp://cms:1", "tcp://cms:2" ]');
    const p = oneRole(
      MODE_B_CMS,
      scenario(100, 'faults: [ { at: 10m, type: cmsOutage, cms: CMS, endpoint: "tcp://cms:2", duration: 10m } ]'),
      [twoEndpoints],
    );
    const r = run(p).runs[0]!;
    expect(r.metrics.agentsToldOfCmsOutage).toBe(50);
    expect(r.faults[0]).toMatchObject({ affected: 1, stillLoggedIn: 50 });
    expect(Object.keys(r.timeline.cmsAvailable)).toEqual(['CMS@tcp://cms:1', 'CMS@tcp://cms:2']);
    expect(r.timeline.cmsAvailable['CMS@tcp://cms:1']!.every((v) => v === 1)).toBe(true);
    expect(r.timeline.cmsAvailable['CMS@tcp://cms:2']!.some((v) => v === 0)).toBe(true);
  });

  it('routes no call through a CMS during its outage', () => {
    const p = oneRole(
      MODE_B_CMS,
      `duration: 40m
agents: [ { role: AGENT, count: 200 } ]
calls: { ratePerSecond: 2, handleTime: 1m }
faults: [ { at: 10m, type: cmsOutage, duration: 10m } ]`,
      [CMS],
    );
    const offered: number[] = [];
    run(p, { trace: () => ({ callOffered: (e) => offered.push(e.atMs) }) });
    expect(offered.filter((t) => t >= 10 * 60_000 && t < 20 * 60_000)).toEqual([]);
    expect(offered.filter((t) => t >= 20 * 60_000).length).toBeGreaterThan(1000);
  });
});
