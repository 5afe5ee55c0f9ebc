import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisorLogger } from '../../../src/supervisor/log.js';
import { SupervisorMetrics } from '../../../src/supervisor/metrics.js';
import { HttpStartRefused, readTokenFile, startHttpServer } from '../../../src/supervisor/http/index.js';
import { FakeSessions, ROLES } from './fake-sessions.js';
import { AgentClient, sleep, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const TOKEN = 'a-long-enough-operator-token-1234';

describe('the supervisor face is safe by default', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    const start = startHttpServer({
      sessions: new FakeSessions(ROLES),
      metrics: new SupervisorMetrics({ version: 't', processMetrics: false }),
      log: createSupervisorLogger({ level: 'silent' }),
      listen: '0.0.0.0:0',
    });
    await expect(start).rejects.toThrow(HttpStartRefused);
    await expect(start).rejects.toThrow(/--auth-token-file/);
  });

  it('reads a token file and refuses a short token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbctl-token-'));
    writeFileSync(join(dir, 'ok'), `${TOKEN}\n`);
    writeFileSync(join(dir, 'short'), 'abc\n');
    expect(readTokenFile(join(dir, 'ok'))).toBe(TOKEN);
    expect(() => readTokenFile(join(dir, 'short'))).toThrow(/shorter than 16/);
  });

  it('with a token, agents and the operator endpoints must present it; the health check and pages need none', async () => {
    h = await startHarness({ authToken: TOKEN });
    const refused = new AgentClient(h.wsUrl);
    await expect(refused.opened).rejects.toThrow(/401/);
    const wrong = new AgentClient(`${h.wsUrl}?token=not-the-token`);
    await expect(wrong.opened).rejects.toThrow(/401/);
    const ok = new AgentClient(`${h.wsUrl}?token=${TOKEN}`);
    await ok.login('1001', 'AGENT');
    for (const path of ['/metrics', '/status.json']) {
      expect((await fetch(`${h.server.url}${path}`)).status, path).toBe(401);
      expect((await fetch(`${h.server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, path).toBe(200);
    }
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.server.url}/`)).status).toBe(200);
  });

  it('acts only for the connection’s own session: another session’s token is refused', async () => {
    h = await startHarness();
    const a = new AgentClient(h.wsUrl);
    await a.login('1001', 'AGENT');
    const b = new AgentClient(h.wsUrl);
    const bWelcome = await b.login('1002', 'AGENT');
    a.send({ type: 'ping', session: bWelcome.session, seq: 1 });
    expect(await a.next('error')).toMatchObject({ code: 'wrong-session' });
    a.send({ type: 'goodbye', session: bWelcome.session });
    expect(await a.next('error')).toMatchObject({ code: 'wrong-session' });
    await sleep(50);
    expect(h.sessions.pings.get('1002')).toBeUndefined();
    expect(h.sessions.isLoggedIn('1002')).toBe(true);
    expect(a.received.filter((m) => m.type === 'ack')).toEqual([]);
  });

  it('refuses a WebSocket upgrade from a foreign Origin (403) and accepts the server’s own', async () => {
    h = await startHarness();
    const bad = new AgentClient(h.wsUrl, { origin: 'https://evil.example' });
    await expect(bad.opened).rejects.toThrow(/403/);
    const own = new AgentClient(h.wsUrl, { origin: h.server.url });
    await own.login('1001', 'AGENT');
    expect(h.logLines().some((l) => l['event'] === 'bad-origin')).toBe(true);
  });

  it('closes a connection that sends an oversized frame (1009)', async () => {
    h = await startHarness({ limits: { maxFrameBytes: 1024 } });
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send('x'.repeat(2048));
    expect((await c.closed).code).toBe(1009);
  });

  it('gives a ping flood strikes, does not acknowledge them, and closes with 4008 (too many pings)', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    for (let seq = 0; seq < 10; seq++) c.send({ type: 'ping', session, seq });
    const closed = await c.closed;
    expect(closed).toEqual({ code: 4008, reason: 'too many pings' });
    expect(c.received.filter((m) => m.type === 'ack')).toHaveLength(1);
    expect(h.sessions.pings.get('1001')).toBe(1);
    expect(h.logLines().some((l) => l['event'] === 'too-many-pings' && l['agent'] === '1001')).toBe(true);
  });

  it('closes with 4011 a connection that keeps sending invalid frames', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    for (let i = 0; i < 8; i++) c.send(i % 2 === 0 ? 'not json' : { type: 'ping', seq: 1 });
    expect((await c.closed).code).toBe(4011);
    expect(c.received.filter((m) => m.type === 'error').length).toBeGreaterThanOrEqual(5);
  });

  it('closes a slow HTTP client that does not finish its headers in time (408)', async () => {
    h = await startHarness({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const { port } = h.server;
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('GET /status.json HTTP/1.1\r\nHost: x\r\n');
      const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
      socket.on('close', () => clearInterval(drip));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('robustness', () => {
  it('closes with 1008 a connection that sends more frames per second than allowed', async () => {
    h = await startHarness({ limits: { maxFramesPerSecond: 10 } });
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    for (let i = 0; i < 20; i++) c.send({ type: 'accept', session, callId: `c-${i}` });
    expect((await c.closed).code).toBe(1008);
  });

  it('closes with 1011 when the runtime throws, logs it, and keeps serving other connections', async () => {
    h = await startHarness();
    const login = h.sessions.login.bind(h.sessions);
    h.sessions.login = (agent, role) => {
      if (agent === 'boom') throw new Error('runtime fault');
      return login(agent, role);
    };
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send({ type: 'hello', version: 1, agent: 'boom', role: 'AGENT' });
    expect((await c.closed).code).toBe(1011);
    expect(h.logLines().some((l) => l['event'] === 'internal-error' && l['level'] === 50)).toBe(true);
    expect(await new AgentClient(h.wsUrl).login('1001', 'AGENT')).toMatchObject({ agent: '1001' });
  });
});
