import { describe, expect, it } from 'vitest';
import { compiledListener } from '../helpers/compiled-listener.js';
import type { CompiledConfig, CompiledListener } from '../../src/config/compiled/types.js';
import { keepAliveTimingOf, workstationClientEngine, Workstations } from '../../src/runtime/workstations.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';

const SECOND_MS = 1000;

const listener = compiledListener;

type Compiled = Pick<CompiledConfig, 'listeners' | 'keepAlive'>;

function compiled(listeners: CompiledListener[]): Compiled {
  return {
    listeners: Object.fromEntries(listeners.map((l) => [l.name, l])),
    keepAlive: { idleTimeMs: 60 * SECOND_MS, probeIntervalMs: 10 * SECOND_MS, probeCount: 3, origin: 'settings' },
  };
}

/** The runtime of `config` on a virtual clock, with every engine event recorded as `listener: event`. */
function run(config: Compiled, probes?: (name: string) => string[] | undefined) {
  const clock = new VirtualClock();
  const trace: string[] = [];
  const runtime = new Workstations(clock, config, {
    eventsFor: (name) => ({
      entryCleaned: (client, atMs) => trace.push(`${name}: cleaned ${client} @${atMs / SECOND_MS}`),
      connectRefused: (client, atMs) => trace.push(`${name}: refused ${client} @${atMs / SECOND_MS}`),
      tpesystem: (client, atMs) => trace.push(`${name}: TPESYSTEM ${client} @${atMs / SECOND_MS}`),
      log: (message) => trace.push(`log ${message}`),
    }),
    ...(probes === undefined
      ? {}
      : {
          probesFor: (name: string) => {
            const sent = probes(name);
            return sent === undefined ? undefined : { probeClient: (client: number) => sent.push(`${client} @${clock.now() / SECOND_MS}`) };
          },
        }),
  });
  return { clock, runtime, trace };
}

describe('the workstation runtime: one keep-alive engine per compiled listener', () => {
  it('builds one engine per listener, in name order, each found by its name', () => {
    const { runtime } = run(compiled([listener('WSL_B'), listener('WSL_A'), listener('constructor')]));
    expect(runtime.listeners.map((l) => l.name)).toEqual(['WSL_A', 'WSL_B', 'constructor']);
    expect(runtime.get('WSL_A')?.compiled.name).toBe('WSL_A');
    expect(new Set(runtime.listeners.map((l) => l.engine)).size).toBe(3);
    expect(runtime.get('toString')).toBeUndefined();
    expect(run(compiled([])).runtime.listeners).toEqual([]);
  });

  it('every engine runs on the compiled, system-wide keep-alive timing', () => {
    const config = compiled([listener('A'), listener('B', { keepAlive: 'both' })]);
    expect(keepAliveTimingOf(config)).toEqual({ idleTimeMs: 60 * SECOND_MS, probeIntervalMs: 10 * SECOND_MS, probeCount: 3 });
    const { clock, runtime, trace } = run(config);
    for (const l of runtime.listeners) {
      expect(l.timing).toEqual(keepAliveTimingOf(config));
      l.engine.connect(1);
      l.engine.vanish(1);
    }
    clock.runUntil(3600 * SECOND_MS);
    // idle 60 s + 3 probes × 10 s.
    expect(trace).toEqual(['A: cleaned 1 @90', 'B: cleaned 1 @90']);
  });

  it("each engine applies its own listener's -K, -d and -x, and reports its events under its own name", () => {
    const config = compiled([
      listener('NONE', { keepAlive: 'none', maxClients: 1 }),
      listener('XTI', { keepAlive: 'both', device: '/dev/xti', keepAliveApplied: false }),
      listener('HANDLER', { maxClients: 2 }),
    ]);
    const { clock, runtime, trace } = run(config);
    for (const l of runtime.listeners) [1, 2, 3].forEach((c) => l.engine.connect(c));
    for (const l of runtime.listeners) l.engine.vanish(1);
    clock.runUntil(3600 * SECOND_MS);
    expect(trace).toEqual([
      'HANDLER: refused 3 @0',
      'NONE: refused 2 @0',
      'NONE: refused 3 @0',
      'log XTI: keep-alive -K both is not applied on device /dev/xti (only /dev/tcp); processing continues',
      'HANDLER: cleaned 1 @90',
    ]);
    expect(runtime.listeners.map((l) => [l.name, l.engine.activeEntries])).toEqual([
      ['HANDLER', 1],
      ['NONE', 1],
      ['XTI', 3],
    ]);
    expect(runtime.activeEntries).toBe(5);
  });

  it("with a probe port the handler's probes go out as messages, per listener, and an answer arriving later counts", () => {
    const sent = new Map<string, string[]>([['A', []]]);
    const { clock, runtime, trace } = run(compiled([listener('A'), listener('B')]), (name) => sent.get(name));
    const a = runtime.get('A')?.engine;
    const b = runtime.get('B')?.engine;
    a?.connect(1);
    b?.connect(1);
    clock.schedule(61 * SECOND_MS, () => a?.activity(1));
    clock.runUntil(3600 * SECOND_MS);
    // A: probed at 60 s, answered at 61 s; then silent: probed from 121 s and cleaned at 61 + 90 s.
    expect(sent.get('A')).toEqual(['1 @60', '1 @121', '1 @131', '1 @141']);
    // B has no port: the engine answers for its (reachable) client, which is never cleaned.
    expect(trace).toEqual(['A: cleaned 1 @151']);
    expect(b?.call(1)).toBe('ok');
  });
});

describe("a workstation client's own side of -K (run in the client's process)", () => {
  const timing = { idleTimeMs: 60 * SECOND_MS, probeIntervalMs: 10 * SECOND_MS, probeCount: 3 };

  function client(keepAlive: 'client' | 'handler' | 'both' | 'none', device: string | null) {
    const clock = new VirtualClock();
    const trace: string[] = [];
    const events = {
      entryCleaned: () => trace.push('cleaned'),
      connectRefused: () => trace.push('refused'),
      tpesystem: (_c: number, atMs: number) => trace.push(`TPESYSTEM @${atMs / SECOND_MS}`),
      log: (message: string) => trace.push(`log ${message}`),
    };
    const engine = workstationClientEngine(clock, { name: 'WSL', keepAlive, device }, timing, events, (c) => trace.push(`probe ${c} @${clock.now() / SECOND_MS}`));
    engine.connect(0);
    return { clock, engine, trace };
  }

  for (const mode of ['client', 'both'] as const) {
    it(`-K ${mode}: probes the handler through the port, and after probeCount unanswered probes its calls fail with TPESYSTEM`, () => {
      const c = client(mode, '/dev/tcp');
      c.clock.runUntil(90 * SECOND_MS);
      expect(c.engine.call(0)).toBe('TPESYSTEM');
      expect(c.trace).toEqual(['probe 0 @60', 'probe 0 @70', 'probe 0 @80', 'TPESYSTEM @90']);
    });
  }

  it('-K handler or none: the client does not probe (the handler probes from its own process)', () => {
    for (const mode of ['handler', 'none'] as const) {
      const c = client(mode, '/dev/tcp');
      c.clock.runUntil(3600 * SECOND_MS);
      expect(c.engine.call(0)).toBe('ok');
      expect(c.trace).toEqual([]);
    }
  });

  it("on the listener's non-TCP device the client does not probe either, and logs it once", () => {
    const c = client('both', '/dev/xti');
    c.clock.runUntil(3600 * SECOND_MS);
    expect(c.engine.call(0)).toBe('ok');
    expect(c.trace).toEqual(['log WSL: keep-alive -K both is not applied on device /dev/xti (only /dev/tcp); processing continues']);
  });
});
