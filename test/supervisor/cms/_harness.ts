import { CmsClient, type CmsClientHandlers, type CmsClientOptions } from '../../../src/supervisor/cms/client.js';
import { CmsServer, type CmsServerOptions } from '../../../src/supervisor/cms-server/server.js';
import { seededRandom } from '../../../src/supervisor/cms-server/random.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';

export interface LoggedEvent {
  event: string;
  fields: Record<string, unknown>;
}

export interface TestCms {
  server: CmsServer;
  port: number;
  events: LoggedEvent[];
  clock: RealClock;
}

/** An in-process CMS on a loopback port (0 picks one), no calls unless asked. */
export async function startCms(overrides: Partial<CmsServerOptions> = {}): Promise<TestCms> {
  const events: LoggedEvent[] = [];
  const clock = new RealClock();
  const server = new CmsServer({
    host: '127.0.0.1',
    port: 0,
    clock,
    callsPerSecond: 0,
    handleTimeMs: 60_000,
    ringTimeoutMs: 60_000,
    random: seededRandom(1),
    log: (event, fields) => events.push({ event, fields }),
    ...overrides,
  });
  const { port } = await server.start();
  return { server, port, events, clock };
}

export async function stopCms(cms: TestCms): Promise<void> {
  await cms.server.stop();
  cms.clock.cancelAll();
}

export interface Recorded {
  offers: { call: string; agent: string }[];
  notReady: { agent: string; reason: string | undefined }[];
  ended: { call: string; agent: string }[];
  errors: string[];
}

export function startClient(port: number, extra: Partial<CmsClientOptions> = {}, handlers: CmsClientHandlers = {}): { client: CmsClient; seen: Recorded; clock: RealClock } {
  const seen: Recorded = { offers: [], notReady: [], ended: [], errors: [] };
  const clock = new RealClock();
  const client = new CmsClient({
    system: 'voice',
    host: '127.0.0.1',
    port,
    clock,
    handlers: {
      offer: (call, agent) => seen.offers.push({ call, agent }),
      agentNotReady: (agent, reason) => seen.notReady.push({ agent, reason }),
      callEnded: (call, agent) => seen.ended.push({ call, agent }),
      protocolError: (message) => seen.errors.push(message),
      ...handlers,
    },
    ...extra,
  });
  client.start();
  return { client, seen, clock };
}

/** Polls `check` until it holds; fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends a ping and resolves true when it is acknowledged within `withinMs`, false otherwise. */
export function pingAcked(client: CmsClient, withinMs: number, system = client.system): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), withinMs);
    client.ping(system, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
