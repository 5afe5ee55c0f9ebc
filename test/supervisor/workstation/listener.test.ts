import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEAD_AFTER_MS, listener, RawClient, SLACK_MS, sleep, start, TIMING } from './_helpers.js';

type Started = Awaited<ReturnType<typeof start>>;
let running: Started[] = [];
const clients: RawClient[] = [];

async function up(...args: Parameters<typeof start>): Promise<Started> {
  const s = await start(...args);
  running.push(s);
  return s;
}

async function hello(port: number, extra = {}) {
  const r = await RawClient.hello(port, extra);
  clients.push(r.client);
  return r;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.map((s) => s.group.close()));
  running = [];
  vi.restoreAllMocks();
});

describe('a workstation listener on a real TCP port (SPEC §1, Tuxedo WSL)', () => {
  it('greets a client with its listener, -K, device and the system-wide probe timing', async () => {
    const s = await up([listener('WSL', { keepAlive: 'both' })]);
    const { answer } = await hello(s.portOf('WSL'));
    expect(answer).toEqual({ type: 'hello', listener: 'WSL', client: 1, keepAlive: 'both', device: '/dev/tcp', keepAliveApplied: true, ...TIMING });
  });

  it('refuses a hello past maxClients with an error line and a close, counts the refusal, and takes a client again once a slot is free', async () => {
    const s = await up([listener('WSL', { maxClients: 2 })]);
    const port = s.portOf('WSL');
    const first = await hello(port);
    await hello(port);
    const third = await hello(port);
    expect(third.answer).toMatchObject({ type: 'error', code: 'maxClients' });
    await third.client.waitClosed();
    expect(s.group.get('WSL')?.stats()).toMatchObject({ clients: 2, connectsRefused: 1 });
    first.client.send({ type: 'bye' });
    await first.client.waitClosed();
    const fourth = await hello(port);
    expect(fourth.answer).toMatchObject({ type: 'hello' });
    expect(s.events.filter((e) => e.includes('refused'))).toEqual(['WSL refused']);
  });

  for (const keepAlive of ['handler', 'both'] as const) {
    it(`-K ${keepAlive}: the handler probes a silent client and cleans its entry within idleTime + probeCount × probeInterval, freeing its slot`, async () => {
      const s = await up([listener('WSL', { keepAlive, maxClients: 1 })]);
      const port = s.portOf('WSL');
      const startedMs = Date.now();
      const { client } = await hello(port);
      const probes = [await client.next((l) => l['type'] === 'probe'), await client.next((l) => l['type'] === 'probe')];
      expect(probes.map((p) => p['id'])).toEqual([1, 2]);
      await vi.waitFor(() => expect(s.events.some((e) => e.startsWith('WSL cleaned'))).toBe(true), { timeout: DEAD_AFTER_MS + 2000 });
      const cleanedMs = Number(s.events.find((e) => e.startsWith('WSL cleaned'))?.split('@')[1]);
      expect(cleanedMs - startedMs).toBeGreaterThanOrEqual(DEAD_AFTER_MS - 5);
      expect(cleanedMs - startedMs).toBeLessThanOrEqual(DEAD_AFTER_MS + SLACK_MS);
      expect(s.group.get('WSL')?.stats()).toMatchObject({ clients: 0, entriesCleaned: 1, connections: 1 });
      // The freed slot takes the next client.
      expect((await hello(port)).answer).toMatchObject({ type: 'hello' });
    });
  }

  it('a client whose entry the handler cleaned gets TPESYSTEM on each later call on that connection, and ok after it connects again', async () => {
    const s = await up([listener('WSL', { keepAlive: 'handler' })]);
    const port = s.portOf('WSL');
    const { client } = await hello(port);
    await vi.waitFor(() => expect(s.group.get('WSL')?.stats().entriesCleaned).toBe(1), { timeout: DEAD_AFTER_MS + 2000 });
    expect([await client.call(1), await client.call(2)]).toEqual(['TPESYSTEM', 'TPESYSTEM']);
    expect(s.group.get('WSL')?.stats().tpesystemFailures).toBe(2);
    const again = await hello(port);
    expect(await again.client.call(3)).toBe('ok');
  });

  it('traffic keeps an entry alive: a client calling more often than idleTime is never probed nor cleaned', async () => {
    const s = await up([listener('WSL', { keepAlive: 'handler' })]);
    const { client } = await hello(s.portOf('WSL'));
    for (let id = 1; id <= 12; id++) {
      expect(await client.call(id)).toBe('ok');
      await sleep(TIMING.idleTimeMs / 2);
    }
    expect(client.lines.filter((l) => l['type'] === 'probe')).toEqual([]);
    expect(s.group.get('WSL')?.stats()).toMatchObject({ clients: 1, entriesCleaned: 0 });
  });

  it('an idle client that answers the probes keeps its entry, and its calls work', async () => {
    const s = await up([listener('WSL', { keepAlive: 'both' })]);
    const { client } = await hello(s.portOf('WSL'));
    client.answerProbes();
    await sleep(4 * DEAD_AFTER_MS);
    expect(s.group.get('WSL')?.stats()).toMatchObject({ clients: 1, entriesCleaned: 0 });
    expect(await client.call(1)).toBe('ok');
  });

  it('-K client: the handler does not probe, and it acknowledges the client\'s probes', async () => {
    const s = await up([listener('WSL', { keepAlive: 'client' })]);
    const { client } = await hello(s.portOf('WSL'));
    client.send({ type: 'probe', id: 7 });
    expect(await client.next((l) => l['type'] === 'probeAck')).toEqual({ type: 'probeAck', id: 7 });
    await sleep(2 * DEAD_AFTER_MS);
    expect(client.lines.filter((l) => l['type'] === 'probe')).toEqual([]);
    expect(await client.call(1)).toBe('ok');
    expect(s.group.get('WSL')?.stats().entriesCleaned).toBe(0);
  });

  it.each([
    ['/dev/tcp', 'both', [true, 200]],
    ['/dev/tcp', 'handler', [true, 200]],
    ['/dev/tcp', 'none', null],
    ['/dev/xti', 'both', null],
    [null, 'handler', null],
  ] as const)('device %s with -K %s: socket keep-alive set to %j (enable, idleTime)', async (device, keepAlive, expected) => {
    const spy = vi.spyOn(Socket.prototype, 'setKeepAlive');
    const s = await up([listener('WSL', { device, keepAlive })]);
    await hello(s.portOf('WSL'));
    expect(spy.mock.calls).toEqual(expected === null ? [] : [[...expected]]);
  });

  it('on a non-TCP device -K is not applied: one log line however many clients, no probes, and calls go on', async () => {
    const s = await up([listener('WSX', { device: '/dev/xti', keepAlive: 'both', keepAliveApplied: false })]);
    const port = s.portOf('WSX');
    const a = await hello(port);
    const b = await hello(port);
    expect(a.answer).toMatchObject({ keepAlive: 'both', device: '/dev/xti', keepAliveApplied: false });
    await sleep(2 * DEAD_AFTER_MS);
    expect(s.logs).toEqual(['WSX: keep-alive -K both is not applied on device /dev/xti (only /dev/tcp); processing continues']);
    expect([...a.client.lines, ...b.client.lines].filter((l) => l['type'] === 'probe')).toEqual([]);
    expect([await a.client.call(1), await b.client.call(1)]).toEqual(['ok', 'ok']);
    expect(s.group.get('WSX')?.stats()).toMatchObject({ clients: 2, entriesCleaned: 0 });
  });

  it('a client that closes its socket without bye frees its entry (a clean close, not a clean-up)', async () => {
    const s = await up([listener('WSL', { maxClients: 1 })]);
    const port = s.portOf('WSL');
    const { client } = await hello(port);
    client.close();
    await vi.waitFor(() => expect(s.group.get('WSL')?.stats().clients).toBe(0));
    expect((await hello(port)).answer).toMatchObject({ type: 'hello' });
    expect(s.group.get('WSL')?.stats().entriesCleaned).toBe(0);
  });

  it('several listeners listen on their own ports and count their own clients', async () => {
    const s = await up([listener('A', { maxClients: 1 }), listener('B', { maxClients: 1 })]);
    expect(s.portOf('A')).not.toBe(s.portOf('B'));
    await hello(s.portOf('A'));
    expect((await hello(s.portOf('B'))).answer).toMatchObject({ listener: 'B' });
    expect([...s.group.stats()].map(([name, st]) => [name, st.clients])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
  });
});
