import { describe, expect, it } from 'vitest';
import { CmsCheck } from '../../../src/engine/cms-check.js';
import type { CmsPort } from '../../../src/engine/ports.js';
import type { CommunicationSession } from '../../../src/engine/session.js';
import type { RedisStore } from '../../../src/store/index.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { eventually, freshPrefix, openNode, sharedRedisServer, sleep } from './helpers.js';
import { redisAvailability } from './redis-server.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`CMS check over Redis tests ${availability.skipMessage}`);

const CMS_PING_INTERVAL_MS = 300;
const ACK_TIMEOUT_MS = 150;
const WAKE_GAP_MS = 10;
const AGENTS_PER_NODE = 20;
/**
 * Longer than any stall of a loaded machine: a command that times out is the store's outage to the node, which
 * then pings under its node-local lock (docs/redis.md, degraded mode) beside the other node's ping. Outages are
 * degraded.test.ts's subject; this test is about a store that answers, however slowly.
 */
const COMMAND_TIMEOUT_MS = 10_000;

/** A CMS on real time that acks after `ackDelayMs` unless it is down, and counts pings in flight. */
class RealTimeCms implements CmsPort {
  pings = 0;
  outstanding = 0;
  maxOutstanding = 0;
  down = false;
  constructor(private readonly ackDelayMs: number) {}
  ping(_cms: string, onAck: () => void): void {
    this.pings++;
    this.maxOutstanding = Math.max(this.maxOutstanding, ++this.outstanding);
    const down = this.down;
    setTimeout(() => {
      this.outstanding--;
      if (!down) onAck();
    }, down ? ACK_TIMEOUT_MS : this.ackDelayMs);
  }
}

/** One supervisor node: its own clock, store and CmsCheck; its agents' watchdogs wake in turn every WAKE_GAP_MS. */
function runNode(store: RedisStore, cms: RealTimeCms, counts: { outages: number; recoveries: number; told: boolean[] }) {
  const clock = new RealClock();
  const check = new CmsCheck(clock, store.cmsTable, cms, { cmsPingIntervalMs: CMS_PING_INTERVAL_MS, ackTimeoutMs: ACK_TIMEOUT_MS }, {
    outageDetected: () => void counts.outages++,
    recovered: () => void counts.recoveries++,
  });
  const session = { tellCmsStatus: (_cms: string, available: boolean) => void counts.told.push(available) } as unknown as CommunicationSession;
  let agent = 0;
  const wake = (): void => {
    check.onWake(session, 'cms');
    agent = (agent + 1) % AGENTS_PER_NODE;
    clock.schedule(WAKE_GAP_MS, wake);
  };
  clock.schedule(0, wake);
  return () => {
    check.stop();
    clock.cancelAll();
  };
}

describe.runIf(availability.run)('the CMS check on real time over two nodes sharing one Redis (SPEC §1)', () => {
  const shared = sharedRedisServer();

  it('the CMS is pinged about once per interval in total, not once per node; an outage and a recovery are detected once', async () => {
    const prefix = freshPrefix();
    const nodes = [await openNode(shared.server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS }), await openNode(shared.server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS })];
    shared.opened.push(...nodes);
    const cms = new RealTimeCms(5);
    const counts = { outages: 0, recoveries: 0, told: [] as boolean[] };
    const stops = nodes.map((node) => runNode(node, cms, counts));
    // For the failure messages: a stall longer than the lock's margin (1 s) between Redis taking the lock and the
    // holder reading the grant can let the lock expire under its ping (docs/redis.md, "The CMS lock").
    let stallMsMax = 0;
    let lastTickMs = Date.now();
    const stallProbe = setInterval(() => {
      const nowMs = Date.now();
      stallMsMax = Math.max(stallMsMax, nowMs - lastTickMs - 10);
      lastTickMs = nowMs;
    }, 10);
    stallProbe.unref();
    const inFlight = () => `pings in flight at once (longest event-loop stall ${stallMsMax} ms, store errors ${nodes.map((n) => n.status().errors).join('/')})`;
    const upMs = 3000;
    await sleep(upMs);
    const pingsUp = cms.pings;
    // Two nodes pinging on their own would make about twice upMs / interval. A ping falls due at the first
    // wake after the interval and takes the ack delay and store round trips, so a loaded machine makes fewer.
    expect(pingsUp).toBeLessThanOrEqual(upMs / CMS_PING_INTERVAL_MS + 1);
    expect(pingsUp).toBeGreaterThanOrEqual(Math.floor(upMs / (2 * CMS_PING_INTERVAL_MS)));
    expect(cms.maxOutstanding, inFlight()).toBe(1);

    // Detection takes an interval, the ack timeout and a store round trip: waited for, not assumed. The outage
    // and then the recovery go on for a second, during which every node pings again; none reports it twice.
    cms.down = true;
    await eventually(() => counts.outages > 0, 5000, 'the outage detected');
    await sleep(1000);
    expect(counts.outages, `outages detected; ${inFlight()}`).toBe(1);
    cms.down = false;
    await eventually(() => counts.recoveries > 0, 5000, 'the recovery detected');
    await sleep(1000);
    for (const stop of stops) stop();
    clearInterval(stallProbe);
    expect(counts.recoveries, `recoveries detected; ${inFlight()}`).toBe(1);
    expect(cms.maxOutstanding, inFlight()).toBe(1);
    expect(counts.told.at(-1)).toBe(true);
    // The premise: every store command was answered, so no node fell back to its node-local lock.
    for (const node of nodes) expect(node.status().errors, 'store commands failed').toBe(0);
  }, 30_000);
});
