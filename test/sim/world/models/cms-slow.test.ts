import { describe, expect, it } from 'vitest';
import { compileLandscape } from '../../../../src/config/compiled/index.js';
import { checkText } from '../../../../src/config/pipeline.js';
import { faultExtras } from '../../../../src/sim/report/details.js';
import { normalizeScenario } from '../../../../src/sim/scenario/normalize.js';
import { MODE_B_CMS, oneRole, profileYaml, roleYaml, run } from '../sim-helpers.js';

const ACK_TIMEOUT_MS = 5_000;
const CMS = `apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS }
spec: { endpoints: [ "tcp://cms:1", "tcp://cms:2" ], ackTimeout: 5 }
`;
const START_MS = 20 * 60_000;
const END_MS = 30 * 60_000;

function slow(fault: string, agents = 400): ReturnType<typeof oneRole> {
  return oneRole(
    MODE_B_CMS,
    `duration: 1h
agents: [ { role: AGENT, count: ${agents} } ]
calls: { ratePerSecond: 1, handleTime: 3m }
faults: [ ${fault} ]`,
    [CMS],
  );
}

describe('cmsSlow fault (SPEC §1: an ack later than the Cms ackTimeout is no ack)', () => {
  it('a CMS slower than its ack timeout is marked unavailable and its agents are told, but it still routes calls and no outage is counted', () => {
    const r = run(slow('{ at: 20m, type: cmsSlow, cms: CMS, duration: 10m, latency: 8s }')).runs[0]!;
    const none = run(slow('')).runs[0]!;
    const f = r.faults[0]!;
    expect(f).toMatchObject({ type: 'cmsSlow', affected: 2, loggedOff: 0, stillLoggedIn: 400, callsMisrouted: 0 });
    expect(f.detectedAfterMs).not.toBeNull();
    // Found at the first CMS check of the slow period: within cmsPingInterval + ackTimeout + one sleep.
    expect(f.detectedAfterMs!).toBeLessThanOrEqual(60_000 + ACK_TIMEOUT_MS + 120_000);
    expect(f.agentsTold).toBe(400);
    expect(r.metrics.agentsToldOfCmsOutage).toBe(400);
    expect(r.metrics.cmsOutageDetectionMs.count).toBe(0);
    // Routing goes on: the same calls are answered as without the fault.
    expect(r.metrics.callsDelivered).toBe(none.metrics.callsDelivered);
    expect(r.metrics.callsUnanswered).toBe(none.metrics.callsUnanswered);
  });

  it('acks during the slow period come latency later; within the ack timeout the CMS stays available and nobody is told', () => {
    const pings: { sentMs: number; ackMs: number | null }[] = [];
    const r = run(slow('{ at: 20m, type: cmsSlow, cms: CMS, duration: 10m, latency: 3s }'), { trace: () => ({ cmsPing: (e) => pings.push(e) }) }).runs[0]!;
    const during = pings.filter((p) => p.sentMs >= START_MS && p.sentMs < END_MS);
    const outside = pings.filter((p) => p.sentMs < START_MS || p.sentMs >= END_MS);
    expect(during.length).toBeGreaterThan(0);
    for (const p of during) expect(p.ackMs! - p.sentMs).toBeGreaterThanOrEqual(3_000);
    for (const p of outside) expect(p.ackMs! - p.sentMs).toBeLessThan(100);
    expect(r.faults[0]).toMatchObject({ detectedAfterMs: null, agentsTold: 0, stillLoggedIn: 400 });
    expect(r.metrics.agentsToldOfCmsOutage).toBe(0);
  });

  it('jitter spreads the added round trip over latency ± jitter, so some acks are in time and some are not', () => {
    const pings: { sentMs: number; ackMs: number | null }[] = [];
    run(slow('{ at: 10m, type: cmsSlow, cms: CMS, duration: 40m, latency: 5s, jitter: 3s }'), { trace: () => ({ cmsPing: (e) => pings.push(e) }) });
    const added = pings.filter((p) => p.sentMs >= 10 * 60_000 && p.sentMs < 50 * 60_000).map((p) => p.ackMs! - p.sentMs);
    expect(Math.min(...added)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...added)).toBeLessThanOrEqual(8_000 + 10);
    expect(added.some((ms) => ms < ACK_TIMEOUT_MS)).toBe(true);
    expect(added.some((ms) => ms > ACK_TIMEOUT_MS)).toBe(true);
  });

  it('endpoint narrows it to one CMS system: only that system’s agents are counted', () => {
    const r = run(slow('{ at: 20m, type: cmsSlow, cms: CMS, endpoint: "tcp://cms:2", duration: 10m, latency: 8s }')).runs[0]!;
    expect(r.faults[0]).toMatchObject({ affected: 1, stillLoggedIn: 200, agentsTold: 200 });
  });

  it('leaves every other run as it was (its jitter has its own random stream)', () => {
    const plain = run(slow('{ at: 20m, type: cmsOutage, duration: 1m }')).runs[0]!;
    const withSlowAfter = run(slow('{ at: 20m, type: cmsOutage, duration: 1m }, { at: 59m59s, type: cmsSlow, cms: CMS, duration: 1s, latency: 1s, jitter: 1s }')).runs[0]!;
    expect(withSlowAfter.metrics).toEqual(plain.metrics);
  });
});

const CONFIG = [profileYaml('DEFAULT', MODE_B_CMS), roleYaml('AGENT', 'cms: CMS'), CMS].join('---\n');

function findingsOf(fault: string): [string, string, string][] {
  const text = `${CONFIG}---\napiVersion: hbctl/v1\nkind: Scenario\nmetadata: { name: s }\nspec:\n  duration: 1h\n  agents: [ { role: AGENT, count: 10 } ]\n  faults: [ ${fault} ]\n`;
  const checked = checkText(text, 'scenario.yaml');
  const schema = checked.findings.filter((f) => /^HB1/.test(f.rule));
  const doc = checked.landscape.scenarios[0];
  const own = doc === undefined || schema.length > 0 ? [] : normalizeScenario(doc, compileLandscape(checked.landscape)).findings;
  return [...schema, ...own].map((f) => [f.rule, f.severity, String(f.path ?? '')]);
}

describe('cmsSlow scenario checks', () => {
  it.each([
    ['a complete fault', '{ at: 1m, type: cmsSlow, cms: CMS, duration: 1m, latency: 8s, jitter: 2s }', []],
    ['no latency (schema)', '{ at: 1m, type: cmsSlow, cms: CMS, duration: 1m }', [['HB100', 'error']]],
    ['no cms (schema)', '{ at: 1m, type: cmsSlow, duration: 1m, latency: 8s }', [['HB100', 'error']]],
    ['no duration (schema)', '{ at: 1m, type: cmsSlow, cms: CMS, latency: 8s }', [['HB100', 'error']]],
    ['an unknown Cms', '{ at: 1m, type: cmsSlow, cms: CMX, duration: 1m, latency: 8s }', [['HB300', 'error', 'spec.faults.0.cms']]],
    ['an unknown endpoint', '{ at: 1m, type: cmsSlow, cms: CMS, endpoint: "tcp://x:1", duration: 1m, latency: 8s }', [['HB300', 'error', 'spec.faults.0.endpoint']]],
    ['jitter above latency', '{ at: 1m, type: cmsSlow, cms: CMS, duration: 1m, latency: 1s, jitter: 3s }', [['HB301', 'warning', 'spec.faults.0.jitter']]],
    ['latency 0 without jitter', '{ at: 1m, type: cmsSlow, cms: CMS, duration: 1m, latency: 0 }', [['HB301', 'warning', 'spec.faults.0.latency']]],
    ['jitter on another fault type', '{ at: 1m, type: cmsOutage, duration: 1m, jitter: 1s }', [['HB301', 'warning', 'spec.faults.0.jitter']]],
  ] as const)('%s', (_name, fault, expected) => {
    const got = findingsOf(fault);
    expect(got.map(([rule, severity, path]) => (expected.some((e) => e.length === 2) ? [rule, severity] : [rule, severity, path]))).toEqual(expected.map((e) => [...e]));
  });
});

describe('cmsSlow in the text and HTML fault lines', () => {
  it.each([
    ['cmsSlow', 65_000, 'marked unavailable after 1m05s, 3 agents told'],
    ['cmsSlow', null, 'never marked unavailable, 0 agents told'],
    ['cmsOutage', 65_000, 'detected after 1m05s, 3 agents told'],
    ['cmsOutage', null, 'never detected, 0 agents told'],
  ] as const)('%s, detectedAfterMs %s: %s', (type, detectedAfterMs, text) => {
    const outcome = { index: 0, type, atMs: 0, affected: 1, loggedOff: 0, stillLoggedIn: 3, callsMisrouted: 0, detectedAfterMs, agentsTold: detectedAfterMs === null ? 0 : 3 };
    expect(faultExtras(outcome)).toBe(text);
  });
});
