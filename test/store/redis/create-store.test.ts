import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createStore, InProcessCmsTable, type RedisStore } from '../../../src/store/index.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { VirtualClock } from '../../../src/sim/world/virtual-clock.js';

/** A loopback port nobody listens on (bound, read, closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}

describe('createStore (--store)', () => {
  it('a bad URL is a message, not an exception', () => {
    const created = createStore('redis://h:99999', { clock: new VirtualClock(), pingTtlMs: 1000 });
    expect(created).toEqual({ ok: false, message: expect.stringContaining('port "99999"') });
  });

  it('memory is the in-process store: always up, no traffic, no shared pings', () => {
    const clock = new VirtualClock();
    const created = createStore('memory', { clock, pingTtlMs: 1000 });
    if (!created.ok) throw new Error(created.message);
    const { store } = created;
    expect(store.kind).toBe('memory');
    expect(store.cmsTable).toBeInstanceOf(InProcessCmsTable);
    expect(store.status()).toMatchObject({ up: true, errors: 0 });
    let found: [number | undefined, boolean] | undefined;
    store.lookupLastPing('a', (atMs, up) => (found = [atMs, up]));
    expect(found).toEqual([undefined, true]);
    let closed = false;
    store.close(() => (closed = true));
    expect(closed).toBe(true);
  });

  it('a Redis that cannot be reached at start: ready answers at once it fails, and the node runs degraded', async () => {
    const port = await closedPort();
    const created = createStore(`redis://127.0.0.1:${port}`, { clock: new RealClock(), pingTtlMs: 1000, commandTimeoutMs: 200, readyTimeoutMs: 5000 });
    if (!created.ok) throw new Error(created.message);
    const store = created.store as RedisStore;
    const startMs = Date.now();
    const status = await new Promise<ReturnType<RedisStore['status']>>((resolve) => store.ready(resolve));
    expect(Date.now() - startMs).toBeLessThan(2000);
    expect(status.up).toBe(false);
    const token = await new Promise<string | null>((resolve) => store.cmsTable.tryLock('cms', 1000, resolve));
    expect(token).toMatch(/^local:/);
    expect(store.status().errors).toBe(1);
    expect(store.status().lastError).toContain('ECONNREFUSED');
    await new Promise<void>((resolve) => store.close(resolve));
  });
});
