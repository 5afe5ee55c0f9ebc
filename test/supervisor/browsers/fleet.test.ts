import { afterEach, describe, expect, it } from 'vitest';
import { sleep, startHarness, waitFor, type Harness } from '../http/harness.js';
import { VirtualClock } from '../../../src/sim/world/virtual-clock.js';
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

/** Real time between pings a test sends on a virtual clock: the supervisor's flood guard wants 250 ms. */
const PING_GAP_MS = 300;

const loggedOffBy = (h: Harness, agent: string): string[] => h.sessions.calls.filter((c) => c.startsWith(`logOff ${agent} `));

// Real sockets on a shared, sometimes loaded machine: generous time limits; the assertions carry the rules.
describe('simulated browsers against the real supervisor face', { timeout: 20_000 }, () => {
  it('logs N browsers in, spread over the start, and has their pings acknowledged', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(5) });
    await waitFor(() => f.of('login').length === 5, 5000, 'five logins');
    const loginTimes = f.of('login').map((e) => e.atMs);
    expect(Math.max(...loginTimes) - Math.min(...loginTimes)).toBeGreaterThan(0);
    expect(f.of('login')[0]).toMatchObject({ role: 'AGENT', url: h.server.url, mode: 'B', browserPingIntervalMs: 400 });
    await waitFor(() => [...h.sessions.pings.values()].length === 5 && [...h.sessions.pings.values()].every((n) => n >= 2), 5000, 'two pings each');
    await waitFor(() => f.fleet.stats.pingsAcked >= 10, 5000, 'their acks');
    const summary = f.fleet.summary();
    expect(summary).toMatchObject({ browsers: 5, loggedIn: 5, logins: 5 });
    expect(summary.ackLatencyMs.p50).not.toBeNull();
    expect(summary.ackLatencyMs.p99!).toBeGreaterThanOrEqual(summary.ackLatencyMs.p50!);
  });

  it('pings every browserPingIntervalMs from the welcome (the login counts as a ping)', async () => {
    const h = await harness();
    const clock = new VirtualClock(Date.now());
    const f = fleet({ urls: [h.server.url], browsers: agents(1), clock, spreadMs: 0 });
    await waitFor(() => f.of('login').length === 1, 5000, 'login');
    clock.tick(399);
    expect(f.fleet.stats.pingsSent).toBe(0);
    clock.tick(1);
    expect(f.fleet.stats.pingsSent).toBe(1);
    await waitFor(() => h.sessions.pings.get('agent-0001') === 1, 5000, 'the first ping');
    for (let n = 2; n <= 4; n++) {
      // The supervisor's ping-flood guard runs on real time: pings closer than 250 ms would not be acknowledged.
      await sleep(PING_GAP_MS);
      clock.tick(399);
      expect(f.fleet.stats.pingsSent).toBe(n - 1);
      clock.tick(1);
      expect(f.fleet.stats.pingsSent).toBe(n);
    }
    await waitFor(() => f.fleet.stats.pingsAcked === 4, 5000, 'four acks');
    expect(h.sessions.pings.get('agent-0001')).toBe(4);
  });

  it('says goodbye from every browser on stop: the supervisor logs them off with reason client', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(3) });
    await waitFor(() => f.of('login').length === 3, 5000, 'logins');
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
    await waitFor(() => h.sessions.calls.includes('disconnected agent-0002'), 5000, 'the crash');
    expect(f.of('crash').map((e) => e.agent)).toEqual(['agent-0002']);
    const pingsAtCrash = h.sessions.pings.get('agent-0002') ?? 0;
    await waitFor(() => h.logLines().some((l) => l['event'] === 'logoff' && l['agent'] === 'agent-0002'), 5000, 'the watchdog log-off');
    expect(h.logLines().find((l) => l['event'] === 'logoff' && l['agent'] === 'agent-0002')).toMatchObject({ reason: 'watchdog' });
    expect(h.sessions.pings.get('agent-0002') ?? 0).toBe(pingsAtCrash);
    expect(relay.clientCloseFrames).toBe(0);
    await f.stop();
    // The two live browsers answer the supervisor's close after their goodbye; the crashed one sent nothing.
    await waitFor(() => relay.clientCloseFrames === 2, 5000, 'the close handshakes of the live browsers');
    expect(loggedOffBy(h, 'agent-0002')).toEqual([]);
    expect(loggedOffBy(h, 'agent-0001')).toEqual(['logOff agent-0001 client']);
    expect(f.of('reconnect')).toEqual([]);
    expect(f.fleet.summary()).toMatchObject({ crashed: 1, loggedOff: { client: 2 } });
  });

  it('a freeze stops pings for its duration with the socket open, then the overdue ping goes at once', async () => {
    const h = await harness();
    const clock = new VirtualClock(Date.now());
    const f = fleet({ urls: [h.server.url], browsers: agents(1), clock, spreadMs: 0, freeze: { afterMs: 500, forMs: 1000, victims: [0] } });
    await waitFor(() => f.of('login').length === 1, 5000, 'login');
    clock.tick(400);
    await waitFor(() => h.sessions.pings.get('agent-0001') === 1, 5000, 'the first ping');
    clock.tick(100);
    expect(f.of('freeze')).toMatchObject([{ agent: 'agent-0001', forMs: 1000 }]);
    clock.tick(999);
    expect(f.fleet.stats.pingsSent).toBe(1);
    await sleep(PING_GAP_MS);
    clock.tick(1);
    expect(f.of('thaw')).toHaveLength(1);
    expect(f.fleet.stats.pingsSent).toBe(2);
    await sleep(PING_GAP_MS);
    clock.tick(399);
    expect(f.fleet.stats.pingsSent).toBe(2);
    clock.tick(1);
    expect(f.fleet.stats.pingsSent).toBe(3);
    await waitFor(() => h.sessions.pings.get('agent-0001') === 3, 5000, 'the pings after the thaw');
    expect(h.sessions.calls.filter((c) => c.startsWith('disconnected'))).toEqual([]);
    expect(f.of('disconnected')).toEqual([]);
  });

  it('a frozen page reads nothing until it thaws', async () => {
    const h = await harness();
    const clock = new VirtualClock(Date.now());
    const f = fleet({ urls: [h.server.url], browsers: agents(1), clock, spreadMs: 0, freeze: { afterMs: 100, forMs: 1000, victims: [0] } });
    await waitFor(() => f.of('login').length === 1, 5000, 'login');
    clock.tick(100);
    h.server.events.callOffered('agent-0001', { callId: 'c-9', from: '' }, Date.now());
    await sleep(300);
    expect(f.of('callOffer')).toEqual([]);
    clock.tick(1000);
    await waitFor(() => f.of('callOffer').length === 1, 5000, 'the offer, read at thaw');
    await waitFor(() => h.sessions.calls.includes('accept agent-0001 c-9'), 5000, 'the answer');
  });

  it('a frozen browser logged off by the watchdog learns it at thaw and logs in again after --relogin-after', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), freeze: { afterMs: 300, forMs: 2200, victims: [0] }, reloginAfterMs: 300 });
    await waitFor(() => f.of('thaw').length === 1, 5000, 'the thaw');
    await waitFor(() => f.of('loggedOff').length === 1, 5000, 'the log-off, read at thaw');
    const off = f.of('loggedOff')[0]!;
    expect(off).toMatchObject({ reason: 'watchdog' });
    expect(off.atMs).toBeGreaterThanOrEqual(f.of('thaw')[0]!.atMs);
    await waitFor(() => f.of('login').length === 2, 5000, 'the second login');
    // Node timers run on a monotonic clock: read on Date.now they may seem a millisecond early.
    expect(f.of('login')[1]!.atMs - off.atMs).toBeGreaterThanOrEqual(298);
    expect(h.sessions.calls.filter((c) => c === 'login agent-0001 AGENT')).toHaveLength(2);
  });

  it.each([
    ['accept', ['accept agent-0001 c-1'], { accepted: 1, rejected: 0, ignored: 0 }],
    ['reject', ['reject agent-0001 c-1'], { accepted: 0, rejected: 1, ignored: 0 }],
    ['ignore', [], { accepted: 0, rejected: 0, ignored: 1 }],
  ] as const)('answers call offers with %s', async (answer, calls, counts) => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), answerCalls: answer });
    await waitFor(() => f.of('login').length === 1, 5000, 'login');
    h.server.events.callOffered('agent-0001', { callId: 'c-1', from: '+4930123' }, Date.now());
    await waitFor(() => f.of('callOffer').length === 1, 5000, 'the offer');
    expect(f.of('callOffer')[0]).toMatchObject({ callId: 'c-1', from: '+4930123', answer });
    if (calls.length > 0) await waitFor(() => h.sessions.calls.some((c) => /^(accept|reject) /.test(c)), 5000, 'the answer');
    else await sleep(300);
    expect(h.sessions.calls.filter((c) => /^(accept|reject) /.test(c))).toEqual(calls);
    expect(f.fleet.summary().calls).toEqual({ offered: 1, ...counts });
  });

  it('shows the CMS error message and its recovery notice', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1) });
    await waitFor(() => f.of('login').length === 1, 5000, 'login');
    h.server.events.cmsStatus('agent-0001', 'cms-a', false, Date.now());
    h.server.events.cmsStatus('agent-0001', 'cms-a', true, Date.now());
    await waitFor(() => f.of('cmsStatus').length === 2, 5000, 'two notices');
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
    await waitFor(() => f.of('login').length === 2, 5000, 'logins');
    relay.cutAll();
    await waitFor(() => f.of('reconnect').length === 2, 5000, 'two reconnects');
    expect(f.of('reconnect').map((e) => e.resumed)).toEqual([true, true]);
    expect(f.of('disconnected')).toHaveLength(2);
    expect(h.sessions.calls.filter((c) => c.startsWith('login'))).toHaveLength(2);
    expect(h.sessions.calls.filter((c) => c.startsWith('logOff'))).toEqual([]);
    const before = h.sessions.pings.get('agent-0001') ?? 0;
    await waitFor(() => (h.sessions.pings.get('agent-0001') ?? 0) > before, 5000, 'pings on the resumed session');
  });

  it('fails over to the next supervisor when the first one shuts down', async () => {
    const first = await harness();
    const second = await harness();
    const f = fleet({ urls: [first.server.url, second.server.url], browsers: agents(3) });
    await waitFor(() => f.of('login').length === 3, 5000, 'logins on the first');
    await first.server.close();
    await waitFor(() => f.of('login').length === 6, 5000, 'logins on the second');
    expect(f.of('loggedOff').map((e) => e.reason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
    expect(f.of('failover').map((e) => [e.from, e.to])).toEqual(Array(3).fill([first.server.url, second.server.url]));
    expect(f.of('login').slice(3).map((e) => e.url)).toEqual(Array(3).fill(second.server.url));
    expect(f.of('reconnect').map((e) => e.resumed)).toEqual([false, false, false]);
    await waitFor(() => [...second.sessions.pings.values()].filter((n) => n > 0).length === 3, 5000, 'pings on the second');
  });

  it('fails over when the supervisor vanishes without a word (connection refused on resume)', async () => {
    const first = await harness();
    const second = await harness();
    const relay = new Relay(first.server.port);
    const url = await relay.listen();
    const f = fleet({ urls: [url, second.server.url], browsers: agents(2) });
    await waitFor(() => f.of('login').length === 2, 5000, 'logins on the first');
    await relay.close();
    await waitFor(() => f.of('login').length === 4, 5000, 'logins on the second');
    expect(f.of('failover')).toHaveLength(2);
    expect(second.sessions.calls.filter((c) => c.startsWith('login'))).toHaveLength(2);
  });

  it('starts on the next supervisor when the first one is not there', async () => {
    const gone = await startHarness();
    const url = gone.server.url;
    await gone.stop();
    const second = await harness();
    const f = fleet({ urls: [url, second.server.url], browsers: agents(2) });
    await waitFor(() => f.of('login').length === 2, 5000, 'logins on the second');
    expect(f.of('login').map((e) => e.url)).toEqual([second.server.url, second.server.url]);
    expect(f.of('failover').map((e) => [e.from, e.to])).toEqual(Array(2).fill([url, second.server.url]));
    expect(f.of('reconnect')).toEqual([]);
  });

  it('presents the token a supervisor beyond loopback requires; without it the browser reports the 401 once and stops', async () => {
    const token = 'a-long-enough-operator-token-1234';
    const h = await startHarness({ authToken: token });
    cleanups.push(() => h.stop());
    const withToken = fleet({ urls: [h.server.url], browsers: agents(1), token });
    await waitFor(() => withToken.of('login').length === 1, 5000, 'the login with the token');
    const without = fleet({ urls: [h.server.url], browsers: [{ agent: 'agent-0002', role: 'AGENT' }] });
    await waitFor(() => without.of('error').length === 1, 5000, 'the refusal');
    expect(without.of('error')[0]).toMatchObject({ code: 'http-401', url: h.server.url });
    await sleep(500);
    expect(without.of('error')).toHaveLength(1);
    expect(without.of('login')).toEqual([]);
  });

  it('with --relogin-after never, a browser logged off by the watchdog stays logged off', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1), freeze: { afterMs: 300, forMs: 2200, victims: [0] }, reloginAfterMs: null });
    await waitFor(() => f.of('loggedOff').length === 1, 5000, 'the log-off, read at thaw');
    await sleep(600);
    expect(f.of('login')).toHaveLength(1);
    expect(h.sessions.calls.filter((c) => c.startsWith('login'))).toHaveLength(1);
  });

  it('an unknown role is reported once and the browser gives up', async () => {
    const h = await harness();
    const f = fleet({ urls: [h.server.url], browsers: agents(1, 'NOPE') });
    await waitFor(() => f.of('error').length === 1, 5000, 'the error');
    expect(f.of('error')[0]).toMatchObject({ code: 'unknown-role', url: h.server.url });
    await sleep(400);
    expect(f.of('error')).toHaveLength(1);
    expect(f.fleet.summary()).toMatchObject({ loggedIn: 0, errors: 1 });
  });
});
