import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuild, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { AgentClient } from '../http/harness.js';
import { startSupervisor, type RunningSupervisor } from './_start.js';

// `hbctl start` itself, as an operator runs it: safe by default on the real command.
const FAST = join(ROOT, 'test/fixtures/live/fast.yaml');
const TOKEN = 'live-security-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'hbctl-start-security-'));
writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
writeFileSync(join(dir, 'short'), 'abc\n');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
beforeAll(() => ensureBuild(), PROCESS_TIMEOUT_MS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `hbctl start ARGS` that must refuse to start: bounded, so a supervisor that starts anyway fails the test instead of hanging it. */
async function refusedStart(args: string[]): Promise<{ exitCode: number | undefined; stdout: string; stderr: string; timedOut: boolean }> {
  const r = await execa(process.execPath, [BIN, 'start', ...args, FAST], { cwd: dir, env: plainEnv(), reject: false, stdin: 'ignore', timeout: 20_000 });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
}

/** `hbctl start` on `listen` (the last --listen wins over the helper's loopback default). */
async function supervisor(listen: string, extra: string[] = []): Promise<RunningSupervisor> {
  const s = await startSupervisor(['--listen', listen, ...extra, FAST]);
  cleanups.push(async () => void (await s.stop()));
  return s;
}

function agent(wsUrl: string, origin?: string): AgentClient {
  const a = new AgentClient(wsUrl, origin === undefined ? {} : { origin });
  cleanups.push(async () => a.close());
  return a;
}

describe('hbctl start is safe by default', () => {
  it.each([
    ['a non-loopback --listen without --auth-token-file', ['--listen', '0.0.0.0:0'], 'hbctl: --listen 0.0.0.0:0 is not a loopback address: give --auth-token-file so agents and operators must present a token'],
    ['a token file with a token shorter than 16 characters', ['--listen', '0.0.0.0:0', '--auth-token-file', 'short'], `hbctl: --auth-token-file short: the token in ${join(dir, 'short')} is shorter than 16 characters`],
    ['a token file that does not exist', ['--listen', '127.0.0.1:0', '--auth-token-file', 'missing'], `hbctl: --auth-token-file missing: ENOENT: no such file or directory, open '${join(dir, 'missing')}'`],
  ])(
    'refuses to start on %s: exit 2, one clear line on stderr, nothing served',
    async (_what, args, line) => {
      const r = await refusedStart(args);
      expect(r.timedOut, 'hbctl start ran instead of refusing').toBe(false);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim()).toBe(line);
      expect(r.stdout).not.toContain('"event":"started"');
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'beyond loopback with --auth-token-file: /metrics, /status.json and the agent WebSocket need the token; /healthz and the pages do not',
    async () => {
      const s = await supervisor('0.0.0.0:0', ['--auth-token-file', join(dir, 'token')]);
      expect(s.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      const url = s.url.replace('0.0.0.0', '127.0.0.1');
      const listening = await s.waitForLine('listening', (l) => l.event === 'listening');
      expect(listening['auth']).toBe(true);
      for (const path of ['/metrics', '/status.json']) {
        expect((await fetch(`${url}${path}`)).status, `${path} without a token`).toBe(401);
        expect((await fetch(`${url}${path}`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status, `${path} with a wrong token`).toBe(401);
        expect((await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, `${path} with the token`).toBe(200);
        expect((await fetch(`${url}${path}?token=${TOKEN}`)).status, `${path} with ?token=`).toBe(200);
      }
      const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(metrics).toContain('hbctl_browser_pings_total');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(200);

      const wsUrl = `${url.replace('http:', 'ws:')}/agent`;
      await expect(agent(wsUrl).opened).rejects.toThrow(/401/);
      await expect(agent(`${wsUrl}?token=not-the-token-at-all`).opened).rejects.toThrow(/401/);
      const welcome = await agent(`${wsUrl}?token=${TOKEN}`).login('5001', 'AGENT');
      expect(welcome).toMatchObject({ type: 'welcome', agent: '5001', role: 'AGENT' });
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'refuses a WebSocket upgrade from a foreign Origin (403, logged), accepts its own pages and an --allow-origin',
    async () => {
      const s = await supervisor('127.0.0.1:0', ['--allow-origin', 'https://desk.example']);
      const wsUrl = `${s.url.replace('http:', 'ws:')}/agent`;
      await expect(agent(wsUrl, 'https://evil.example').opened).rejects.toThrow(/403/);
      const refused = await s.waitForLine('the bad-origin warning', (l) => l.event === 'bad-origin');
      expect(refused['origin']).toBe('https://evil.example');
      expect(s.lines.some((l) => l.event === 'login')).toBe(false);
      // A page the server served (its own origin) and a listed origin may connect.
      await agent(wsUrl, s.url).login('5002', 'AGENT');
      await agent(wsUrl, 'https://desk.example').login('5003', 'AGENT');
      await s.waitForLine('two logins', () => s.lines.filter((l) => l.event === 'login').length === 2);
      // The goodbye beacon obeys the same rule.
      const beacon = await fetch(`${s.url}/agent/goodbye`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: 'x' });
      expect(beacon.status).toBe(403);
    },
    PROCESS_TIMEOUT_MS,
  );
});
