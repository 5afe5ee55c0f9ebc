import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type FakeRole } from './fake-sessions.js';
import { AgentClient, sleep, startHarness, waitFor, type Harness } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!HAVE_CHROMIUM && process.env['CI'] === undefined) {
  console.warn(`toolbar browser tests skipped: ${CHROMIUM} is not installed (they fail under CI)`);
}

describe('Chromium is there when CI runs the browser tests', () => {
  it.runIf(process.env['CI'] !== undefined)(`finds ${CHROMIUM}`, () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required under CI`).toBe(true);
  });
});

const BROWSER_ROLES: ReadonlyMap<string, FakeRole> = new Map([
  ...ROLES,
  ['DESK', { browserPingIntervalMs: 250, mode: 'B', pushKeepAliveTimerMs: 200, channelCleanupTimerMs: 5000, watchdogLagMs: 5000 }],
]);

/** Polls an element's text from the test (string evaluation in the page would break its CSP). */
async function waitText(page: Page, selector: string, ok: (text: string) => boolean, what = selector): Promise<void> {
  const end = Date.now() + 5000;
  for (;;) {
    const text = (await page.textContent(selector)) ?? '';
    if (ok(text)) return;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(text)}`);
    await sleep(50);
  }
}

describe.skipIf(!HAVE_CHROMIUM)('the agent toolbar page in Chromium', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHarness({}, BROWSER_ROLES);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  async function loggedInPage(agent: string): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A Content-Security-Policy violation (a blocked script, worker or socket) shows as a console error.
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${h.server.url}/`);
    await page.fill('#agent', agent);
    await page.fill('#role', 'DESK');
    await page.click('#login-button');
    await waitText(page, '#ack-count', (t) => Number(t) >= 2);
    expect(errors).toEqual([]);
    return page;
  }

  it('logs in and shows acknowledged pings and keep-alive ticks', async () => {
    const page = await loggedInPage('3001');
    expect(await page.textContent('#state')).toBe('logged in as 3001 (DESK)');
    expect(await page.textContent('#last-ack')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await waitText(page, '#keepalive-count', (t) => Number(t) >= 1);
    expect(h.sessions.pings.get('3001')).toBeGreaterThanOrEqual(2);
    await page.close();
  }, 20_000);

  it('shows a call offer and accepts it with the button', async () => {
    const page = await loggedInPage('3002');
    h.server.events.callOffered('3002', { callId: 'call-9', from: '+4930999' }, Date.now());
    await page.click('#calls li[data-call-id="call-9"] button.accept', { timeout: 5000 });
    await waitFor(() => h.sessions.calls.includes('accept 3002 call-9'), 5000, 'the accept');
    await waitText(page, '#calls li', (t) => t.includes('accepted'));
    await page.close();
  }, 20_000);

  it('shows the CMS banner while the CMS is unavailable and hides it on recovery', async () => {
    const page = await loggedInPage('3003');
    h.server.events.cmsStatus('3003', 'cms-a', false, Date.now());
    await page.waitForSelector('#cms-banner', { state: 'visible', timeout: 5000 });
    expect(await page.textContent('#cms-banner')).toContain('cms-a is not available');
    h.server.events.cmsStatus('3003', 'cms-a', true, Date.now());
    await page.waitForSelector('#cms-banner', { state: 'hidden', timeout: 5000 });
    await page.close();
  }, 20_000);

  it('keeps pinging from its Worker while the page’s main thread is blocked', async () => {
    const page = await loggedInPage('3004');
    const before = h.sessions.pings.get('3004') ?? 0;
    const blocked = page.evaluate(() => {
      const end = Date.now() + 2500;
      while (Date.now() < end) {
        // busy: no main-thread timer or event runs
      }
    });
    await sleep(2000);
    const during = (h.sessions.pings.get('3004') ?? 0) - before;
    await blocked;
    expect(during).toBeGreaterThanOrEqual(4);
    await page.close();
  }, 20_000);

  it('says goodbye when the page closes: logged off at once with reason client', async () => {
    const page = await loggedInPage('3005');
    await page.close({ runBeforeUnload: true });
    await waitFor(() => h.sessions.calls.includes('logOff 3005 client'), 5000, 'the client log-off');
    expect(h.sessions.isLoggedIn('3005')).toBe(false);
    const metrics = await h.metrics.text();
    expect(metrics).toMatch(/hbctl_logoffs_total\{reason="client"\} [1-9]/);
  }, 20_000);

  it('shows the operator page /status updating live', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.server.url}/status`);
    await waitText(page, '#updated', (t) => t !== 'never');
    const before = Number(await page.textContent('#logged-in'));
    const c = new AgentClient(h.wsUrl);
    await c.login('3100', 'DESK');
    await waitText(page, '#logged-in', (t) => Number(t) === before + 1);
    await page.waitForSelector('#sessions td:text("3100")', { timeout: 5000 });
    c.close();
    await page.close();
  }, 20_000);

  it('passes the token of its own URL on, when the supervisor requires one', async () => {
    const token = 'browser-test-token-0123456789';
    const guarded = await startHarness({ authToken: token }, BROWSER_ROLES);
    try {
      const page = await browser.newPage();
      await page.goto(`${guarded.server.url}/?token=${token}`);
      await page.fill('#agent', '3200');
      await page.fill('#role', 'DESK');
      await page.click('#login-button');
      await waitText(page, '#ack-count', (t) => Number(t) >= 1);
      const status = await browser.newPage();
      await status.goto(`${guarded.server.url}/status?token=${token}`);
      await waitText(status, '#logged-in', (t) => t === '1');
      await page.close({ runBeforeUnload: true });
      await waitFor(() => guarded.sessions.calls.includes('logOff 3200 client'), 5000, 'the client log-off');
      await status.close();
    } finally {
      await guarded.stop();
    }
  }, 20_000);
});
