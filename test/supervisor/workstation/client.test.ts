import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { WorkstationClient, WorkstationConnectError, type WorkstationClientEvent } from '../../../src/supervisor/workstation/index.js';
import { DEAD_AFTER_MS, listener, start, TIMING } from './_helpers.js';

type Started = Awaited<ReturnType<typeof start>>;
let running: Started[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(running.map((s) => s.group.close()));
  running = [];
  for (const s of servers.splice(0)) s.close();
});

/** Calls spaced wider than the time a silent connection takes to be declared dead. */
const SLOW_CALLS_MS = DEAD_AFTER_MS + 300;

async function runClient(port: number, options: Partial<ConstructorParameters<typeof WorkstationClient>[0]> = {}) {
  const events: WorkstationClientEvent[] = [];
  const clock = new RealClock();
  const client = new WorkstationClient({
    host: '127.0.0.1',
    port,
    callIntervalMs: 50,
    calls: 3,
    keepAlive: null,
    stopAnsweringAfterMs: null,
    replyTimeoutMs: 2000,
    clock,
    emit: (e) => events.push(e),
    ...options,
  });
  const summary = await client.run();
  expect(clock.pending).toBe(0);
  return { events, summary, calls: events.filter((e) => e.event === 'call').map((e) => (e.event === 'call' ? e.result : '')) };
}

/** A listener that speaks the protocol for one -K mode but never acknowledges a probe (its network is gone one way). */
async function deafListener(keepAlive: string): Promise<number> {
  const server = createServer((socket) => {
    let buffer = '';
    let client = 0;
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const m = JSON.parse(buffer.slice(0, nl)) as { type: string; id?: number };
        buffer = buffer.slice(nl + 1);
        if (m.type === 'hello') {
          const hello = { type: 'hello', listener: 'DEAF', client: ++client, keepAlive, device: '/dev/tcp', keepAliveApplied: true, ...TIMING };
          socket.write(`${JSON.stringify(hello)}\n`);
        }
        if (m.type === 'call') socket.write(`${JSON.stringify({ type: 'reply', id: m.id, result: 'ok' })}\n`);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('the workstation client (SPEC §1: -K client, TPESYSTEM)', () => {
  for (const keepAlive of ['client', 'both'] as const) {
    it(`-K ${keepAlive}: once its probes go unanswered the next call fails with TPESYSTEM, and the call after that reconnects`, async () => {
      const port = await deafListener(keepAlive);
      const { events, calls } = await runClient(port, { callIntervalMs: SLOW_CALLS_MS, calls: 3 });
      expect(calls).toEqual(['TPESYSTEM', 'ok', 'TPESYSTEM']);
      expect(events.filter((e) => e.event === 'connected')).toHaveLength(2);
      expect(events.find((e) => e.event === 'call')).toMatchObject({ n: 1, reason: expect.stringMatching(/probes unanswered/) });
      // probeCount probes before each give-up.
      expect(events.filter((e) => e.event === 'probeSent').map((e) => (e.event === 'probeSent' ? e.id : 0))).toEqual([1, 2, 1, 2]);
    });
  }

  it('--keep-alive handler or none: the client does not probe, so an unanswering listener costs no call', async () => {
    for (const keepAlive of ['handler', 'none'] as const) {
      const port = await deafListener('both');
      const { events, calls } = await runClient(port, { callIntervalMs: SLOW_CALLS_MS, calls: 2, keepAlive });
      expect(calls).toEqual(['ok', 'ok']);
      expect(events.filter((e) => e.event === 'probeSent')).toEqual([]);
    }
  });

  it('-K client against a live listener: its probes are acknowledged and every call works', async () => {
    const s = await start([listener('WSL', { keepAlive: 'client' })]);
    running.push(s);
    const { events, calls } = await runClient(s.portOf('WSL'), { callIntervalMs: SLOW_CALLS_MS, calls: 2 });
    expect(calls).toEqual(['ok', 'ok']);
    expect(events.filter((e) => e.event === 'probeAck').length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.event === 'connected')).toHaveLength(1);
  });

  it('-K handler: a client that stops answering is cleaned by the handler; its next call fails with TPESYSTEM and the one after reconnects', async () => {
    const s = await start([listener('WSL', { keepAlive: 'handler' })]);
    running.push(s);
    const { events, calls, summary } = await runClient(s.portOf('WSL'), { callIntervalMs: SLOW_CALLS_MS, calls: 4, stopAnsweringAfterMs: 0 });
    expect(calls).toEqual(['TPESYSTEM', 'ok', 'TPESYSTEM', 'ok']);
    expect(summary).toEqual({ calls: 4, ok: 2, failed: 2 });
    expect(events.filter((e) => e.event === 'probe').every((e) => e.event === 'probe' && !e.answered)).toBe(true);
    expect(s.group.get('WSL')?.stats().entriesCleaned).toBe(2);
  });

  it('a hello past maxClients is refused: calls fail as refused while the slot is held, and get in once it is free', async () => {
    const s = await start([listener('WSL', { keepAlive: 'handler', maxClients: 1 })]);
    running.push(s);
    const port = s.portOf('WSL');
    const holder = runClient(port, { callIntervalMs: 200, calls: 3 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { events, calls } = await runClient(port, { callIntervalMs: 100, calls: 10 });
    await holder;
    expect(events[0]).toMatchObject({ event: 'refused', code: 'maxClients' });
    expect(calls[0]).toBe('refused');
    expect(calls.at(-1)).toBe('ok');
    // Once in, it stays in.
    expect(calls.slice(calls.indexOf('ok'))).not.toContain('refused');
  });

  it('a listener that cannot be reached at all is an error of the run, not a failed call', async () => {
    const port = await deafListener('none');
    servers.splice(0).forEach((srv) => srv.close());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(runClient(port)).rejects.toBeInstanceOf(WorkstationConnectError);
  });
});
