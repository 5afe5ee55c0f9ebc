import { afterEach, describe, expect, it } from 'vitest';
import { WorkstationListeners, WorkstationSetupError } from '../../../src/supervisor/workstation/index.js';
import { config, listener, RawClient, start } from './_helpers.js';

type Started = Awaited<ReturnType<typeof start>>;
let running: Started[] = [];
const clients: RawClient[] = [];

async function up(...args: Parameters<typeof start>): Promise<Started> {
  const s = await start(...args);
  running.push(s);
  return s;
}

async function open(port: number): Promise<RawClient> {
  const c = await RawClient.open(port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.map((s) => s.group.close()));
  running = [];
});

/** The error line a misbehaving connection gets before the listener closes it. */
async function droppedWith(c: RawClient): Promise<unknown> {
  const error = await c.next((l) => l['type'] === 'error');
  await c.waitClosed();
  return error['code'];
}

describe('workstation listener limits (servers are safe by default)', () => {
  it.each([
    ['a call before hello', { type: 'call', id: 1 }, 'protocol'],
    ['a line that is not JSON', 'nonsense\n', 'protocol'],
    ['an unknown message type', { type: 'tpcall', id: 1 }, 'protocol'],
    ['a call without an id', { type: 'hello' }, null],
  ] as const)('%s ends the connection with an error line', async (_name, first, code) => {
    const s = await up([listener('WSL')]);
    const c = await open(s.portOf('WSL'));
    c.send(first);
    if (code === null) {
      await c.next((l) => l['type'] === 'hello');
      c.send({ type: 'call' });
      expect(await droppedWith(c)).toBe('protocol');
    } else {
      expect(await droppedWith(c)).toBe(code);
    }
    expect(s.events).toContain('WSL dropped protocol');
  });

  it('a line longer than maxLineBytes ends the connection before it is read whole', async () => {
    const s = await up([listener('WSL')], { limits: { maxLineBytes: 64 } });
    const c = await open(s.portOf('WSL'));
    c.send(`{"type":"hello","token":"${'x'.repeat(100)}`);
    expect(await droppedWith(c)).toBe('lineTooLong');
  });

  it('a connection that says no hello within helloTimeout is closed', async () => {
    const s = await up([listener('WSL')], { limits: { helloTimeoutMs: 100 } });
    const c = await open(s.portOf('WSL'));
    expect(await droppedWith(c)).toBe('helloTimeout');
  });

  it('more sockets than maxConnections are refused at once, whatever maxClients says', async () => {
    const s = await up([listener('WSL')], { limits: { maxConnections: 2 } });
    const port = s.portOf('WSL');
    await open(port);
    await open(port);
    const third = await open(port);
    expect(await droppedWith(third)).toBe('tooManyConnections');
  });

  it('a connection sending more than maxMessagesPerSecond is closed', async () => {
    const s = await up([listener('WSL')], { limits: { maxMessagesPerSecond: 5 } });
    const c = await open(s.portOf('WSL'));
    c.send(Array.from({ length: 10 }, (_, i) => `${JSON.stringify(i === 0 ? { type: 'hello' } : { type: 'call', id: i })}\n`).join(''));
    expect(await droppedWith(c)).toBe('rate');
  });

  it('with a token, a hello without it (or with another) is refused', async () => {
    const s = await up([listener('WSL')], { token: 's3cret' });
    const port = s.portOf('WSL');
    for (const extra of [{}, { token: 'guess' }]) {
      const c = await open(port);
      c.send({ type: 'hello', ...extra });
      expect(await droppedWith(c)).toBe('token');
    }
    expect((await RawClient.hello(port, { token: 's3cret' })).answer).toMatchObject({ type: 'hello' });
  });

  it('close() says bye to every client, frees their entries and calls back once the sockets are gone', async () => {
    const s = await start([listener('WSL')]);
    const port = s.portOf('WSL');
    const a = await RawClient.hello(port);
    const b = await RawClient.hello(port);
    const closed = new Promise<void>((resolve) => s.group.get('WSL')?.close(() => resolve()));
    await Promise.all([a.client.next((l) => l['type'] === 'bye'), b.client.next((l) => l['type'] === 'bye')]);
    await Promise.all([a.client.waitClosed(), b.client.waitClosed()]);
    await closed;
    expect(s.group.get('WSL')?.stats()).toMatchObject({ clients: 0, connections: 0, entriesCleaned: 0 });
    await expect(RawClient.open(port)).rejects.toThrow();
  });

  it('listens on loopback by default, whatever host the compiled address names', async () => {
    const s = await up([listener('WSL', { address: '//ws.example.com:5120' })]);
    expect(s.group.get('WSL')?.address()?.host).toBe('127.0.0.1');
  });

  it.each([
    ['a listener without an address and no port given', [listener('WSL', { address: null })], {}, /no network address/],
    ['a host beyond loopback without a token', [listener('WSL', { address: '//192.0.2.1:5120' })], { bindConfiguredHosts: true }, /beyond loopback: give a token/],
  ] as const)('refuses to start %s', async (_name, listeners, options, message) => {
    const error = await WorkstationListeners.start(config([...listeners]), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkstationSetupError);
    expect((error as Error).message).toMatch(message);
  });

  it('a port already taken fails the start with the listener named, and closes the listeners already started', async () => {
    const s = await up([listener('A')]);
    const taken = s.portOf('A');
    const error = await WorkstationListeners.start(config([listener('B'), listener('C')]), {
      listenOn: new Map([
        ['B', { port: 0 }],
        ['C', { port: taken }],
      ]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkstationSetupError);
    expect((error as Error).message).toMatch(/workstation listener C: cannot listen: .*EADDRINUSE/);
  });
});

