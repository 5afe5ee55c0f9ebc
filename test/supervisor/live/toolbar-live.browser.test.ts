import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { startCms, stopCms, type TestCms } from '../cms/_harness.js';
import { sleep, waitFor } from '../http/harness.js';
import { metricsText, sample, startSupervisor, type LogLine, type RunningSupervisor } from './_start.js';

// The real stack: Debian's Chromium runs the toolbar page served by `hbctl start`,
// which pings an in-test CMS over TCP. fast.yaml: browser ping 1 s, watchdog
// lag 2 s, sleep 1 s, CMS ping 1 s, ack timeout 1 s.
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FAST = join(ROOT, 'test/fixtures/live/fast.yaml');
const LAG_MS = 2000;
const SLEEP_MS = 1000;
/** Room for a loaded machine (the whole suite runs in parallel) on top of what a rule allows. */
const SLACK_MS = 1500;
/** Bounded, generous waits for things that happen within a few seconds on an idle machine. */
const WAIT_MS = 10_000;
const TEST_MS = 60_000;

if (!HAVE_CHROMIUM && process.env['CI'] === undefined) {
  console.warn(`live toolbar browser tests skipped: ${CHROMIUM} is not installed (they fail under CI)`);
}

describe('Chromium is there when CI runs the live toolbar tests', () => {
  it.runIf(process.env['CI'] !== undefined)(`finds ${CHROMIUM}`, () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required under CI`).toBe(true);
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function cms(overrides: Parameters<typeof startCms>[0] = {}): Promise<TestCms & { stop(): Promise<void> }> {
  const c = await startCms(overrides);
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await stopCms(c);
  });
  const stop = async (): Promise<void> => {
    stopped = true;
    await stopCms(c);
  };
  return Object.assign(c, { stop });
}

async function supervisor(c: TestCms): Promise<RunningSupervisor> {
  const s = await startSupervisor(['--cms', `127.0.0.1:${c.port}`, FAST]);
  cleanups.push(async () => void (await s.stop()));
  return s;
}

/** A browser of its own, with its process at hand (a server launch exposes it; a plain launch does not). */
async function launchKillable(): Promise<{ browser: Browser; server: BrowserServer }> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
  cleanups.push(() => server.close());
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  cleanups.push(() => browser.close());
  return { browser, server };
}

/** Polls an element's text from the test (string evaluation in the page would break its CSP). */
async function waitText(page: Page, selector: string, ok: (text: string) => boolean, what = selector, timeoutMs = WAIT_MS): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = (await page.textContent(selector)) ?? '';
    if (ok(text)) return text;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(text)} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

const logoffOf = (agent: string) => (l: LogLine) => l.event === 'logoff' && l['agent'] === agent;

/** Opens the toolbar page, logs `agent` in as AGENT, and waits for two acknowledged pings. */
async function loggedInPage(browser: Browser, s: RunningSupervisor, agent: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A Content-Security-Policy violation (a blocked script, worker or socket) shows as a console error.
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${s.url}/`);
  await page.fill('#agent', agent);
  await page.fill('#role', 'AGENT');
  await page.click('#login-button');
  await waitText(page, '#state', (t) => t === `logged in as ${agent} (AGENT)`, 'the login');
  await waitText(page, '#ack-count', (t) => Number(t) >= 2, 'two acknowledged pings');
  await s.waitForLine(`${agent}'s login`, (l) => l.event === 'login' && l['agent'] === agent, WAIT_MS);
  return { page, errors };
}

describe.skipIf(!HAVE_CHROMIUM)('the toolbar page in Chromium against hbctl start and a CMS', () => {
  let browser: Browser;

  beforeAll(async () => {
    ensureBuild();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
  }, PROCESS_TIMEOUT_MS * 2);

  afterAll(async () => {
    await browser?.close();
  });

  it(
    'logs in, sees pings acknowledged, accepts a call the CMS offers, and shows the CMS banner through an outage until recovery',
    async () => {
      const c = await cms();
      const s = await supervisor(c);
      const { page, errors } = await loggedInPage(browser, s, '4001');
      expect(await page.textContent('#last-ack')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const acksBefore = Number(await page.textContent('#ack-count'));
      await waitText(page, '#ack-count', (t) => Number(t) > acksBefore, 'a further ack a ping interval later');
      expect(sample(await metricsText(s.url), 'hbctl_browser_pings_total')).toBeGreaterThanOrEqual(2);

      // The supervisor logged the agent in at the CMS and made it ready: a call arriving there is offered to it.
      await waitFor(() => c.server.router.statusOf('4001') === 'ready', WAIT_MS, 'the agent ready at the CMS');
      c.server.router.callArrives();
      await page.click('#calls li[data-call-id="c1"] button.accept', { timeout: WAIT_MS });
      await waitFor(() => c.events.some((e) => e.event === 'accepted' && e.fields['agent'] === '4001' && e.fields['call'] === 'c1'), WAIT_MS, 'the CMS to log the accept');
      await waitText(page, '#calls li[data-call-id="c1"]', (t) => t.includes('accepted'), 'the call shown accepted');
      expect(c.server.router.statusOf('4001')).toBe('busy');

      // The CMS hangs: no ack within the ack timeout, so the page shows the banner; when it answers again, the banner goes.
      expect(await page.isHidden('#cms-banner')).toBe(true);
      c.server.setOutage(true);
      await page.waitForSelector('#cms-banner', { state: 'visible', timeout: WAIT_MS });
      expect(await page.textContent('#cms-banner')).toBe('The communication system CMS is not available: calls cannot reach you until it is back.');
      c.server.setOutage(false);
      await page.waitForSelector('#cms-banner', { state: 'hidden', timeout: WAIT_MS });
      expect(sample(await metricsText(s.url), 'hbctl_cms_available{cms="CMS"}')).toBe(1);

      expect(await page.textContent('#state')).toBe('logged in as 4001 (AGENT)');
      expect(s.lines.filter(logoffOf('4001'))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'shows the banner while the CMS process is gone and hides it once a CMS listens on the same port again',
    async () => {
      const first = await cms();
      const s = await supervisor(first);
      const { page } = await loggedInPage(browser, s, '4002');
      await waitFor(() => first.server.router.statusOf('4002') === 'ready', WAIT_MS, 'the agent ready at the CMS');

      await first.stop();
      await page.waitForSelector('#cms-banner', { state: 'visible', timeout: WAIT_MS });
      await s.waitForLine('the lost CMS connection', (l) => l.event === 'cms-disconnected', WAIT_MS);

      // The supervisor retries with a backoff of at most 5 s and replays its agents' logins and ready states.
      const second = await cms({ port: first.port });
      await page.waitForSelector('#cms-banner', { state: 'hidden', timeout: 5000 + WAIT_MS });
      await waitFor(() => second.server.router.statusOf('4002') === 'ready', WAIT_MS, 'the agent ready at the restarted CMS');
      expect(await page.textContent('#state')).toBe('logged in as 4002 (AGENT)');
      expect(s.lines.filter(logoffOf('4002'))).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'stays logged in while the page’s main thread is blocked for twice the watchdog lag: its Worker keeps pinging',
    async () => {
      const c = await cms();
      const s = await supervisor(c);
      const { page, errors } = await loggedInPage(browser, s, '4003');
      const pingsBefore = sample(await metricsText(s.url), 'hbctl_browser_pings_total') ?? 0;
      const blockMs = 2 * LAG_MS + 500;
      const blocked = page.evaluate((ms) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          // busy: no main-thread timer or event runs
        }
      }, blockMs);
      await sleep(2 * LAG_MS);
      // Read while the main thread is still busy: the pings come from the Worker.
      const pingsDuring = (sample(await metricsText(s.url), 'hbctl_browser_pings_total') ?? 0) - pingsBefore;
      await blocked;
      expect(pingsDuring).toBeGreaterThanOrEqual(2);
      // Past lag + sleep after the block began: a watchdog that had missed the pings would have logged the agent off by now.
      await sleep(SLEEP_MS);
      expect(s.lines.filter(logoffOf('4003'))).toEqual([]);
      const acks = Number(await page.textContent('#ack-count'));
      await waitText(page, '#ack-count', (t) => Number(t) > acks, 'acks after the block');
      expect(await page.textContent('#state')).toBe('logged in as 4003 (AGENT)');
      expect(await page.textContent('#logoff-reason')).toBe('-');
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'closing the page logs the agent off at once with reason client, at the supervisor and at the CMS',
    async () => {
      const c = await cms();
      const s = await supervisor(c);
      const { page } = await loggedInPage(browser, s, '4004');
      await waitFor(() => c.server.router.statusOf('4004') === 'ready', WAIT_MS, 'the agent ready at the CMS');
      const closedAt = Date.now();
      await page.close({ runBeforeUnload: true });
      const off = await s.waitForLine('the log-off of 4004', logoffOf('4004'), WAIT_MS);
      // The watchdog would say `watchdog` after lag + sleep: `client` is the page's own goodbye.
      expect(off['reason']).toBe('client');
      expect(Date.now() - closedAt).toBeLessThan(LAG_MS + SLEEP_MS + SLACK_MS);
      await waitFor(() => c.events.some((e) => e.event === 'logoff' && e.fields['agent'] === '4004'), WAIT_MS, 'the CMS to hear of the log-off');
      expect(c.events.find((e) => e.event === 'logoff' && e.fields['agent'] === '4004')?.fields['reason']).toBe('client');
      expect(sample(await metricsText(s.url), 'hbctl_logoffs_total{reason="client"}')).toBe(1);
    },
    TEST_MS,
  );

  it(
    'a killed browser process is logged off by the watchdog (reason watchdog) within lag + sleep of its last ack',
    async () => {
      const c = await cms();
      const s = await supervisor(c);
      const doomed = await launchKillable();
      await loggedInPage(doomed.browser, s, '4005');
      const pid = doomed.server.process().pid;
      expect(pid, 'the launched browser has a process').toBeTypeOf('number');
      const killedAt = Date.now();
      // Chromium is launched as a process group leader: SIGKILL takes its renderer and network processes along.
      try {
        process.kill(-(pid as number), 'SIGKILL');
      } catch {
        process.kill(pid as number, 'SIGKILL');
      }
      const off = await s.waitForLine('the watchdog log-off of 4005', logoffOf('4005'), LAG_MS + SLEEP_MS + WAIT_MS);
      const sinceKillMs = Date.now() - killedAt;
      expect(off['reason']).toBe('watchdog');
      // detectionMs: from the last acknowledged ping to the log-off, by the supervisor's clock.
      const detectionMs = off['detectionMs'] as number;
      expect(detectionMs).toBeGreaterThanOrEqual(LAG_MS);
      expect(detectionMs).toBeLessThanOrEqual(LAG_MS + SLEEP_MS + SLACK_MS);
      // The last ack came before the kill, so the kill-to-log-off time is bounded the same way.
      expect(sinceKillMs).toBeLessThanOrEqual(LAG_MS + SLEEP_MS + SLACK_MS);
      await waitFor(() => c.events.some((e) => e.event === 'logoff' && e.fields['agent'] === '4005'), WAIT_MS, 'the CMS to hear of the log-off');
      expect(c.events.find((e) => e.event === 'logoff' && e.fields['agent'] === '4005')?.fields['reason']).toBe('watchdog');
      expect(sample(await metricsText(s.url), 'hbctl_logoffs_total{reason="watchdog"}')).toBe(1);
    },
    TEST_MS,
  );
});
