import { describe, expect, it } from 'vitest';
import type { RunTrace } from '../../../src/sim/world/world.js';
import { MODE_A, MODE_B, oneRole, prepare, profileYaml, roleYaml, run, scenarioYaml } from './sim-helpers.js';

/**
 * SPEC §5: two points of view, one meaning per state. The caller's: a call
 * offered to a browser that cannot present it (crashed, or frozen at that
 * moment) is misrouted, never delivered to a live agent. The agent's: a
 * log-off is true when the browser is gone for good (crashed), false when it
 * would have come back (frozen); detection latency is measured for true
 * log-offs only.
 */
type Offer = Parameters<NonNullable<RunTrace['callOffered']>>[0];
type Logoff = Parameters<NonNullable<RunTrace['loggedOff']>>[0];

function traced(profile: string, faults: string, agents = 300) {
  const offers: Offer[] = [];
  const logoffs: Logoff[] = [];
  const p = oneRole(
    profile,
    `duration: 1h
agents: [ { role: AGENT, count: ${agents} } ]
calls: { ratePerSecond: 3, handleTime: 1m }
faults: [ ${faults} ]`,
  );
  const report = run(p, { trace: () => ({ callOffered: (e) => offers.push(e), loggedOff: (e) => logoffs.push(e) }) });
  return { r: report.runs[0]!, offers, logoffs };
}

const FREEZE = '{ at: 10m, type: browserFreeze, agents: 20%, duration: 10m }';
const SHORT_FREEZE = '{ at: 10m, type: browserFreeze, agents: 30%, duration: 90s }';
const CRASH = '{ at: 10m, type: browserCrash, agents: 10% }';

describe('one meaning per browser state (SPEC §5)', () => {
  it.each([
    ['mode A, a long freeze', MODE_A, FREEZE],
    ['mode B, a long freeze', MODE_B, FREEZE],
    ['mode B, a freeze shorter than the lag', MODE_B, SHORT_FREEZE],
    ['mode A, a crash and a freeze', MODE_A, `${CRASH}, ${FREEZE}`],
    ['mode B, a crash and a freeze', MODE_B, `${CRASH}, ${FREEZE}`],
  ])('%s: a call delivered to a crashed or frozen browser is misrouted, and only calls a live browser can present count as delivered', (_name, profile, faults) => {
    const { r, offers } = traced(profile, faults);
    const delivered = offers.filter((o) => o.result === 'delivered');
    expect(r.metrics.callsMisrouted).toBe(delivered.filter((o) => !o.browserCanPresent).length);
    expect(r.metrics.callsDelivered).toBe(delivered.filter((o) => o.browserCanPresent).length);
    expect(r.metrics.callsRejected).toBe(offers.filter((o) => o.result !== 'delivered').length);
    // The frozen browsers (not crashed: no crash time) got misrouted calls in every case.
    expect(delivered.some((o) => !o.browserCanPresent && o.deadSinceMs === null)).toBe(true);
    expect(r.timeline.callsMisrouted.reduce((a, b) => a + b, 0)).toBe(r.metrics.callsMisrouted);
  });

  it.each([
    ['mode A, a long freeze', MODE_A, FREEZE, { true: 0, falseAtLeast: 1 }],
    ['mode B, a long freeze', MODE_B, FREEZE, { true: 0, falseAtLeast: 60 }],
    ['mode B, a crash', MODE_B, CRASH, { true: 30, falseAtLeast: 0 }],
    ['mode B, a crash and a freeze', MODE_B, `${CRASH}, ${FREEZE}`, { true: 30, falseAtLeast: 1 }],
  ])('%s: the log-off of a frozen browser is false, of a crashed one true; detection latency counts true log-offs only', (_name, profile, faults, expected) => {
    const { r, logoffs } = traced(profile, faults);
    const m = r.metrics;
    expect(m.trueLogoffs).toBe(expected.true);
    expect(m.falseLogoffs).toBeGreaterThanOrEqual(expected.falseAtLeast);
    expect(logoffs.filter((l) => l.trueLogoff)).toHaveLength(m.trueLogoffs);
    expect(logoffs.filter((l) => !l.trueLogoff)).toHaveLength(m.falseLogoffs);
    for (const l of logoffs) if (l.browserFrozen) expect(l.trueLogoff).toBe(false);
    if (expected.falseAtLeast > 0) expect(logoffs.some((l) => l.browserFrozen)).toBe(true);
    expect(m.detectionMs.count).toBe(m.trueLogoffs);
    for (const l of logoffs) expect(l.deadSinceMs === null).toBe(!l.trueLogoff);
  });
});

const CMS = `apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS }
spec: { endpoints: [ "tcp://cms:1" ], ackTimeout: 5 }
`;
/** A lag long enough that a 10-minute freeze logs nobody off: the CMS message alone is looked at. */
const PATIENT = 'browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 60, heartbeatWatchdogLag: 1200, cmsPingInterval: 30';

describe('agents told of a CMS outage: only a browser that shows the message counts (SPEC §1, §5)', () => {
  it.each([
    // The outage lasts 20m–30m; 25 of 100 browsers are hit just before it starts.
    ['nobody hit', '', 100],
    ['frozen across the start, thawed while it lasts: the held message shows at the thaw', '{ at: 19m59s, type: browserFreeze, agents: 25, duration: 5m }', 100],
    ['frozen for the whole outage: the recovery replaces the held message, never shown', '{ at: 19m59s, type: browserFreeze, agents: 25, duration: 15m }', 75],
    ['crashed: never shown', '{ at: 19m59s, type: browserCrash, agents: 25 }', 75],
  ])('%s', (_name, fault, told) => {
    const p = prepare(
      profileYaml('DEFAULT', PATIENT),
      roleYaml('AGENT'),
      CMS,
      scenarioYaml(`duration: 1h
agents: [ { role: AGENT, count: 100 } ]
faults: [ { at: 20m, type: cmsOutage, duration: 10m }${fault === '' ? '' : `, ${fault}`} ]`),
    );
    const r = run(p).runs[0]!;
    expect(r.metrics.falseLogoffs).toBe(0);
    expect(r.metrics.agentsToldOfCmsOutage).toBe(told);
    expect(r.faults[0]!.agentsTold).toBe(told);
  });
});

const PUSH_DOCS = [
  `apiVersion: hbctl/v1
kind: CommunicationsDriver
metadata: { name: PKA }
spec:
  channelType: Push Keep Alive
  libraryName: sscmimed
  parameters: { PushKeepAliveTimer: { type: seconds, default: 60 } }
`,
  `apiVersion: hbctl/v1
kind: CommunicationsProfile
metadata: { name: PKA }
spec: { driver: PKA }
`,
  `apiVersion: hbctl/v1
kind: CommunicationsConfiguration
metadata: { name: CFG }
spec: { profiles: [ PKA ], parameters: { ChannelCleanupTimer: 180 } }
`,
];

describe('a thawed browser whose push channel was cleaned opens a new one', () => {
  it.each([
    // Ticks every minute to the server and every open channel: 20 agents, 30 minutes.
    ['a freeze shorter than the cleanup timer keeps its channel', '1m', 0],
    ['a freeze past the cleanup timer: the channel is cleaned, and the thawed browser opens a new one', '8m', 5],
  ])('%s', (_name, duration, cleaned) => {
    const p = prepare(
      profileYaml('DEFAULT', PATIENT),
      roleYaml('AGENT', 'communicationsConfiguration: CFG'),
      ...PUSH_DOCS,
      scenarioYaml(`duration: 30m
agents: [ { role: AGENT, count: 20 } ]
faults: [ { at: 10m, type: browserFreeze, agents: 5, duration: ${duration} } ]`),
    );
    const m = run(p).runs[0]!.metrics;
    expect(m.falseLogoffs).toBe(0);
    expect(m.channelsCleaned).toBe(cleaned);
    // Every browser has an open channel at each of the 30 ticks but while its channel is gone:
    // frozen at 10m (last answer at the 9m tick), cleaned at the 12m tick, reopened at the thaw
    // at 18m: the ticks 12m … 17m reach 15 channels, not 20. Without a new channel the frozen
    // five would miss every tick to the end (19 of them).
    const missed = cleaned === 0 ? 0 : 5 * 6;
    expect(m.keepAliveMessages).toBe(30 + 20 * 30 - missed);
  });
});
