import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient, sleep, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function metric(name: string): Promise<string[]> {
  return (await h.metrics.text()).split('\n').filter((l) => l.startsWith(name));
}

describe('agent protocol over WebSocket (docs/protocol.md)', () => {
  it('logs an agent in with a business role and says the protocol version, session token and ping interval', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const welcome = await c.login('1001', 'AGENT');
    expect(welcome).toMatchObject({ version: 1, agent: '1001', role: 'AGENT', resumed: false, browserPingIntervalMs: 400, mode: 'B' });
    expect(welcome.session).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h.sessions.calls).toContain('login 1001 AGENT');
    expect(await metric('hbctl_agents_logged_in{')).toEqual(['hbctl_agents_logged_in{role="AGENT"} 1']);
  });

  it('acknowledges each browser ping with its seq and the server time, and counts it', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    const before = Date.now();
    c.send({ type: 'ping', session, seq: 7 });
    const ack = await c.next('ack');
    expect(ack.seq).toBe(7);
    expect(ack.serverTimeMs).toBeGreaterThanOrEqual(before);
    expect(h.sessions.pings.get('1001')).toBe(1);
    expect(await metric('hbctl_browser_pings_total ')).toEqual(['hbctl_browser_pings_total 1']);
  });

  it('refuses an unknown business role with error unknown-role and keeps the connection', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send({ type: 'hello', version: 1, agent: '1001', role: 'NOPE' });
    expect(await c.next('error')).toMatchObject({ code: 'unknown-role' });
    expect(await c.login('1001', 'AGENT')).toMatchObject({ agent: '1001' });
  });

  it('logs off at once with reason client when the page says goodbye, and closes with 1000', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    c.send({ type: 'goodbye', session });
    expect(await c.next('loggedOff')).toMatchObject({ reason: 'client' });
    expect((await c.closed).code).toBe(1000);
    expect(h.sessions.calls).toContain('logOff 1001 client');
    expect(await metric('hbctl_logoffs_total{reason="client"}')).toEqual(['hbctl_logoffs_total{reason="client"} 1']);
    expect(await metric('hbctl_agents_logged_in{')).toEqual(['hbctl_agents_logged_in{role="AGENT"} 0']);
  });

  it('leaves a connection that drops without goodbye to the watchdog: a resume within the lag keeps the session', async () => {
    h = await startHarness();
    const a = new AgentClient(h.wsUrl);
    const { session } = await a.login('1001', 'AGENT');
    a.ws.terminate();
    await waitFor(() => h.sessions.calls.includes('disconnected 1001'), 2000, 'disconnected');
    expect(h.server.status().sessions).toMatchObject([{ agent: '1001', connected: false }]);
    await sleep(500);
    const b = new AgentClient(h.wsUrl);
    await b.opened;
    b.send({ type: 'resume', version: 1, session });
    expect(await b.next('welcome')).toMatchObject({ resumed: true, session, agent: '1001' });
    b.send({ type: 'ping', session, seq: 1 });
    await b.next('ack');
    expect(h.sessions.calls.filter((c) => c.startsWith('logOff'))).toEqual([]);
    expect(h.sessions.isLoggedIn('1001')).toBe(true);
  });

  it('tells the browser of a watchdog log-off and records the detection time from the last ping', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    expect(await c.next('loggedOff', 4000)).toMatchObject({ reason: 'watchdog' });
    expect(await metric('hbctl_logoffs_total{reason="watchdog"}')).toEqual(['hbctl_logoffs_total{reason="watchdog"} 1']);
    const count = await metric('hbctl_detection_seconds_count');
    expect(count).toEqual(['hbctl_detection_seconds_count 1']);
    const sum = Number((await metric('hbctl_detection_seconds_sum'))[0]!.split(' ')[1]);
    expect(sum).toBeGreaterThanOrEqual(1.4);
    expect(sum).toBeLessThan(3);
    const log = h.logLines().find((l) => l['event'] === 'logoff');
    expect(log).toMatchObject({ agent: '1001', role: 'AGENT', reason: 'watchdog' });
  });

  it('replaces the first session when the same agent logs in again (reason replaced, close 4001)', async () => {
    h = await startHarness();
    const a = new AgentClient(h.wsUrl);
    const first = await a.login('1001', 'AGENT');
    const b = new AgentClient(h.wsUrl);
    const second = await b.login('1001', 'AGENT');
    expect(second.session).not.toBe(first.session);
    expect(await a.next('loggedOff')).toMatchObject({ reason: 'replaced' });
    expect((await a.closed).code).toBe(4001);
    expect(await metric('hbctl_logoffs_total{reason="replaced"}')).toEqual(['hbctl_logoffs_total{reason="replaced"} 1']);
    b.send({ type: 'ping', session: second.session, seq: 0 });
    await b.next('ack');
    expect(h.server.status().agents.loggedIn).toBe(1);
  });

  it('offers calls and passes the accept or reject of an offered call, and only of an offered call', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    h.server.events.callOffered('1001', { callId: 'c-1', from: '+4930123' }, Date.now());
    expect(await c.next('callOffer')).toMatchObject({ callId: 'c-1', from: '+4930123' });
    c.send({ type: 'accept', session, callId: 'c-1' });
    expect(await c.next('callResult')).toEqual({ type: 'callResult', callId: 'c-1', action: 'accept', outcome: 'done' });
    c.send({ type: 'reject', session, callId: 'c-1' });
    expect(await c.next('callResult')).toMatchObject({ callId: 'c-1', action: 'reject', outcome: 'unknown-call' });
    expect(h.sessions.calls.filter((x) => x.startsWith('accept') || x.startsWith('reject'))).toEqual(['accept 1001 c-1']);
  });

  it('sends the CMS error message and its recovery notice', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    h.server.events.cmsStatus('1001', 'cms-a', false, Date.now());
    const down = await c.next('cmsStatus');
    expect(down).toMatchObject({ cms: 'cms-a', available: false });
    expect(down.message).toContain('not available');
    h.server.events.cmsStatus('1001', 'cms-a', true, Date.now());
    expect(await c.next('cmsStatus')).toMatchObject({ cms: 'cms-a', available: true });
  });

  it('sends push keep-alive frames every PushKeepAliveTimer and counts them', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('2001', 'PUSH');
    c.send({ type: 'ping', session, seq: 0 });
    await c.next('keepAlive');
    await c.next('keepAlive');
    const n = Number((await metric('hbctl_push_keepalive_messages_total '))[0]!.split(' ')[1]);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('drops a channel silent for ChannelCleanupTimer (close 4002) and keeps the session', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('2001', 'PUSH');
    expect((await c.closed).code).toBe(4002);
    expect(await metric('hbctl_channels_cleaned_total ')).toEqual(['hbctl_channels_cleaned_total 1']);
    expect(h.sessions.isLoggedIn('2001')).toBe(true);
  });

  it('keeps a channel the browser keeps busy', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('2001', 'PUSH');
    for (let seq = 0; seq < 4; seq++) {
      c.send({ type: 'ping', session, seq });
      await c.next('ack');
      await sleep(400);
    }
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('closes with 4010 on an unsupported protocol version', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send({ type: 'hello', version: 2, agent: '1001', role: 'AGENT' });
    expect(await c.next('error')).toMatchObject({ code: 'unsupported-version' });
    expect((await c.closed).code).toBe(4010);
  });

  it('closes with 4009 a connection that never logs in', async () => {
    h = await startHarness({ limits: { helloTimeoutMs: 200 } });
    const c = new AgentClient(h.wsUrl);
    expect((await c.closed).code).toBe(4009);
  });

  it('logs every agent off with reason shutdown and closes with 1001 on close(), within 5 s', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    const started = Date.now();
    await h.server.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await c.next('loggedOff')).toMatchObject({ reason: 'shutdown' });
    expect((await c.closed).code).toBe(1001);
    expect(h.sessions.calls).toContain('logOff 1001 shutdown');
  });
});
