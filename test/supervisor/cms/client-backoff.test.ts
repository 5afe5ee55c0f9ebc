import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/engine/ports.js';
import { VirtualClock } from '../../../src/sim/world/virtual-clock.js';
import { CmsClient } from '../../../src/supervisor/cms/client.js';
import { waitFor, SOCKET_TEST_TIMEOUT_MS } from './_harness.js';

/** A port nothing listens on: bound, read back, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A virtual clock that remembers the delay of every timer it is asked for. */
function recordingClock(): { clock: Clock & { runUntil(tMs: number): void }; delays: number[] } {
  const inner = new VirtualClock();
  const delays: number[] = [];
  return {
    delays,
    clock: {
      now: () => inner.now(),
      schedule: (delayMs, fn) => {
        delays.push(delayMs);
        return inner.schedule(delayMs, fn);
      },
      cancel: (id) => inner.cancel(id),
      runUntil: (tMs) => inner.runUntil(tMs),
    },
  };
}

describe('CmsClient reconnect timing (virtual clock, real refused connections)', { timeout: SOCKET_TEST_TIMEOUT_MS }, () => {
  it('waits a jittered, doubling backoff between attempts, capped at the configured maximum', async () => {
    const port = await closedPort();
    const { clock, delays } = recordingClock();
    const connectTimeoutMs = 9_999;
    const client = new CmsClient({ system: 'voice', host: '127.0.0.1', port, clock, random: () => 0.5, connectTimeoutMs, backoff: { initialMs: 100, maxMs: 1_000 } });
    client.start();
    const retries = (): number[] => delays.filter((d) => d !== connectTimeoutMs);
    for (let attempt = 1; attempt <= 6; attempt++) {
      await waitFor(`refused attempt ${attempt}`, () => retries().length === attempt);
      clock.runUntil(clock.now() + (retries().at(-1) as number));
    }
    await waitFor('the last refusal', () => retries().length === 7);
    await client.stop();
    // Ceilings 100, 200, 400, 800, then the 1 s cap; each wait is 3/4 of its ceiling with random 0.5.
    expect(retries()).toEqual([75, 150, 300, 600, 750, 750, 750]);
    expect(client.stats).toMatchObject({ connects: 0, disconnects: 0 });
  });
});
