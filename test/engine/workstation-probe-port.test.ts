// Live connections (SPEC §1, Tuxedo -K): a probe is a message and its answer
// arrives later as traffic. These rules also pin two gaps the mutation run
// named: a handler-cleaned client's later calls, and traffic during a burst.
import { describe, expect, it } from 'vitest';
import type { KeepAliveMode } from '../../src/config/model.js';
import { WorkstationKeepAlive, type WorkstationProbePort } from '../../src/engine/workstation-keepalive.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { SECOND_MS } from './helpers.js';

const timing = { idleTimeMs: 300 * SECOND_MS, probeIntervalMs: 30 * SECOND_MS, probeCount: 4 };
const deadAfterMs = timing.idleTimeMs + timing.probeCount * timing.probeIntervalMs;

/** One listener whose probes go out through a port: `side` says which process this engine is (the handler's or a client's). */
function live(keepAlive: KeepAliveMode, side: 'handler' | 'client', maxClients: number | null = null) {
  const clock = new VirtualClock();
  const trace: string[] = [];
  const probesS: string[] = [];
  const send = (who: string) => (client: number) => probesS.push(`${who} ${client} @${clock.now() / SECOND_MS}`);
  const port: WorkstationProbePort = side === 'handler' ? { probeClient: send('to-client') } : { probeHandler: send('to-handler') };
  const engine = new WorkstationKeepAlive(
    clock,
    { name: 'WSL', keepAlive, device: '/dev/tcp', maxClients },
    timing,
    {
      entryCleaned: (client, atMs) => trace.push(`cleaned ${client} @${atMs / SECOND_MS}`),
      connectRefused: (client, atMs) => trace.push(`refused ${client} @${atMs / SECOND_MS}`),
      tpesystem: (client, atMs) => trace.push(`TPESYSTEM ${client} @${atMs / SECOND_MS}`),
      log: (message) => trace.push(`log ${message}`),
    },
    port,
  );
  const at = (s: number, fn: () => void): void => {
    clock.schedule(s * SECOND_MS - clock.now(), fn);
  };
  return { clock, engine, trace, probesS, at };
}

describe('workstation keep-alive over live connections (probes answered later)', () => {
  for (const mode of ['handler', 'both'] as const) {
    it(`-K ${mode}: the handler sends probes idleTime after the last traffic, then every probeInterval, and cleans a client that answers none after probeCount`, () => {
      const w = live(mode, 'handler', 1);
      w.engine.connect(1);
      w.clock.runUntil(3600 * SECOND_MS);
      expect(w.probesS).toEqual(['to-client 1 @300', 'to-client 1 @330', 'to-client 1 @360', 'to-client 1 @390']);
      expect(w.trace).toEqual([`cleaned 1 @${deadAfterMs / SECOND_MS}`]);
      expect(w.engine.activeEntries).toBe(0);
      expect(w.engine.connect(2)).toBe(true);
    });
  }

  it('-K handler: a handler-cleaned client that is still there gets TPESYSTEM on every later call, and its traffic does not bring the entry back', () => {
    const w = live('handler', 'handler');
    w.engine.connect(1);
    w.clock.runUntil(deadAfterMs);
    w.engine.activity(1);
    expect([w.engine.call(1), w.engine.call(1)]).toEqual(['TPESYSTEM', 'TPESYSTEM']);
    expect(w.engine.isConnected(1)).toBe(false);
    w.clock.runUntil(2 * deadAfterMs);
    expect(w.engine.call(1)).toBe('TPESYSTEM');
    expect(w.trace).toEqual([
      `cleaned 1 @${deadAfterMs / SECOND_MS}`,
      `TPESYSTEM 1 @${deadAfterMs / SECOND_MS}`,
      `TPESYSTEM 1 @${deadAfterMs / SECOND_MS}`,
      `TPESYSTEM 1 @${(2 * deadAfterMs) / SECOND_MS}`,
    ]);
    // It reconnects (tpinit again) and its calls work.
    expect(w.engine.connect(1)).toBe(true);
    expect(w.engine.call(1)).toBe('ok');
  });

  it('-K handler: traffic during a probe burst restarts the idle time from that traffic', () => {
    const w = live('handler', 'handler');
    w.engine.connect(1);
    // Probes at 300 s and 330 s go unanswered; a call at 340 s is traffic.
    w.at(340, () => expect(w.engine.call(1)).toBe('ok'));
    w.clock.runUntil(3600 * SECOND_MS);
    expect(w.probesS).toEqual(['to-client 1 @300', 'to-client 1 @330', 'to-client 1 @640', 'to-client 1 @670', 'to-client 1 @700', 'to-client 1 @730']);
    expect(w.trace).toEqual([`cleaned 1 @${340 + deadAfterMs / SECOND_MS}`]);
  });

  it('-K handler: an answer that arrives after its probe keeps the entry; the next probe is idleTime after the answer', () => {
    const w = live('handler', 'handler');
    w.engine.connect(1);
    for (const s of [301, 602, 903]) w.at(s, () => w.engine.activity(1));
    w.clock.runUntil(1500 * SECOND_MS);
    expect(w.probesS).toEqual([
      'to-client 1 @300',
      'to-client 1 @601',
      'to-client 1 @902',
      'to-client 1 @1203',
      'to-client 1 @1233',
      'to-client 1 @1263',
      'to-client 1 @1293',
    ]);
    expect(w.trace).toEqual([`cleaned 1 @${903 + deadAfterMs / SECOND_MS}`]);
  });

  for (const mode of ['client', 'both'] as const) {
    it(`-K ${mode}: in the client's process the client probes its handler; unanswered, every later call fails with TPESYSTEM until it connects again`, () => {
      const w = live(mode, 'client');
      w.engine.connect(1);
      w.clock.runUntil(deadAfterMs);
      expect(w.probesS).toEqual(['to-handler 1 @300', 'to-handler 1 @330', 'to-handler 1 @360', 'to-handler 1 @390']);
      // The handler's side runs in the handler's process: nothing is cleaned here.
      expect(w.engine.activeEntries).toBe(1);
      w.engine.activity(1);
      expect([w.engine.call(1), w.engine.call(1)]).toEqual(['TPESYSTEM', 'TPESYSTEM']);
      expect(w.engine.connect(1)).toBe(true);
      expect(w.engine.call(1)).toBe('ok');
    });
  }

  it('each process probes only its own side: -K client sends nothing from the handler, -K handler nothing from the client', () => {
    const handler = live('client', 'handler');
    handler.engine.connect(1);
    handler.clock.runUntil(3600 * SECOND_MS);
    const client = live('handler', 'client');
    client.engine.connect(1);
    client.clock.runUntil(3600 * SECOND_MS);
    expect([handler.probesS, handler.trace, client.probesS, client.trace]).toEqual([[], [], [], []]);
    expect([handler.engine.call(1), client.engine.call(1)]).toEqual(['ok', 'ok']);
  });

  it('-K client: the client\'s answered probes keep its calls working', () => {
    const w = live('client', 'client');
    w.engine.connect(1);
    for (let s = 300; s < 3600; s += 300) w.at(s + 1, () => w.engine.activity(1));
    w.clock.runUntil(3600 * SECOND_MS);
    expect(w.engine.call(1)).toBe('ok');
    expect(w.trace).toEqual([]);
  });
});
