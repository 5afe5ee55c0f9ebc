import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PushKeepAlive, type PushKeepAliveListener } from '../../src/engine/push-keepalive.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { SECOND_MS } from './helpers.js';

function driver(timerS: number, cleanupS: number, onHeartbeat?: (target: 'server' | number, atMs: number) => void) {
  const clock = new VirtualClock();
  const heartbeats: Array<{ target: 'server' | number; atMs: number }> = [];
  const cleaned: Array<{ channel: number; atMs: number }> = [];
  const listener: PushKeepAliveListener = {
    heartbeat: (target, atMs) => {
      heartbeats.push({ target, atMs });
      onHeartbeat?.(target, atMs);
    },
    channelCleaned: (channel, atMs) => cleaned.push({ channel, atMs }),
  };
  const engine = new PushKeepAlive(clock, { pushKeepAliveTimerMs: timerS * SECOND_MS, channelCleanupTimerMs: cleanupS * SECOND_MS }, listener);
  return { clock, engine, heartbeats, cleaned };
}

describe('Push Keep Alive driver (SPEC §1)', () => {
  it('sends one heartbeat to the server and one to each open channel every PushKeepAliveTimer', () => {
    const { clock, engine, heartbeats } = driver(180, 600);
    for (let id = 0; id < 25; id++) engine.openChannel(id);
    engine.start();
    const durationMs = 3600 * SECOND_MS + 17;
    clock.runUntil(durationMs);
    const ticks = Math.floor(durationMs / (180 * SECOND_MS));
    expect(ticks).toBe(20);
    expect(heartbeats).toHaveLength(ticks * (1 + 25));
    expect(heartbeats.filter((h) => h.target === 'server').map((h) => h.atMs)).toEqual(
      Array.from({ length: ticks }, (_, i) => (i + 1) * 180 * SECOND_MS),
    );
  });

  it('cleans an abandoned channel no earlier than ChannelCleanupTimer after its last activity and within one tick of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        (timerS, extraS, openS, abandonAfterS) => {
          const cleanupS = timerS + extraS;
          const abandonAtMs = (openS + abandonAfterS) * SECOND_MS;
          let lastActivityMs = 0;
          let abandoned = false;
          // Until it is abandoned the browser answers each heartbeat; that answer is the channel's activity.
          const { clock, engine, cleaned } = driver(timerS, cleanupS, (target, atMs) => {
            if (target === 1 && !abandoned) lastActivityMs = atMs;
          });
          engine.start();
          clock.schedule(openS * SECOND_MS, () => {
            engine.openChannel(1);
            lastActivityMs = clock.now();
          });
          clock.schedule(abandonAtMs, () => {
            abandoned = true;
            engine.abandonChannel(1);
          });
          clock.runUntil((openS + abandonAfterS + cleanupS + 2 * timerS) * SECOND_MS);
          expect(cleaned).toHaveLength(1);
          const sinceMs = (cleaned[0]?.atMs ?? 0) - lastActivityMs;
          expect(sinceMs).toBeGreaterThanOrEqual(cleanupS * SECOND_MS);
          expect(sinceMs).toBeLessThanOrEqual((cleanupS + timerS) * SECOND_MS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never cleans an active channel (cleanup timer longer than the keep-alive timer)', () => {
    const { clock, engine, cleaned } = driver(180, 181);
    engine.openChannel(1);
    engine.start();
    clock.runUntil(24 * 3600 * SECOND_MS);
    expect(cleaned).toEqual([]);
    expect(engine.openChannels).toBe(1);
  });

  it('drops live channels when the cleanup timer is not longer than the keep-alive timer (why HB231 is an error)', () => {
    const { clock, engine, cleaned } = driver(180, 180);
    engine.openChannel(1);
    engine.start();
    clock.runUntil(400 * SECOND_MS);
    expect(cleaned).toEqual([{ channel: 1, atMs: 180 * SECOND_MS }]);
  });

  it('a closed channel gets no heartbeats and is not counted as cleaned', () => {
    const { clock, engine, heartbeats, cleaned } = driver(60, 600);
    engine.openChannel(1);
    engine.openChannel(2);
    engine.start();
    clock.runUntil(90 * SECOND_MS);
    engine.closeChannel(1);
    clock.runUntil(3600 * SECOND_MS);
    expect(heartbeats.filter((h) => h.target === 1).map((h) => h.atMs)).toEqual([60 * SECOND_MS]);
    expect(heartbeats.filter((h) => h.target === 2)).toHaveLength(60);
    expect(cleaned).toEqual([]);
  });

  it('browser activity keeps an otherwise silent channel alive; stop() ends the heartbeats', () => {
    const { clock, engine, heartbeats, cleaned } = driver(100, 250);
    engine.openChannel(7);
    engine.abandonChannel(7);
    engine.start();
    clock.runUntil(200 * SECOND_MS);
    engine.channelActivity(7);
    clock.runUntil(300 * SECOND_MS);
    expect(cleaned).toEqual([]);
    engine.stop();
    const sent = heartbeats.length;
    clock.runUntil(3600 * SECOND_MS);
    expect(heartbeats).toHaveLength(sent);
    expect(clock.pending).toBe(0);
  });
  it('stop() then start() sends heartbeats again, the first one timer period after the restart', () => {
    const { clock, engine, heartbeats } = driver(60, 600);
    engine.openChannel(1);
    engine.start();
    clock.runUntil(90 * SECOND_MS);
    engine.stop();
    clock.runUntil(100 * SECOND_MS);
    engine.start();
    clock.runUntil(250 * SECOND_MS);
    expect(heartbeats.filter((h) => h.target === 'server').map((h) => h.atMs / SECOND_MS)).toEqual([60, 160, 220]);
  });

  it('start() on a running driver adds no second heartbeat per period', () => {
    const { clock, engine, heartbeats } = driver(60, 600);
    engine.start();
    clock.runUntil(30 * SECOND_MS);
    engine.start();
    clock.runUntil(180 * SECOND_MS);
    expect(heartbeats.map((h) => h.atMs / SECOND_MS)).toEqual([60, 120, 180]);
  });

  it('a browser that comes back on an abandoned channel answers its heartbeats again and is never cleaned', () => {
    const { clock, engine, cleaned } = driver(100, 250);
    engine.openChannel(7);
    engine.start();
    clock.runUntil(50 * SECOND_MS);
    engine.abandonChannel(7);
    clock.runUntil(150 * SECOND_MS);
    engine.channelActivity(7);
    clock.runUntil(24 * 3600 * SECOND_MS);
    expect(cleaned).toEqual([]);
    expect(engine.openChannels).toBe(1);
  });

  it('activity on, or abandonment of, a channel that is not open is ignored and opens nothing', () => {
    const { clock, engine, heartbeats } = driver(60, 600);
    engine.start();
    engine.channelActivity(3);
    engine.abandonChannel(4);
    engine.openChannel(5);
    engine.closeChannel(5);
    engine.channelActivity(5);
    clock.runUntil(60 * SECOND_MS);
    expect(engine.openChannels).toBe(0);
    expect(heartbeats.map((h) => h.target)).toEqual(['server']);
  });
});
