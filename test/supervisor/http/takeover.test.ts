import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSessions } from '../../../src/supervisor/http/index.js';
import { AgentClient, sleep, startHarness, waitFor, type Harness } from './harness.js';

/**
 * The face's side of a takeover (docs/redis.md#several-nodes): before the
 * login of an agent it has no session of, it asks `findElsewhere`; a last
 * ping found elsewhere is passed to `login`, and the browser is told
 * `resumed: true`.
 */
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** Gives the fake runtime a store lookup answering `answer` after `delayMs`, and records what `login` was given. */
function withLookup(harness: Harness, answer: number | undefined, delayMs: number): { takeOvers: (number | undefined)[]; lookups: string[] } {
  const sessions = harness.sessions as unknown as AgentSessions;
  const login = sessions.login.bind(sessions);
  const seen = { takeOvers: [] as (number | undefined)[], lookups: [] as string[] };
  sessions.login = (agentId, role, takeOverLastPingMs) => {
    seen.takeOvers.push(takeOverLastPingMs);
    return login(agentId, role);
  };
  sessions.findElsewhere = (agentId, role, cb) => {
    seen.lookups.push(`${agentId} ${role}`);
    setTimeout(() => cb(answer), delayMs);
  };
  return seen;
}

describe('session takeover from another node', () => {
  it('a last ping found elsewhere: the login takes the session over, welcome says resumed, the log says takeover', async () => {
    h = await startHarness();
    const lastPingMs = Date.now() - 1500;
    const seen = withLookup(h, lastPingMs, 50);
    const c = new AgentClient(h.wsUrl);
    const welcome = await c.login('1001', 'AGENT');
    expect(welcome).toMatchObject({ agent: '1001', resumed: true });
    expect(seen.lookups).toEqual(['1001 AGENT']);
    expect(seen.takeOvers).toEqual([lastPingMs]);
    const line = h.logLines().find((l) => l['event'] === 'takeover');
    expect(line).toMatchObject({ agent: '1001', role: 'AGENT', lastPingMs });
    expect(h.logLines().some((l) => l['event'] === 'login')).toBe(false);
    expect(h.server.status().sessions[0]).toMatchObject({ agent: '1001', lastPingAtMs: lastPingMs });
  });

  it('nothing found elsewhere: an ordinary login (resumed false)', async () => {
    h = await startHarness();
    const seen = withLookup(h, undefined, 20);
    const c = new AgentClient(h.wsUrl);
    expect(await c.login('1001', 'AGENT')).toMatchObject({ resumed: false });
    expect(seen.takeOvers).toEqual([undefined]);
    expect(h.logLines().some((l) => l['event'] === 'login')).toBe(true);
  });

  it('a connection that closes while the store is asked logs nobody in', async () => {
    h = await startHarness();
    const seen = withLookup(h, Date.now(), 200);
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send({ type: 'hello', version: 1, agent: '1001', role: 'AGENT' });
    await waitFor(() => seen.lookups.length === 1, 2000, 'the lookup');
    c.ws.terminate();
    await sleep(400);
    expect(seen.takeOvers).toEqual([]);
    expect(h.server.status().agents.loggedIn).toBe(0);
  });

  it('a second hello on the connection while the store is asked gets already-logged-in', async () => {
    h = await startHarness();
    const seen = withLookup(h, undefined, 200);
    const c = new AgentClient(h.wsUrl);
    await c.opened;
    c.send({ type: 'hello', version: 1, agent: '1001', role: 'AGENT' });
    c.send({ type: 'hello', version: 1, agent: '1002', role: 'AGENT' });
    expect(await c.next('error')).toMatchObject({ code: 'already-logged-in' });
    expect(await c.next('welcome')).toMatchObject({ agent: '1001', resumed: false });
    expect(seen.lookups).toEqual(['1001 AGENT']);
  });

  it('an agent with a session on this node is not looked up: a second login replaces it as before', async () => {
    h = await startHarness();
    const seen = withLookup(h, undefined, 10);
    const first = new AgentClient(h.wsUrl);
    await first.login('1001', 'AGENT');
    const second = new AgentClient(h.wsUrl);
    expect(await second.login('1001', 'AGENT')).toMatchObject({ resumed: false });
    expect(seen.lookups).toEqual(['1001 AGENT']);
    expect(await first.next('loggedOff')).toMatchObject({ reason: 'replaced' });
  });
});
