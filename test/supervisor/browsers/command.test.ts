import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browsersCommand } from '../../../src/cli/commands/browsers.js';
import { BIN, ensureBuild, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { fakeIo, hasStack, hbctl } from '../../cli/_io.js';
import { startHarness, waitFor, type Harness } from '../http/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);

async function harness(): Promise<Harness> {
  const h = await startHarness();
  cleanups.push(() => h.stop());
  return h;
}

type Line = { event: string; [k: string]: unknown };

/** Starts the real `bin/hbctl browsers` and collects its stdout lines. */
function spawnBrowsers(args: string[]) {
  const child = execa(process.execPath, [BIN, 'browsers', ...args], { cwd: ROOT, env: plainEnv(), reject: false, stdin: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await child;
  });
  const lines: Line[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Line));
  return { child, lines };
}

describe('hbctl browsers (the real command)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'logs the browsers in, prints one JSON line per event, and on %s says goodbye from each and exits 0 with a summary',
    async (signal) => {
      const h = await harness();
      const { child, lines } = spawnBrowsers(['--url', h.server.url, '--count', '3', '--role', 'AGENT', '--spread', '100ms']);
      await waitFor(() => lines.filter((l) => l.event === 'login').length === 3, 10_000, 'three logins');
      await waitFor(() => h.sessions.pings.size === 3, 3000, 'a ping from each');
      child.kill(signal);
      const result = await child;
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      for (const a of ['agent-0001', 'agent-0002', 'agent-0003']) expect(h.sessions.calls).toContain(`logOff ${a} client`);
      expect(lines.filter((l) => l.event === 'login').map((l) => l['agent'])).toEqual(['agent-0001', 'agent-0002', 'agent-0003']);
      const summary = lines.at(-1)!;
      expect(summary).toMatchObject({ event: 'summary', browsers: 3, loggedIn: 3, logins: 3, loggedOff: { client: 3 } });
      expect(summary['pingsAcked']).toBe(summary['pingsSent']);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'stops by itself after --duration, with only the summary under --quiet; --crash-count crashes that many, chosen by the seed',
    async () => {
      const h = await harness();
      const { child, lines } = spawnBrowsers(['--url', h.server.url, '--count', '4', '--role', 'AGENT', '--prefix', 'q-', '--spread', '50ms', '--crash-after', '1s', '--crash-count', '2', '--seed', '3', '--duration', '3s', '--quiet']);
      const result = await child;
      expect(result.exitCode).toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ event: 'summary', browsers: 4, loggedIn: 4, crashed: 2, loggedOff: { client: 2 } });
      const disconnected = h.sessions.calls.filter((c) => c.startsWith('disconnected')).sort();
      const saidGoodbye = h.sessions.calls.filter((c) => c.endsWith(' client'));
      expect(disconnected).toHaveLength(2);
      expect(saidGoodbye).toHaveLength(2);
      for (const d of disconnected) expect(saidGoodbye).not.toContain(`logOff ${d.split(' ')[1]} client`);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'refuses bad options from the real launcher with one line and exit 2',
    async () => {
      const r = await execa(process.execPath, [BIN, 'browsers', '--url', 'ftp://x', '--count', '2'], { cwd: ROOT, env: plainEnv(), reject: false });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^hbctl: --url ftp:\/\/x: write the supervisor's http:\/\/ address/);
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe('hbctl browsers: option errors (exit 2, one line)', () => {
  const URL = ['--url', 'http://127.0.0.1:9'];
  it.each([
    [['--count', '2'], /required option '--url <urls>' not specified/],
    [[...URL], /required option '--count <n>'/],
    [[...URL, '--count', '0'], /--count 0: write a whole number from 1/],
    [[...URL, '--count', 'many'], /--count many: write a whole number/],
    [['--url', 'localhost:7480', '--count', '1'], /--url localhost:7480: write the supervisor's http:\/\/ address/],
    [[...URL, '--count', '3', '--role', 'A:5'], /--role counts add up to 5, more than --count 3/],
    [[...URL, '--count', '3', '--role', 'A:1', '--role', 'B:1'], /add up to 2, not --count 3/],
    [[...URL, '--count', '3', '--role', 'A', '--role', 'B'], /only one role may go without a count/],
    [[...URL, '--count', '3', '--role', 'bad role'], /--role bad role: write ROLE or ROLE:COUNT/],
    [[...URL, '--count', '1', '--prefix', 'no space '], /--prefix no space : agent ids/],
    [[...URL, '--count', '2', '--crash-count', '1'], /--crash-count needs --crash-after/],
    [[...URL, '--count', '2', '--crash-after', '1s', '--crash-count', '3'], /--crash-count 3: write a whole number from 0 to 2/],
    [[...URL, '--count', '2', '--crash-after', 'soon'], /--crash-after soon: "soon" is not a duration/],
    [[...URL, '--count', '2', '--freeze-after', '1s'], /--freeze-after and --freeze-for go together/],
    [[...URL, '--count', '2', '--freeze-for', '1s'], /--freeze-after and --freeze-for go together/],
    [[...URL, '--count', '2', '--freeze-after', '1s', '--freeze-for', '0'], /--freeze-for 0: must be longer than 0/],
    [[...URL, '--count', '2', '--answer-calls', 'maybe'], /--answer-calls maybe: write accept, reject or ignore/],
    [[...URL, '--count', '2', '--duration', '0s'], /--duration 0s: must be longer than 0/],
    [[...URL, '--count', '2', '--seed', '-1'], /--seed -1: write a whole number/],
    [[...URL, '--count', '2', '--token-env', 'HBCTL_TEST_NO_SUCH_VAR'], /--token-env HBCTL_TEST_NO_SUCH_VAR: the variable must hold/],
    [[...URL, '--count', '20001'], /--count 20001: this process can run at most \d+ browsers/],
  ])('%j', async (args, message) => {
    const r = await hbctl(ROOT, ['browsers', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('refuses a count beyond the open-file limit minus the descriptors in use', async () => {
    const io = fakeIo(ROOT);
    const run = browsersCommand({ url: ['http://127.0.0.1:9'], count: '100' }, io, { fds: () => ({ limit: 120, inUse: 10 }) });
    await expect(run).rejects.toThrow(/--count 100: this process can run at most 78 browsers \(one socket each; open-file limit 120, 10 in use\); lower --count or raise ulimit -n/);
  });
});
