import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startClient, startCms, stopCms, waitFor, type TestCms } from './_harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cms(overrides: Parameters<typeof startCms>[0] = {}): Promise<TestCms> {
  const c = await startCms(overrides);
  cleanups.push(() => stopCms(c));
  return c;
}

interface Raw {
  socket: Socket;
  lines: string[];
  closed: Promise<void>;
}

/** A plain TCP peer that records the lines it receives. */
async function raw(port: number): Promise<Raw> {
  const socket = connect({ host: '127.0.0.1', port });
  const lines: string[] = [];
  let buffered = '';
  socket.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  cleanups.push(async () => {
    socket.destroy();
  });
  return { socket, lines, closed };
}

const HELLO = '{"type":"hello","v":1,"peer":"supervisor"}\n';

describe('the built-in CMS protects itself', () => {
  it.each([
    ['a first line that is not hello', '{"type":"ping","id":1}\n', /first line must be hello/],
    ['a protocol version it does not speak', '{"type":"hello","v":2,"peer":"supervisor"}\n', /protocol version 2 is not supported/],
    ['a line longer than the limit', `${HELLO}{"type":"error","message":"${'x'.repeat(300)}"}\n`, /line longer than 256 bytes/],
  ])('refuses %s with error and closes the connection', async (_name, sent, reason) => {
    const server = await cms({ limits: { maxLineBytes: 256 } });
    const peer = await raw(server.port);
    peer.socket.write(sent);
    await peer.closed;
    const last = JSON.parse(peer.lines.at(-1) as string) as { type: string; message: string };
    expect(last.type).toBe('error');
    expect(last.message).toMatch(reason);
  });

  it('answers an invalid line with error and keeps the connection, until too many', async () => {
    const server = await cms({ limits: { maxBadLines: 2 } });
    const peer = await raw(server.port);
    peer.socket.write(`${HELLO}not json\n{"type":"ping","id":1}\n`);
    await waitFor('the ack', () => peer.lines.some((l) => l.includes('"ack"')));
    expect(JSON.parse(peer.lines[1] as string)).toEqual({ type: 'error', message: 'a line is not valid JSON' });
    peer.socket.write('{"type":"ready","agent":"nobody"}\n{"type":"dial"}\n');
    await peer.closed;
    expect(peer.lines.at(-1)).toMatch(/more than 2 invalid messages/);
  });

  it('refuses connections beyond its limit with an error line', async () => {
    const server = await cms({ limits: { maxConnections: 1 } });
    await raw(server.port);
    await waitFor('the first connection', () => server.server.connectionCount === 1);
    const second = await raw(server.port);
    await second.closed;
    expect(second.lines).toEqual(['{"type":"error","message":"too many connections (limit 1)"}']);
    expect(server.server.counters.connectionsRefused).toBe(1);
  });

  it('closes a connection that says no hello in time', async () => {
    const server = await cms({ limits: { helloTimeoutMs: 100 } });
    const peer = await raw(server.port);
    await peer.closed;
    expect(peer.lines.at(-1)).toMatch(/no hello in time/);
  });

  it('with a token, refuses a hello without it and accepts a client that sends it', async () => {
    const token = 'a-token-of-16-chars-or-more';
    const server = await cms({ token });
    const peer = await raw(server.port);
    peer.socket.write(HELLO);
    await peer.closed;
    expect(peer.lines.at(-1)).toMatch(/wrong or missing token/);
    const { client, clock } = startClient(server.port, { token });
    cleanups.push(async () => {
      await client.stop();
      clock.cancelAll();
    });
    await waitFor('the client to connect', () => client.connected);
    client.login('a1', 'IC_AGENT');
    await waitFor('the login', () => server.server.router.statusOf('a1') === 'notReady');
  });

  it('only the connection an agent logged in on may change its state', async () => {
    const server = await cms();
    const owner = await raw(server.port);
    owner.socket.write(`${HELLO}{"type":"login","agent":"a1","role":"r"}\n`);
    await waitFor('the login', () => server.server.router.statusOf('a1') === 'notReady');
    const other = await raw(server.port);
    other.socket.write(`${HELLO}{"type":"ready","agent":"a1"}\n`);
    await waitFor('the error', () => other.lines.length === 2);
    expect(other.lines[1]).toMatch(/agent a1 is not logged in on this connection/);
    expect(server.server.router.statusOf('a1')).toBe('notReady');
  });

  it('bounds the agents one connection may log in', async () => {
    const server = await cms({ limits: { maxAgentsPerConnection: 2 } });
    const peer = await raw(server.port);
    peer.socket.write(`${HELLO}${['a1', 'a2', 'a3'].map((a) => `{"type":"login","agent":"${a}","role":"r"}\n`).join('')}`);
    await waitFor('the error', () => peer.lines.length === 2);
    expect(peer.lines[1]).toMatch(/at most 2 agents per connection/);
    expect(server.server.router.loggedInAgents).toBe(2);
  });
});
