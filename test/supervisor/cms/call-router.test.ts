import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/sim/world/virtual-clock.js';
import type { CmsMessage } from '../../../src/supervisor/cms/protocol.js';
import { CallRouter, type CallRouterOptions } from '../../../src/supervisor/cms-server/call-router.js';
import { exponentialGapMs, seededRandom } from '../../../src/supervisor/cms-server/random.js';

function router(opts: Partial<CallRouterOptions> = {}) {
  const clock = new VirtualClock();
  const sent: { conn: number; message: CmsMessage }[] = [];
  const events: string[] = [];
  const r = new CallRouter({
    clock,
    ringTimeoutMs: 10_000,
    handleTimeMs: 60_000,
    maxQueuedCalls: 100,
    maxOffersPerCall: 10,
    send: (conn, message) => sent.push({ conn, message }),
    log: (event) => events.push(event),
    ...opts,
  });
  const offers = (): string[] => sent.filter((s) => s.message.type === 'offer').map((s) => `${(s.message as { call: string }).call}->${(s.message as { agent: string }).agent}`);
  return { r, clock, sent, events, offers };
}

describe('CallRouter (deterministic, virtual clock)', () => {
  it('routes each call to the ready agent idle the longest', () => {
    const { r, clock, offers } = router({ handleTimeMs: 1_000 });
    for (const a of ['a', 'b', 'c']) {
      r.login(1, a, 'IC_AGENT');
      r.ready(a);
      clock.runUntil(clock.now() + 1);
    }
    r.callArrives();
    r.accept('a', 'c1');
    clock.runUntil(2_000); // a's call ends: a is now idle the shortest
    r.callArrives();
    r.callArrives();
    expect(offers()).toEqual(['c1->a', 'c2->b', 'c3->c']);
  });

  it('queues calls while nobody is ready and offers them in arrival order when an agent becomes ready', () => {
    const { r, offers } = router();
    r.callArrives();
    r.callArrives();
    r.login(1, 'a', 'IC_AGENT');
    r.ready('a');
    expect(offers()).toEqual(['c1->a']);
    expect(r.queuedCalls).toBe(1);
  });

  it('abandons a call that arrives to a full queue', () => {
    const { r, events } = router({ maxQueuedCalls: 1 });
    r.callArrives();
    r.callArrives();
    expect(r.queuedCalls).toBe(1);
    expect(r.stats.abandoned).toBe(1);
    expect(events).toContain('callAbandoned');
  });

  it('abandons a call rejected by every offer once it reaches its offer limit (a rejecting agent cannot loop it forever)', () => {
    const { r, offers } = router({ maxOffersPerCall: 3 });
    r.login(1, 'a', 'IC_AGENT');
    r.ready('a');
    r.callArrives();
    for (let i = 0; i < 3; i++) r.reject('a', 'c1');
    expect(offers()).toEqual(['c1->a', 'c1->a', 'c1->a']);
    expect(r.stats).toMatchObject({ rejected: 3, abandoned: 1 });
    expect(r.statusOf('a')).toBe('ready');
  });

  it('an agent that rings out goes not ready and is told so (redirect on no answer)', () => {
    const { r, clock, sent } = router({ ringTimeoutMs: 5_000 });
    r.login(7, 'a', 'IC_AGENT');
    r.ready('a');
    r.callArrives();
    clock.runUntil(4_999);
    expect(r.statusOf('a')).toBe('ringing');
    clock.runUntil(5_000);
    expect(r.statusOf('a')).toBe('notReady');
    expect(sent.at(-1)).toEqual({ conn: 7, message: { type: 'notReady', agent: 'a', reason: 'noAnswer' } });
    expect(r.queuedCalls).toBe(1);
    expect(r.stats.ringOuts).toBe(1);
  });

  it('an agent that said not ready during a call stays not ready when it ends', () => {
    const { r, clock, sent } = router({ handleTimeMs: 1_000 });
    r.login(1, 'a', 'IC_AGENT');
    r.ready('a');
    r.callArrives();
    r.accept('a', 'c1');
    r.notReady('a', 'agent');
    clock.runUntil(1_000);
    expect(sent.at(-1)?.message).toEqual({ type: 'end', call: 'c1', agent: 'a' });
    expect(r.statusOf('a')).toBe('notReady');
  });

  it('a late or foreign answer changes nothing', () => {
    const { r } = router();
    r.login(1, 'a', 'IC_AGENT');
    r.ready('a');
    r.callArrives();
    expect(r.accept('a', 'c9')).toBe(false);
    expect(r.reject('b', 'c1')).toBe(false);
    expect(r.accept('a', 'c1')).toBe(true);
    expect(r.accept('a', 'c1')).toBe(false);
  });

  it('while routing is paused (an outage) calls wait, and are offered when it resumes', () => {
    const { r, offers } = router();
    r.login(1, 'a', 'IC_AGENT');
    r.ready('a');
    r.setRoutingPaused(true);
    r.callArrives();
    expect(offers()).toEqual([]);
    r.setRoutingPaused(false);
    expect(offers()).toEqual(['c1->a']);
  });
});

describe('call arrivals', () => {
  it('the same seed gives the same arrival gaps, and their mean is about 1 / rate', () => {
    const gaps = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 2_000 }, () => exponentialGapMs(4, random));
    };
    expect(gaps(42)).toEqual(gaps(42));
    expect(gaps(42)).not.toEqual(gaps(43));
    const mean = gaps(42).reduce((a, b) => a + b, 0) / 2_000;
    expect(mean).toBeGreaterThan(225);
    expect(mean).toBeLessThan(275);
  });
});
