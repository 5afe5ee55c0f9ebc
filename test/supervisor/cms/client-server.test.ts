import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CmsClient } from '../../../src/supervisor/cms/client.js';
import { cmsPortOf } from '../../../src/supervisor/cms/client.js';
import { pingAcked, sleep, startClient, startCms, stopCms, waitFor, type TestCms } from './_harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cms(overrides: Parameters<typeof startCms>[0] = {}): Promise<TestCms> {
  const c = await startCms(overrides);
  cleanups.push(() => stopCms(c));
  return c;
}

function client(...args: Parameters<typeof startClient>): ReturnType<typeof startClient> {
  const c = startClient(...args);
  cleanups.push(async () => {
    await c.client.stop();
    c.clock.cancelAll();
  });
  return c;
}

async function connected(c: CmsClient): Promise<void> {
  await waitFor('the client to connect', () => c.connected);
}

describe('CmsClient against the built-in CMS over loopback', () => {
  it('a ping is acknowledged, and the client counts the connection', async () => {
    const server = await cms();
    const { client: c } = client(server.port);
    await connected(c);
    expect(await pingAcked(c, 2_000)).toBe(true);
    expect(c.stats).toMatchObject({ connects: 1, disconnects: 0, pingsSent: 1, acks: 1 });
  });

  it('a ping for another CMS system never acks, and the shared port routes by system name', async () => {
    const server = await cms();
    const { client: c } = client(server.port);
    await connected(c);
    expect(await pingAcked(c, 200, 'other')).toBe(false);
    const port = cmsPortOf([c]);
    const acked = await new Promise<boolean>((resolve) => {
      setTimeout(() => resolve(false), 2_000);
      port.ping('voice', () => resolve(true));
    });
    expect(acked).toBe(true);
  });

  it('during an outage pings are not acknowledged (the CmsCheck times out); after it they are again', async () => {
    const server = await cms();
    const { client: c } = client(server.port);
    await connected(c);
    server.server.setOutage(true);
    expect(await pingAcked(c, 300)).toBe(false);
    expect(c.connected).toBe(true);
    server.server.setOutage(false);
    expect(await pingAcked(c, 2_000)).toBe(true);
    expect(server.server.counters).toMatchObject({ pingsUnanswered: 1, pingsAcked: 1 });
  });

  it('a ping while disconnected never acks and never throws', async () => {
    const { client: c } = client(1, { backoff: { initialMs: 50, maxMs: 100 } });
    expect(c.connected).toBe(false);
    expect(await pingAcked(c, 200)).toBe(false);
    expect(c.login('a1', 'IC_AGENT')).toBe(false);
    expect(c.accept('c1', 'a1')).toBe(false);
    expect(c.stats.dropped).toBe(3);
    expect(c.stats.pingsSent).toBe(0);
  });

  it('reconnects within the backoff cap when the CMS restarts on the same port, and re-sends its logins and ready states', async () => {
    const first = await startCms();
    const port = first.port;
    const { client: c } = client(port, { backoff: { initialMs: 50, maxMs: 1_000 } });
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.ready('a1');
    c.login('a2', 'IC_AGENT');
    await waitFor('both logins at the first CMS', () => first.server.router.loggedInAgents === 2);
    await stopCms(first);
    await waitFor('the client to see the CMS go', () => !c.connected);
    // Down long enough for a few failed attempts, so the backoff has grown to its cap.
    await sleep(1_500);
    const second = await cms({ port });
    const backMs = Date.now();
    await connected(c);
    expect(Date.now() - backMs).toBeLessThanOrEqual(1_000 + 500);
    await waitFor('the logins re-sent to the new CMS', () => second.server.router.loggedInAgents === 2);
    expect(second.server.router.statusOf('a1')).toBe('ready');
    expect(second.server.router.statusOf('a2')).toBe('notReady');
    expect(c.stats.connects).toBe(2);
    expect(c.stats.disconnects).toBe(1);
    expect(await pingAcked(c, 2_000)).toBe(true);
  });

  it('an agent logged off is not logged in again after a reconnect', async () => {
    const first = await startCms();
    const { client: c } = client(first.port, { backoff: { initialMs: 20, maxMs: 200 } });
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.login('a2', 'IC_AGENT');
    c.logoff('a2', 'watchdog');
    await stopCms(first);
    await waitFor('the client to see the CMS go', () => !c.connected);
    const second = await cms({ port: first.port });
    await waitFor('a1 logged in again', () => second.server.router.statusOf('a1') === 'notReady');
    await sleep(50);
    expect(second.server.router.statusOf('a2')).toBeUndefined();
    expect([...c.loggedIn.keys()]).toEqual(['a1']);
  });

  it('offers a call to a ready agent; accept keeps it busy for the handle time, then the call ends', async () => {
    const server = await cms({ handleTimeMs: 100 });
    const { client: c, seen } = client(server.port);
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.ready('a1');
    await waitFor('a1 ready', () => server.server.router.statusOf('a1') === 'ready');
    server.server.router.callArrives();
    await waitFor('the offer', () => seen.offers.length === 1);
    expect(seen.offers[0]).toEqual({ call: 'c1', agent: 'a1' });
    c.accept('c1', 'a1');
    await waitFor('a1 busy', () => server.server.router.statusOf('a1') === 'busy');
    await waitFor('the end of the call', () => seen.ended.length === 1, 2_000);
    expect(server.server.router.statusOf('a1')).toBe('ready');
    expect(server.server.router.stats).toMatchObject({ offered: 1, accepted: 1, ended: 1 });
  });

  it('a rejected call is rerouted to another ready agent', async () => {
    const server = await cms();
    const { client: c, seen } = client(server.port);
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.ready('a1');
    c.login('a2', 'IC_AGENT');
    c.ready('a2');
    await waitFor('both ready', () => server.server.router.statusOf('a2') === 'ready');
    server.server.router.callArrives();
    await waitFor('the first offer', () => seen.offers.length === 1);
    const first = seen.offers[0] as { call: string; agent: string };
    c.reject(first.call, first.agent);
    await waitFor('the reroute', () => seen.offers.length === 2);
    expect(seen.offers[1]).toEqual({ call: first.call, agent: first.agent === 'a1' ? 'a2' : 'a1' });
    expect(server.server.router.stats.rejected).toBe(1);
  });

  it('an unanswered offer rings out: the agent goes not ready (RONA) and the call is offered to the next agent', async () => {
    const server = await cms({ ringTimeoutMs: 150 });
    const { client: c, seen } = client(server.port);
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.ready('a1');
    await waitFor('a1 ready', () => server.server.router.statusOf('a1') === 'ready');
    c.login('a2', 'IC_AGENT');
    c.ready('a2');
    await waitFor('a2 ready', () => server.server.router.statusOf('a2') === 'ready');
    server.server.router.callArrives();
    await waitFor('the offer to the longest idle agent', () => seen.offers.length === 1);
    expect(seen.offers[0]).toEqual({ call: 'c1', agent: 'a1' });
    await waitFor('the ring-out and reroute', () => seen.offers.length === 2, 2_000);
    expect(seen.notReady).toEqual([{ agent: 'a1', reason: 'noAnswer' }]);
    expect(c.loggedIn.get('a1')?.ready).toBe(false);
    expect(server.server.router.statusOf('a1')).toBe('notReady');
    expect(seen.offers[1]).toEqual({ call: 'c1', agent: 'a2' });
  });

  it('no call is offered during an outage; the queued call is offered when it ends', async () => {
    const server = await cms();
    const { client: c, seen } = client(server.port);
    await connected(c);
    c.login('a1', 'IC_AGENT');
    c.ready('a1');
    await waitFor('a1 ready', () => server.server.router.statusOf('a1') === 'ready');
    server.server.setOutage(true);
    server.server.router.callArrives();
    await sleep(100);
    expect(seen.offers).toEqual([]);
    server.server.setOutage(false);
    await waitFor('the offer after the outage', () => seen.offers.length === 1);
  });

  it('the agents of a dropped connection are logged off and their ringing call is rerouted', async () => {
    const server = await cms();
    const one = client(server.port);
    const two = client(server.port);
    await connected(one.client);
    await connected(two.client);
    one.client.login('a1', 'IC_AGENT');
    one.client.ready('a1');
    await waitFor('a1 ready', () => server.server.router.statusOf('a1') === 'ready');
    two.client.login('b1', 'IC_AGENT');
    two.client.ready('b1');
    await waitFor('b1 ready', () => server.server.router.statusOf('b1') === 'ready');
    server.server.router.callArrives();
    await waitFor('the offer to a1', () => one.seen.offers.length === 1);
    await one.client.stop();
    await waitFor('the reroute to b1', () => two.seen.offers.length === 1);
    expect(server.server.router.statusOf('a1')).toBeUndefined();
  });
});

describe('pings awaiting an ack', () => {
  it('are bounded: beyond the limit the oldest is forgotten and its late ack ignored', async () => {
    // A CMS that holds its acks until three pings have come, then acks them all.
    const ids: number[] = [];
    const slow = createServer((socket) => {
      let buffered = '';
      socket.on('data', (d: Buffer) => {
        buffered += d.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const m = JSON.parse(line) as { type: string; id?: number };
          if (m.type === 'ping') ids.push(m.id as number);
        }
        if (ids.length === 3) socket.write(ids.map((id) => `{"type":"ack","id":${id},"timeMs":0}\n`).join(''));
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => slow.close(() => resolve())));
    const address = slow.address();
    const { client: c } = client(typeof address === 'object' && address !== null ? address.port : 0, { maxPendingPings: 2 });
    await connected(c);
    const acked: number[] = [];
    for (const n of [1, 2, 3]) c.ping('voice', () => acked.push(n));
    await waitFor('the acks of the two newest pings', () => acked.length === 2);
    await sleep(50);
    expect(acked).toEqual([2, 3]);
    expect(c.stats).toMatchObject({ pingsSent: 3, acks: 2 });
  });
});

describe('an agent that logs in on another connection', () => {
  it('moves there, and the old client forgets it so a reconnect cannot take it back', async () => {
    const server = await cms();
    const loggedOff: string[] = [];
    const one = client(server.port, {}, { agentLoggedOff: (agent, reason) => loggedOff.push(`${agent}:${reason}`) });
    const two = client(server.port);
    await connected(one.client);
    await connected(two.client);
    one.client.login('a1', 'IC_AGENT');
    await waitFor('a1 on the first connection', () => server.server.router.statusOf('a1') === 'notReady');
    two.client.login('a1', 'IC_AGENT');
    await waitFor('the first client to forget a1', () => !one.client.loggedIn.has('a1'));
    expect(loggedOff).toEqual(['a1:loginElsewhere']);
    expect(two.client.loggedIn.has('a1')).toBe(true);
    expect(server.server.router.loggedInAgents).toBe(1);
  });
});
