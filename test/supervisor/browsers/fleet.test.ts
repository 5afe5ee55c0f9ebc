import { afterEach, describe, expect, it } from 'vitest';
import { sleep, startHarness, waitFor, type Harness } from '../http/harness.js';
import { agents, Relay, startFleet, type RunningFleet } from './_fleet.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<Harness> {
  const h = await startHarness();
  cleanups.push(() => h.stop());
  return h;
}

function fleet(opts: Parameters<typeof startFleet>[0]): RunningFleet {
  const f = startFleet(opts);
  cleanups.push(() => f.stop());
  return f;
}

const loggedOffBy = (h: Harness, agent: string): string[] => h.sessions.calls.filter((c) => c.startsWith(`logOff ${agent} `));

describe('simulated browsers against the real supervisor face', () => {
  it('logs N browsers in, spread over the start, and has their pings acknowledged', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(5) });
    await waitFor(() => f.of('login').length === 5, 3000, 'five logins');
    const loginTimes = f.of('login').map((e) => e.atMs);
    expect(Math.max(...loginTimes) - Math.min(...loginTimes)).toBeGreaterThan(0);
    expect(f.of('login')[0]).toMatchObject({ role: 'AGENT', url: h.server.url, mode: 'B', browserPingIntervalMs: 400 });
    await waitFor(() => [...h.sessions.pings.values()].length === 5 && [...h.sessions.pings.values()].every((n) => n >= 2), 3000, 'two pings each');
    expect(f.fleet.stats.pingsAcked).toBeGreaterThanOrEqual(10);
    const summary = f.fleet.summary();
    expect(summary).toMatchObject({ browsers: 5, loggedIn: 5, logins: 5 });
    expect(summary.ackLatencyMs.p50).not.toBeNull();
    expect(summary.ackLatencyMs.p99!).toBeGreaterThanOrEqual(summary.ackLatencyMs.p50!);
  });

  it('pings every browserPingIntervalMs from the welcome (the login counts as a ping)', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1) });
    await waitFor(() => f.of('login').length === 1, 2000, 'login');
    await sleep(100);
    expect(h.sessions.pings.get('agent-0001') ?? 0).toBe(0);
    await sleep(2100);
    // 2.2 s at 400 ms: five pings, the first 400 ms after the welcome.
    expect(h.sessions.pings.get('agent-0001')).toBe(5);
  });

  it('says goodbye from every browser on stop: the supervisor logs them off with reason client', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(3) });
    await waitFor(() => f.of('login').length === 3, 3000, 'logins');
    await f.stop();
    for (const a of ['agent-0001', 'agent-0002', 'agent-0003']) expect(loggedOffBy(h, a)).toEqual([`logOff ${a} client`]);
    expect(f.fleet.summary().loggedOff).toEqual({ client: 3 });
  });

  it('a crash drops the connection without goodbye: the supervisor sees disconnected, never logOff client, and the watchdog logs it off', async () => {
    const h = await harness();
    const relay = new Relay(h.server.port);
    const url = await relay.listen();
    cleanups.push(() => relay.close());
    const f = fleet({ urls: [url], browsers: agents(3), crash: { afterMs: 600, victims: [1] } });
    await waitFor(() => h.sessions.calls.includes('disconnected agent-0002'), 3000, 'the crash');
    expect(f.of('crash').map((e) => e.agent)).toEqual(['agent-0002']);
    const pingsAtCrash = h.sessions.pings.get('agent-0002') ?? 0;
    await waitFor(() => h.logLines().some((l) => l['event'] === 'logoff' && l['agent'] === 'agent-0002'), 3000, 'the watchdog log-off');
    expect(h.logLines().find((l) => l['event'] === 'logoff' && l['agent'] === 'agent-0002')).toMatchObject({ reason: 'watchdog' });
    expect(h.sessions.pings.get('agent-0002') ?? 0).toBe(pingsAtCrash);
    expect(relay.clientCloseFrames).toBe(0);
    await f.stop();
    // The two live browsers answer the supervisor's close after their goodbye; the crashed one sent nothing.
    await waitFor(() => relay.clientCloseFrames === 2, 1000, 'the close handshakes of the live browsers');
    expect(loggedOffBy(h, 'agent-0002')).toEqual([]);
    expect(loggedOffBy(h, 'agent-0001')).toEqual(['logOff agent-0001 client']);
    expect(f.of('reconnect')).toEqual([]);
    expect(f.fleet.summary()).toMatchObject({ crashed: 1, loggedOff: { client: 2 } });
  });

  it('a freeze stops pings for its duration with the socket open, then the overdue ping goes at once', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), freeze: { afterMs: 500, forMs: 1000, victims: [0] } });
    await waitFor(() => f.of('freeze').length === 1, 2000, 'the freeze');
    await sleep(50);
    const atFreeze = h.sessions.pings.get('agent-0001') ?? 0;
    await sleep(800);
    expect(h.sessions.pings.get('agent-0001') ?? 0).toBe(atFreeze);
    await waitFor(() => f.of('thaw').length === 1, 1000, 'the thaw');
    await waitFor(() => (h.sessions.pings.get('agent-0001') ?? 0) === atFreeze + 1, 150, 'the overdue ping at thaw');
    expect(f.of('thaw')[0]!.atMs - f.of('freeze')[0]!.atMs).toBeGreaterThanOrEqual(1000);
    expect(f.of('freeze')[0]).toMatchObject({ forMs: 1000 });
    await sleep(450);
    expect(h.sessions.pings.get('agent-0001')).toBe(atFreeze + 2);
    expect(h.sessions.calls.filter((c) => c.startsWith('disconnected'))).toEqual([]);
    expect(f.of('disconnected')).toEqual([]);
  });

  it('a frozen browser logged off by the watchdog learns it at thaw and logs in again after --relogin-after', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), freeze: { afterMs: 300, forMs: 2200, victims: [0] }, reloginAfterMs: 300 });
    await waitFor(() => f.of('thaw').length === 1, 4000, 'the thaw');
    await waitFor(() => f.of('loggedOff').length === 1, 500, 'the log-off, read at thaw');
    const off = f.of('loggedOff')[0]!;
    expect(off).toMatchObject({ reason: 'watchdog' });
    expect(off.atMs).toBeGreaterThanOrEqual(f.of('thaw')[0]!.atMs);
    await waitFor(() => f.of('login').length === 2, 1500, 'the second login');
    expect(f.of('login')[1]!.atMs - off.atMs).toBeGreaterThanOrEqual(300);
    expect(h.sessions.calls.filter((c) => c === 'login agent-0001 AGENT')).toHaveLength(2);
  });

  it.each([
    ['accept', ['accept agent-0001 c-1'], { accepted: 1, rejected: 0, ignored: 0 }],
    ['reject', ['reject agent-0001 c-1'], { accepted: 0, rejected: 1, ignored: 0 }],
    ['ignore', [], { accepted: 0, rejected: 0, ignored: 1 }],
  ] as const)('answers call offers with %s', async (answer, calls, counts) => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), answerCalls: answer });
    await waitFor(() => f.of('login').length === 1, 2000, 'login');
    h.server.events.callOffered('agent-0001', { callId: 'c-1', from: '+4930123' }, Date.now());
    await waitFor(() => f.of('callOffer').length === 1, 2000, 'the offer');
    expect(f.of('callOffer')[0]).toMatchObject({ callId: 'c-1', from: '+4930123', answer });
    await sleep(150);
    expect(h.sessions.calls.filter((c) => /^(accept|reject) /.test(c))).toEqual(calls);
    expect(f.fleet.summary().calls).toEqual({ offered: 1, ...counts });
  });

  it('shows the CMS error message and its recovery notice', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1) });
    await waitFor(() => f.of('login').length === 1, 2000, 'login');
    h.server.events.cmsStatus('agent-0001', 'cms-a', false, Date.now());
    h.server.events.cmsStatus('agent-0001', 'cms-a', true, Date.now());
    await waitFor(() => f.of('cmsStatus').length === 2, 2000, 'two notices');
    expect(f.of('cmsStatus').map((e) => [e.cms, e.available])).toEqual([
      ['cms-a', false],
      ['cms-a', true],
    ]);
  });

  it('a dropped connection resumes its session on the same supervisor', async () => {
    const h = await harness();
    const relay = new Relay(h.server.port);
    const url = await relay.listen();
    cleanups.push(() => relay.close());
    const f = fleet({ urls: [url], browsers: agents(2) });
    await waitFor(() => f.of('login').length === 2, 2000, 'logins');
    relay.cutAll();
    await waitFor(() => f.of('reconnect').length === 2, 3000, 'two reconnects');
    expect(f.of('reconnect').map((e) => e.resumed)).toEqual([true, true]);
    expect(f.of('disconnected')).toHaveLength(2);
    expect(h.sessions.calls.filter((c) => c.startsWith('login'))).toHaveLength(2);
    expect(h.sessions.calls.filter((c) => c.startsWith('logOff'))).toEqual([]);
    const before = h.sessions.pings.get('agent-0001') ?? 0;
    await sleep(500);
    expect(h.sessions.pings.get('agent-0001') ?? 0).toBeGreaterThan(before);
  });

  it('fails over to the next supervisor when the first one shuts down', async () => {
    const first = await harness();
    const second = await harness();
    const f = fleet({ urls: [first.server.url, second.server.url], browsers: agents(3) });
    await waitFor(() => f.of('login').length === 3, 3000, 'logins on the first');
    await first.server.close();
    await waitFor(() => f.of('login').length === 6, 3000, 'logins on the second');
    expect(f.of('loggedOff').map((e) => e.reason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
    expect(f.of('failover').map((e) => [e.from, e.to])).toEqual(Array(3).fill([first.server.url, second.server.url]));
    expect(f.of('login').slice(3).map((e) => e.url)).toEqual(Array(3).fill(second.server.url));
    expect(f.of('reconnect').map((e) => e.resumed)).toEqual([false, false, false]);
    await waitFor(() => [...second.sessions.pings.values()].filter((n) => n > 0).length === 3, 2000, 'pings on the second');
  });

  it('fails over when the supervisor vanishes without a word (connection refused on resume)', async () => {
    const first = await harness();
    const second = await harness();
    const relay = new Relay(first.server.port);
    const url = await relay.listen();
    const f = fleet({ urls: [url, second.server.url], browsers: agents(2) });
    await waitFor(() => f.of('login').length === 2, 3000, 'logins on the first');
    await relay.close();
    await waitFor(() => f.of('login').length === 4, 3000, 'logins on the second');
    expect(f.of('failover')).toHaveLength(2);
    expect(second.sessions.calls.filter((c) => c.startsWith('login'))).toHaveLength(2);
  });

  it('an unknown role is reported once and the browser gives up', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1, 'NOPE') });
    await waitFor(() => f.of('error').length === 1, 2000, 'the error');
    expect(f.of('error')[0]).toMatchObject({ code: 'unknown-role', url: h.server.url });
    await sleep(400);
    expect(f.of('error')).toHaveLength(1);
    expect(f.fleet.summary()).toMatchObject({ loggedIn: 0, errors: 1 });
  });
});
