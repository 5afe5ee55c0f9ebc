import { afterEach, describe, expect, it } from 'vitest';
import type { StoreStatusView } from '../../../src/supervisor/http/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('the store in /status.json and /healthz (docs/protocol.md#operator-endpoints)', () => {
  it('without a store hook: /healthz says ok and /status.json has no store', async () => {
    h = await startHarness();
    const health = await fetch(`${h.server.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    expect(h.server.status().store).toBeUndefined();
  });

  it('a store that is up: ok, and its kind on the second line', async () => {
    const store: StoreStatusView = { kind: 'redis', up: true, errors: 0, sinceMs: 1_000, lastError: null };
    h = await startHarness({ storeStatus: () => store });
    const health = await fetch(`${h.server.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\nstore: redis up\n']);
    expect(((await (await fetch(`${h.server.url}/status.json`)).json()) as { store: unknown }).store).toEqual(store);
  });

  it('a degraded store: still 200 (the node serves its agents), but the body says degraded, since when, and the last error', async () => {
    const store: StoreStatusView = { kind: 'redis', up: false, errors: 3, sinceMs: Date.UTC(2026, 0, 2, 3, 4, 5), lastError: 'connect ECONNREFUSED' };
    h = await startHarness({ storeStatus: () => store });
    const health = await fetch(`${h.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe(
      "degraded\nstore: redis unreachable since 2026-01-02T03:04:05.000Z (3 errors; last: connect ECONNREFUSED); pings and watchdogs run on this node's own table\n",
    );
    expect(h.server.status().store).toMatchObject({ up: false, errors: 3 });
  });
});
