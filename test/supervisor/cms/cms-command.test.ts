import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuild, hbctlProcess, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { pingAcked, startClient, startCms, stopCms, waitFor } from './_harness.js';

const CHILD_OPTIONS = { cwd: ROOT, env: plainEnv(), reject: false, stdin: 'ignore' } as const;

interface Running {
  child: ResultPromise<typeof CHILD_OPTIONS>;
  port: number;
  /** Every stdout line after the first, parsed. */
  events: { event: string; [k: string]: unknown }[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);

/** Starts `hbctl cms` and reads the port from its first stdout line. */
async function startCommand(args: string[]): Promise<Running> {
  const child = execa(process.execPath, [BIN, 'cms', '--listen', '127.0.0.1:0', ...args], CHILD_OPTIONS);
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await child;
  });
  const events: Running['events'] = [];
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('hbctl cms exited before it listened')));
  });
  lines.on('line', (line) => events.push(JSON.parse(line) as Running['events'][number]));
  const m = /^hbctl cms listening on 127\.0\.0\.1:(\d+)$/.exec(first);
  expect(m, `first line: ${first}`).not.toBeNull();
  return { child, port: Number(m?.[1]), events };
}

function client(port: number): ReturnType<typeof startClient> {
  const c = startClient(port);
  cleanups.push(async () => {
    await c.client.stop();
    c.clock.cancelAll();
  });
  return c;
}

describe('hbctl cms (the real command)', () => {
  it(
    'states its address first, acks pings, routes calls, toggles an outage on SIGUSR1 and exits 0 on SIGTERM',
    async () => {
      const run = await startCommand(['--calls-per-second', '20', '--handle-time', '100ms', '--ring-timeout', '2s', '--seed', '7']);
      expect(run.port).toBeGreaterThan(0);
      const { client: c, seen } = client(run.port);
      await waitFor('the client to connect', () => c.connected);
      expect(await pingAcked(c, 2_000)).toBe(true);
      c.login('a1', 'IC_AGENT');
      c.ready('a1');
      await waitFor('a call offered', () => seen.offers.length > 0);
      const offer = seen.offers[0] as { call: string; agent: string };
      c.accept(offer.call, offer.agent);
      await waitFor('the call to end', () => seen.ended.length > 0);

      run.child.kill('SIGUSR1');
      await waitFor('the outage', () => run.events.some((e) => e.event === 'outageStarted'));
      expect(await pingAcked(c, 300)).toBe(false);
      run.child.kill('SIGUSR1');
      await waitFor('the end of the outage', () => run.events.some((e) => e.event === 'outageEnded'));
      expect(await pingAcked(c, 2_000)).toBe(true);

      run.child.kill('SIGTERM');
      const result = await run.child;
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      const stopped = run.events.at(-1);
      expect(stopped).toMatchObject({ event: 'stopped', pingsUnanswered: 1, accepted: expect.any(Number) as unknown });
      expect(run.events.map((e) => e.event)).toEqual(expect.arrayContaining(['started', 'connected', 'login', 'ready', 'offered', 'accepted', 'callEnded']));
      for (const e of run.events) expect(e).toMatchObject({ level: 'info', time: expect.any(Number) as unknown });
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'has the outage asked for with --outage-at and --outage-for, and stops on SIGINT with exit 0',
    async () => {
      const run = await startCommand(['--outage-at', '100ms', '--outage-for', '300ms']);
      await waitFor('the outage to start and end', () => run.events.some((e) => e.event === 'outageEnded'), 5_000);
      const started = run.events.find((e) => e.event === 'outageStarted');
      const ended = run.events.find((e) => e.event === 'outageEnded');
      expect((ended?.time as number) - (started?.time as number)).toBeGreaterThanOrEqual(290);
      run.child.kill('SIGINT');
      expect((await run.child).exitCode).toBe(0);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'exits 2 with one line when the port is taken',
    async () => {
      const busy = await startCms();
      cleanups.push(() => stopCms(busy));
      const r = await execa(process.execPath, [BIN, 'cms', '--listen', `127.0.0.1:${busy.port}`], { cwd: ROOT, env: plainEnv(), reject: false });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`hbctl: --listen 127.0.0.1:${busy.port}: cannot listen (EADDRINUSE)`);
    },
    PROCESS_TIMEOUT_MS,
  );

  it.each([
    [['--listen', 'nowhere'], /--listen nowhere: write HOST:PORT/],
    [['--listen', '0.0.0.0:0'], /beyond loopback: name an environment variable holding a token with --token-env/],
    [['--listen', '0.0.0.0:0', '--token-env', 'HBCTL_TEST_UNSET_TOKEN'], /--token-env HBCTL_TEST_UNSET_TOKEN: the variable must hold a token/],
    [['--outage-for', '10s'], /--outage-for needs --outage-at/],
    [['--handle-time', '3 minutes'], /--handle-time 3 minutes: "3 minutes" is not a duration/],
    [['--ring-timeout', '0'], /--ring-timeout 0: must be longer than 0/],
    [['--calls-per-second', '-1'], /--calls-per-second -1: write a number from 0 to 1000/],
    [['--seed', 'x'], /--seed x: write a whole number/],
  ])(
    'refuses %j with exit 2 and one line',
    (args, message) => {
      const r = hbctlProcess(['cms', ...args], ROOT);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    },
    PROCESS_TIMEOUT_MS,
  );
});
