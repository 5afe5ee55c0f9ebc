import { afterEach, describe, expect, it } from 'vitest';
import { CmsCheck } from '../../../src/engine/cms-check.js';
import type { CommunicationSession } from '../../../src/engine/session.js';
import { InProcessCmsTable } from '../../../src/store/in-process.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { startClient, startCms, stopCms, waitFor } from './_harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A session that only records what the CMS check tells it. */
function recordingSession(told: boolean[]): CommunicationSession {
  return { tellCmsStatus: (_cms: string, available: boolean) => told.push(available) } as unknown as CommunicationSession;
}

describe("the engine's CmsCheck over a real CmsClient", () => {
  it('an outage of the built-in CMS makes the check time out and mark the CMS unavailable; after it, the next wake marks it available', async () => {
    const cms = await startCms();
    cleanups.push(() => stopCms(cms));
    const { client, clock: clientClock } = startClient(cms.port);
    cleanups.push(async () => {
      await client.stop();
      clientClock.cancelAll();
    });
    await waitFor('the client to connect', () => client.connected);
    const clock = new RealClock();
    cleanups.push(async () => clock.cancelAll());
    const table = new InProcessCmsTable(clock);
    const outages: number[] = [];
    const recoveries: number[] = [];
    const check = new CmsCheck(clock, table, client, { cmsPingIntervalMs: 0, ackTimeoutMs: 200 }, {
      outageDetected: (_cms, atMs) => outages.push(atMs),
      recovered: (_cms, atMs) => recoveries.push(atMs),
    });
    cleanups.push(async () => check.stop());
    const told: boolean[] = [];
    const session = recordingSession(told);

    check.onWake(session, 'voice');
    await waitFor('the first ack', () => table.snapshot('voice').lastAckMs !== undefined && !table.snapshot('voice').locked);
    expect(table.snapshot('voice').available).toBe(true);

    cms.server.setOutage(true);
    const wokeMs = Date.now();
    check.onWake(session, 'voice');
    await waitFor('the outage to be found', () => outages.length === 1, 2_000);
    expect(Date.now() - wokeMs).toBeGreaterThanOrEqual(190);
    expect(table.snapshot('voice').available).toBe(false);
    expect(told.at(-1)).toBe(false);

    cms.server.setOutage(false);
    await waitFor('the lock to be free', () => !table.snapshot('voice').locked);
    check.onWake(session, 'voice');
    await waitFor('the recovery', () => recoveries.length === 1, 2_000);
    expect(table.snapshot('voice').available).toBe(true);
  });
});
