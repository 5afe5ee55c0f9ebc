import { describe, expect, it } from 'vitest';
import { harness, MODE_B, MODE_B_CMS, S, type ConfigSpec } from './harness.js';

const CMS = { CMS: { endpoints: ['tcp://a:1'], ackTimeoutMs: 5 * S } };
const LB = { CMS: { endpoints: ['tcp://a:1', 'tcp://b:1'], ackTimeoutMs: 5 * S } };

/** `n` agents of `role` logged in spread over the first sleep, then pinging every 30 s (live browsers). */
function liveAgents(h: ReturnType<typeof harness>, n: number, role: string, durationMs: number, first = 0): void {
  for (let i = 0; i < n; i++) {
    h.clock.advance(i === 0 ? 0 : Math.floor((60 * S) / n));
    h.runtime.login(first + i, role);
  }
  for (let t = 0; t < durationMs; t += 30 * S) {
    h.clock.advance(30 * S);
    for (let i = 0; i < n; i++) h.runtime.ping(first + i);
  }
}

describe('Runtime: the CMS availability check (SPEC §1)', () => {
  it.each([1, 200])('%i agents share one check and one lock: pings ≤ D / cmsPingInterval + 1, never two in flight', (n) => {
    const h = harness({ roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS' } }, cms: CMS });
    const durationMs = 3600 * S;
    liveAgents(h, n, 'AGENT', durationMs);
    expect(h.cms.pings.length).toBeLessThanOrEqual(durationMs / (30 * S) + 2);
    expect(h.cms.pings.length).toBeGreaterThan(durationMs / (60 * S) / 2);
    expect(h.cms.maxInFlight).toBe(1);
    expect(h.recorder.of('cmsPing').length).toBe(h.cms.pings.length);
    expect(h.recorder.of('loggedOff')).toEqual([]);
  });

  it('two roles with the same ping interval and ack timeout share the check: still one ping in flight and one ping per interval', () => {
    const spec: ConfigSpec = { roles: { A: { values: MODE_B_CMS, cms: 'CMS' }, B: { values: MODE_B_CMS, cms: 'CMS' } }, cms: CMS };
    const h = harness(spec, { ackDelayMs: 2 * S });
    for (let i = 0; i < 40; i++) h.runtime.login(i, i % 2 === 0 ? 'A' : 'B');
    for (let t = 0; t < 1800 * S; t += 10 * S) {
      h.clock.advance(10 * S);
      for (let i = 0; i < 40; i++) h.runtime.ping(i);
    }
    expect(h.cms.maxInFlight).toBe(1);
    expect(h.cms.pings.length).toBeLessThanOrEqual(1800 / 30 + 1);
  });

  it('mode B without cmsPingInterval, and mode A, never ping the CMS', () => {
    const h = harness({ roles: { B: { values: MODE_B, cms: 'CMS' }, A: { values: { ...MODE_B, watchdogEnabled: false }, cms: 'CMS' } }, cms: CMS });
    h.runtime.login(0, 'B');
    h.runtime.login(1, 'A');
    for (let t = 0; t < 600 * S; t += 30 * S) {
      h.clock.advance(30 * S);
      h.runtime.ping(0);
      h.runtime.ping(1);
    }
    expect(h.cms.pings).toEqual([]);
  });

  it('an outage: detected once, every logged-in agent of that CMS is told "unavailable" and then "available" after the recovery, each once', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS' }, OTHER: { values: MODE_B_CMS, cms: 'ELSE' } }, cms: CMS });
    liveAgents(h, 10, 'AGENT', 120 * S);
    h.runtime.login(10, 'OTHER');
    h.cms.down.add('CMS');
    const outageMs = h.clock.now();
    for (let t = 0; t < 300 * S; t += 30 * S) {
      h.clock.advance(30 * S);
      for (let i = 0; i <= 10; i++) h.runtime.ping(i);
    }
    h.cms.down.delete('CMS');
    for (let t = 0; t < 300 * S; t += 30 * S) {
      h.clock.advance(30 * S);
      for (let i = 0; i <= 10; i++) h.runtime.ping(i);
    }
    const outages = h.recorder.of('outage');
    expect(outages).toHaveLength(1);
    expect(outages[0]!.cms).toBe('CMS');
    const bound = 30 * S + 2 * 60 * S + 5 * S;
    expect(outages[0]!.atMs - outageMs).toBeLessThanOrEqual(bound);
    expect(h.recorder.of('recovered')).toHaveLength(1);
    const told = h.recorder.of('cmsStatus');
    for (let agent = 0; agent < 10; agent++) {
      expect(told.filter((e) => e.agent === agent).map((e) => e.available)).toEqual([false, true]);
    }
    expect(told.filter((e) => e.agent === 10)).toEqual([]);
    expect(told.every((e) => e.cms === 'CMS')).toBe(true);
  });

  it('several endpoints are several systems: logins spread round-robin, each system pinged under its own lock', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS' } }, cms: LB });
    expect(h.runtime.cmsSystems.map((s) => s.name)).toEqual(['CMS@tcp://a:1', 'CMS@tcp://b:1']);
    liveAgents(h, 4, 'AGENT', 600 * S);
    expect([0, 1, 2, 3].map((a) => h.runtime.cmsSystemOf(a))).toEqual(['CMS@tcp://a:1', 'CMS@tcp://b:1', 'CMS@tcp://a:1', 'CMS@tcp://b:1']);
    expect([0, 1, 2, 3].map((a) => h.runtime.cmsSystemIndexOf(a))).toEqual([0, 1, 0, 1]);
    expect(new Set(h.cms.pings.map((p) => p.cms))).toEqual(new Set(['CMS@tcp://a:1', 'CMS@tcp://b:1']));
    expect(h.runtime.cmsSystemOf(4)).toBeNull();
    expect(h.runtime.cmsSystemIndexOf(4000)).toBe(-1);
  });

  it('the driver may name the CMS system of a login; one that is not the role\'s is a problem', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS' }, OTHER: { values: MODE_B, cms: 'ELSE' } }, cms: LB });
    expect(h.runtime.login(0, 'AGENT', 'CMS@tcp://b:1')).toBeNull();
    expect(h.runtime.login(1, 'AGENT', 'CMS@tcp://b:1')).toBeNull();
    expect(h.runtime.cmsSystemOf(0)).toBe('CMS@tcp://b:1');
    expect(h.runtime.cmsSystemOf(1)).toBe('CMS@tcp://b:1');
    expect(h.runtime.login(2, 'AGENT', 'ELSE')).toEqual({ problem: "CMS system 'ELSE' is not one of role 'AGENT'" });
    expect(h.runtime.login(2, 'AGENT', 'NOPE')).toEqual({ problem: "CMS system 'NOPE' is not one of role 'AGENT'" });
    expect(h.runtime.isLoggedIn(2)).toBe(false);
    expect(h.runtime.cmsSystemsOfRole('OTHER').map((s) => s.name)).toEqual(['ELSE']);
  });

  it('a login on another CMS system replaces the session (replaced), and its watchdog checks the new system', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS' } }, cms: LB });
    h.runtime.login(0, 'AGENT', 'CMS@tcp://a:1');
    h.runtime.login(0, 'AGENT', 'CMS@tcp://b:1');
    expect(h.recorder.of('loggedOff')).toEqual([{ kind: 'loggedOff', agent: 0, reason: 'replaced', atMs: 0 }]);
    expect(h.runtime.loggedInAgents).toBe(1);
    h.clock.advance(60 * S);
    expect(h.cms.pings).toEqual([{ cms: 'CMS@tcp://b:1', atMs: 60 * S }]);
  });

  it('an outage seen by one role is told to a watchdog of another role on the same CMS (the shared table)', () => {
    const spec: ConfigSpec = { roles: { FAST: { values: MODE_B_CMS, cms: 'CMS' }, SLOW: { values: { ...MODE_B_CMS, cmsPingIntervalMs: 600 * S }, cms: 'CMS' } }, cms: CMS };
    const h = harness(spec);
    h.runtime.login(0, 'FAST');
    h.runtime.login(1, 'SLOW');
    h.cms.down.add('CMS');
    for (let t = 0; t < 300 * S; t += 30 * S) {
      h.clock.advance(30 * S);
      h.runtime.ping(0);
      h.runtime.ping(1);
    }
    expect(h.recorder.of('cmsStatus').filter((e) => !e.available).map((e) => e.agent).sort()).toEqual([0, 1]);
  });
});
