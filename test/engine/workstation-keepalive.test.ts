import { describe, expect, it } from 'vitest';
import type { KeepAliveMode } from '../../src/config/model.js';
import {
  WorkstationKeepAlive,
  type WorkstationListenerConfig,
  type WorkstationListenerEvents,
} from '../../src/engine/workstation-keepalive.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { SECOND_MS } from './helpers.js';

const timing = { idleTimeMs: 300 * SECOND_MS, probeIntervalMs: 30 * SECOND_MS, probeCount: 4 };
const deadAfterMs = timing.idleTimeMs + timing.probeCount * timing.probeIntervalMs;

function wsl(keepAlive: KeepAliveMode | null, extra: Partial<WorkstationListenerConfig> = {}) {
  const clock = new VirtualClock();
  const trace: string[] = [];
  const events: WorkstationListenerEvents = {
    entryCleaned: (client, atMs) => trace.push(`cleaned ${client} @${atMs}`),
    connectRefused: (client, atMs) => trace.push(`refused ${client} @${atMs}`),
    tpesystem: (client, atMs) => trace.push(`TPESYSTEM ${client} @${atMs}`),
    log: (message) => trace.push(`log ${message}`),
  };
  const config: WorkstationListenerConfig = { name: 'WSL1', keepAlive, device: '/dev/tcp', maxClients: null, ...extra };
  const engine = new WorkstationKeepAlive(clock, config, timing, events);
  return { clock, engine, trace };
}

/** The same inputs for every mode: clients come, work, vanish, lose the network, call, close. */
function script(keepAlive: KeepAliveMode | null, extra: Partial<WorkstationListenerConfig> = {}) {
  const w = wsl(keepAlive, { maxClients: 3, ...extra });
  const { clock, engine, trace } = w;
  const results: string[] = [];
  const at = (s: number, fn: () => void) => clock.schedule(s * SECOND_MS, fn);
  at(0, () => [1, 2, 3].forEach((c) => engine.connect(c)));
  at(10, () => engine.vanish(1));
  at(20, () => engine.networkDown(2));
  for (let s = 30; s < 3600; s += 60) at(s, () => engine.activity(3));
  at(1000, () => results.push(`call2 ${engine.call(2)}`));
  at(1100, () => engine.networkUp(2));
  at(1200, () => results.push(`call2 ${engine.call(2)}`, `call3 ${engine.call(3)}`));
  at(1300, () => results.push(`connect4 ${engine.connect(4)}`, `entries ${engine.activeEntries}`));
  at(1400, () => engine.close(3));
  at(1500, () => results.push(`connect5 ${engine.connect(5)}`, `call5 ${engine.call(5)}`));
  clock.runUntil(3600 * SECOND_MS);
  return { trace, results, entries: engine.activeEntries };
}

describe('workstation keep-alive (SPEC §1, Tuxedo -K)', () => {
  for (const mode of ['handler', 'both'] as const) {
    it(`-K ${mode}: the handler cleans a vanished client's entry after idleTime + probeCount × probeInterval and frees its slot`, () => {
      const { clock, engine, trace } = wsl(mode, { maxClients: 1 });
      engine.connect(1);
      clock.runUntil(5 * SECOND_MS);
      engine.activity(1);
      engine.vanish(1);
      clock.runUntil(3600 * SECOND_MS);
      expect(trace).toEqual([`cleaned 1 @${5 * SECOND_MS + deadAfterMs}`]);
      expect(engine.activeEntries).toBe(0);
      expect(engine.connect(2)).toBe(true);
    });
  }

  it('-K handler: cleanup time is measured from the last traffic, within one probe interval', () => {
    for (const lastTrafficS of [0, 1, 299, 301, 1234]) {
      const { clock, engine, trace } = wsl('handler');
      engine.connect(1);
      clock.runUntil(lastTrafficS * SECOND_MS);
      engine.activity(1);
      engine.vanish(1);
      clock.runUntil(7200 * SECOND_MS);
      const cleanedAtMs = Number(trace[0]?.split('@')[1]);
      expect(cleanedAtMs - lastTrafficS * SECOND_MS).toBeGreaterThanOrEqual(deadAfterMs - timing.probeIntervalMs);
      expect(cleanedAtMs - lastTrafficS * SECOND_MS).toBeLessThanOrEqual(deadAfterMs + timing.probeIntervalMs);
    }
  });

  it('-K handler: a live idle client answers the probes and is never cleaned', () => {
    const { clock, engine, trace } = wsl('handler');
    engine.connect(1);
    clock.runUntil(24 * 3600 * SECOND_MS);
    expect(trace).toEqual([]);
    expect(engine.call(1)).toBe('ok');
  });

  it('-K client: once the network is down the client gives up and every later call fails with TPESYSTEM', () => {
    const { clock, engine, trace } = wsl('client');
    engine.connect(1);
    engine.networkDown(1);
    clock.runUntil(deadAfterMs + 1);
    engine.networkUp(1);
    expect([engine.call(1), engine.call(1)]).toEqual(['TPESYSTEM', 'TPESYSTEM']);
    expect(trace).toEqual([`TPESYSTEM 1 @${deadAfterMs + 1}`, `TPESYSTEM 1 @${deadAfterMs + 1}`]);
    // A new connection (tpinit again) works.
    expect(engine.connect(1)).toBe(true);
    expect(engine.call(1)).toBe('ok');
  });

  it('-K client: vanished clients are NOT cleaned, so their slots run out and connects are refused', () => {
    const { clock, engine, trace } = wsl('client', { maxClients: 2 });
    engine.connect(1);
    engine.connect(2);
    engine.vanish(1);
    engine.vanish(2);
    clock.runUntil(24 * 3600 * SECOND_MS);
    expect(engine.activeEntries).toBe(2);
    expect(engine.connect(3)).toBe(false);
    expect(engine.call(3)).toBe('refused');
    expect(trace).toEqual([`refused 3 @${24 * 3600 * SECOND_MS}`]);
  });

  it('refuses a connect when all maxClients slots are taken, and accepts one after a clean close', () => {
    const { engine, trace } = wsl('none', { maxClients: 2 });
    expect([engine.connect(1), engine.connect(2), engine.connect(3)]).toEqual([true, true, false]);
    expect(trace).toEqual(['refused 3 @0']);
    engine.close(1);
    expect(engine.activeEntries).toBe(1);
    expect(engine.connect(3)).toBe(true);
  });

  it('-K none behaves exactly like no -K: the same event trace for the same inputs, and nothing is probed', () => {
    const none = script('none');
    const absent = script(null);
    expect(none).toEqual(absent);
    expect(none.trace.some((t) => t.startsWith('cleaned'))).toBe(false);
    // The vanished client 1 still holds its slot at the end.
    expect(none.entries).toBe(3);
  });

  it('the scripted day differs by mode as the spec says', () => {
    const handler = script('handler');
    const client = script('client');
    expect(handler.trace.filter((t) => t.startsWith('cleaned'))).toEqual([
      `cleaned 1 @${deadAfterMs}`,
      `cleaned 2 @${deadAfterMs}`,
    ]);
    expect(handler.results).toContain('connect4 true');
    expect(client.trace.filter((t) => t.startsWith('cleaned'))).toEqual([]);
    expect(client.results).toContain('call2 TPESYSTEM');
    expect(client.results).toContain('connect4 false');
  });

  it('on a non-TCP device keep-alive is not applied: logged once per engine, no probing, processing continues', () => {
    const nonTcp = script('both', { device: '/dev/xti' });
    const logs = nonTcp.trace.filter((t) => t.startsWith('log '));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/WSL1.*-K both.*\/dev\/xti/);
    // Apart from the log line it is the same run as without keep-alive.
    expect({ ...nonTcp, trace: nonTcp.trace.filter((t) => !t.startsWith('log ')) }).toEqual(script('none', { device: '/dev/xti' }));
    const again = wsl('handler', { device: '/dev/xti' });
    again.engine.connect(1);
    again.engine.connect(2);
    expect(again.trace.filter((t) => t.startsWith('log '))).toHaveLength(1);
  });
  it('connecting a client that is already connected keeps its one entry', () => {
    const { engine } = wsl('handler', { maxClients: 2 });
    expect([engine.connect(1), engine.connect(1)]).toEqual([true, true]);
    expect(engine.activeEntries).toBe(1);
  });

  for (const mode of ['none', null] as const) {
    it(`-K ${mode ?? '(absent)'}: nobody probes, so a link outage longer than the probe time does not break the connection`, () => {
      const { clock, engine, trace } = wsl(mode);
      engine.connect(1);
      engine.networkDown(1);
      expect(engine.call(1)).toBe('TPESYSTEM');
      clock.runUntil(2 * deadAfterMs);
      engine.networkUp(1);
      expect(engine.call(1)).toBe('ok');
      expect(engine.activeEntries).toBe(1);
      expect(trace).toEqual(['TPESYSTEM 1 @0']);
    });
  }

  it('-K handler: after a link outage shorter than the probe time calls work again', () => {
    const { clock, engine, trace } = wsl('handler');
    engine.connect(1);
    clock.runUntil(400 * SECOND_MS);
    engine.networkDown(1);
    clock.runUntil(500 * SECOND_MS);
    expect(engine.call(1)).toBe('TPESYSTEM');
    engine.networkUp(1);
    expect(engine.call(1)).toBe('ok');
    clock.runUntil(3600 * SECOND_MS);
    expect(engine.call(1)).toBe('ok');
    expect(trace).toEqual([`TPESYSTEM 1 @${500 * SECOND_MS}`]);
  });

  it('-K handler: a client still there whose entry was cleaned during a link outage gets TPESYSTEM on its next call, and works after connecting again', () => {
    const { clock, engine, trace } = wsl('handler', { maxClients: 1 });
    engine.connect(1);
    engine.networkDown(1);
    clock.runUntil(deadAfterMs);
    engine.networkUp(1);
    expect(engine.activeEntries).toBe(0);
    expect([engine.call(1), engine.call(1)]).toEqual(['TPESYSTEM', 'TPESYSTEM']);
    expect(trace).toEqual([`cleaned 1 @${deadAfterMs}`, `TPESYSTEM 1 @${deadAfterMs}`, `TPESYSTEM 1 @${deadAfterMs}`]);
    expect(engine.connect(1)).toBe(true);
    expect(engine.call(1)).toBe('ok');
    expect(engine.activeEntries).toBe(1);
  });

  it('-K handler: closing a client whose entry the handler already cleaned frees no second slot', () => {
    const { clock, engine } = wsl('handler', { maxClients: 2 });
    engine.connect(1);
    engine.connect(2);
    engine.networkDown(1);
    clock.runUntil(deadAfterMs);
    engine.networkUp(1);
    engine.close(1);
    expect(engine.activeEntries).toBe(1);
    expect([engine.connect(3), engine.connect(4)]).toEqual([true, false]);
  });

  it('-K handler: a client that reconnected keeps its new connection when the handler cleans its old stale entry', () => {
    const { clock, engine, trace } = wsl('handler');
    engine.connect(1);
    engine.vanish(1);
    clock.runUntil(10 * SECOND_MS);
    expect(engine.connect(1)).toBe(true);
    expect(engine.activeEntries).toBe(2);
    clock.runUntil(deadAfterMs);
    expect(trace).toEqual([`cleaned 1 @${deadAfterMs}`]);
    expect(engine.activeEntries).toBe(1);
    expect(engine.call(1)).toBe('ok');
  });

  it('a vanished client cannot close: its entry holds the slot until the handler cleans it', () => {
    const { clock, engine } = wsl('handler');
    engine.connect(1);
    engine.vanish(1);
    engine.close(1);
    expect(engine.activeEntries).toBe(1);
    clock.runUntil(deadAfterMs);
    expect(engine.activeEntries).toBe(0);
  });

  it('a close during a link outage never reaches the handler: the slot stays taken until the handler cleans it', () => {
    const { clock, engine, trace } = wsl('handler');
    engine.connect(1);
    engine.networkDown(1);
    engine.close(1);
    expect(engine.activeEntries).toBe(1);
    expect(engine.call(1)).toBe('not-connected');
    clock.runUntil(deadAfterMs);
    expect(trace).toEqual([`cleaned 1 @${deadAfterMs}`]);
    expect(engine.activeEntries).toBe(0);
  });

  it('events for a client that never connected change nothing, and its calls are not-connected', () => {
    const { clock, engine, trace } = wsl('both', { maxClients: 1 });
    engine.vanish(9);
    engine.networkDown(9);
    engine.networkUp(9);
    engine.activity(9);
    engine.close(9);
    expect(engine.call(9)).toBe('not-connected');
    expect(engine.activeEntries).toBe(0);
    clock.runUntil(3600 * SECOND_MS);
    expect(trace).toEqual([]);
    expect(engine.connect(1)).toBe(true);
  });

  it('with no -d keep-alive is not applied: logged once naming no device, and nobody probes', () => {
    const { clock, engine, trace } = wsl('both', { device: null });
    engine.connect(1);
    engine.connect(2);
    engine.vanish(1);
    engine.networkDown(2);
    clock.runUntil(2 * deadAfterMs);
    engine.networkUp(2);
    expect(engine.call(2)).toBe('ok');
    expect(engine.activeEntries).toBe(2);
    expect(trace).toEqual(['log WSL1: keep-alive -K both is not applied on device (none) (only /dev/tcp); processing continues']);
  });

  it('without -K nothing is logged on a non-TCP device or with no -d: there is no keep-alive to refuse', () => {
    for (const device of ['/dev/xti', null]) {
      const { engine, trace } = wsl(null, { device });
      engine.connect(1);
      expect(trace).toEqual([]);
    }
  });
});

describe('a client is connected while it can call', () => {
  it('from its connect until it vanishes, its entry is cleaned, or it gives the network up; never when unknown', () => {
    const handler = wsl('handler');
    expect(handler.engine.isConnected(1)).toBe(false);
    handler.engine.connect(1);
    handler.engine.connect(2);
    expect([handler.engine.isConnected(1), handler.engine.isConnected(2)]).toEqual([true, true]);
    handler.engine.vanish(1);
    expect(handler.engine.isConnected(1)).toBe(false);
    // A silent client's entry is cleaned by the handler's probes.
    handler.engine.networkDown(2);
    handler.clock.runUntil(deadAfterMs + SECOND_MS);
    expect(handler.engine.isConnected(2)).toBe(false);

    const client = wsl('client');
    client.engine.connect(3);
    client.engine.networkDown(3);
    client.clock.runUntil(deadAfterMs + SECOND_MS);
    // The client's own probes went unanswered: it considers the network down, though the handler keeps the entry.
    expect(client.engine.isConnected(3)).toBe(false);
    client.engine.networkUp(3);
    expect(client.engine.isConnected(3)).toBe(false);
    client.engine.connect(3);
    expect(client.engine.isConnected(3)).toBe(true);
  });
});
