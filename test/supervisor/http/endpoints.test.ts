import { afterEach, describe, expect, it } from 'vitest';
import { SUPERVISOR_METRICS } from '../../../src/supervisor/metrics.js';
import { AgentClient, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('HTTP endpoints', () => {
  it('logs the URL in its first line', async () => {
    h = await startHarness();
    expect(h.logLines()[0]).toMatchObject({ event: 'listening', url: h.server.url, level: 30 });
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    ['/', 'text/html', /<title>hbctl agent toolbar<\/title>/],
    ['/toolbar.js', 'text/javascript', /new Worker\('\/toolbar-worker\.js'\)/],
    ['/toolbar-worker.js', 'text/javascript', /setInterval\(ping, m\.browserPingIntervalMs\)/],
    ['/status', 'text/html', /<title>hbctl supervisor status<\/title>/],
    ['/status.js', 'text/javascript', /\/status\.json/],
  ])('serves %s from memory, with no external assets', async (path, type, body) => {
    h = await startHarness();
    const res = await fetch(`${h.server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await res.text();
    expect(text).toMatch(body);
    expect(text).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });

  it('answers 404 for an unknown path and 405 for a POST to a page', async () => {
    h = await startHarness();
    expect((await fetch(`${h.server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('reports sessions in /status.json', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    const status = (await (await fetch(`${h.server.url}/status.json`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      version: 1,
      draining: false,
      connections: 1,
      agents: { loggedIn: 1, connected: 1, byRole: { AGENT: 1 } },
      sessions: [{ agent: '1001', role: 'AGENT', mode: 'B', connected: true }],
      sessionsTruncated: false,
    });
  });

  it('exports every contract metric and the default process metrics in Prometheus text format, with no per-agent label', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    const res = await fetch(`${h.server.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const m of SUPERVISOR_METRICS) expect(text, m.name).toContain(`# TYPE ${m.name} ${m.type}`);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/hbctl_build_info\{version="0\.0\.0-test",node="v[\d.]+"\} 1/);
    // The agent's id must appear in no metric name, label name or label value; a sample's value (CPU seconds,
    // memory bytes) may hold any digits, so only the value is left out.
    const withoutValues = text.split('\n').map((line) => (line.startsWith('#') ? line : line.replace(/\s+\S+(\s+\d+)?$/, '')));
    expect(withoutValues.filter((line) => line.includes('1001'))).toEqual([]);
    // Only the value went: the sample's name and labels are still there to be searched.
    expect(withoutValues).toContain('process_cpu_user_seconds_total');
    expect(withoutValues.filter((line) => /^hbctl_build_info\{version="0\.0\.0-test",node="v[\d.]+"\}$/.test(line))).toHaveLength(1);
    for (const reason of ['watchdog', 'heartbeat-lag', 'client', 'shutdown', 'replaced']) {
      expect(text).toContain(`hbctl_logoffs_total{reason="${reason}"} 0`);
    }
  });

  it('answers /healthz 200, then 503 while draining', async () => {
    h = await startHarness({ limits: { closeGraceMs: 500 } });
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    // A connection that ignores the close handshake keeps the server draining until the grace period ends.
    const c = new AgentClient(h.wsUrl);
    await c.login('1001', 'AGENT');
    c.ws.pause();
    const closing = h.server.close();
    const during = await fetch(`${h.server.url}/healthz`);
    expect(during.status).toBe(503);
    expect(await during.text()).toBe('draining\n');
    const late = new AgentClient(h.wsUrl);
    await expect(late.opened).rejects.toThrow(/503/);
    await closing;
    await expect(fetch(`${h.server.url}/healthz`)).rejects.toThrow();
  });

  it('takes the goodbye beacon of a closing page (POST /agent/goodbye with the session token)', async () => {
    h = await startHarness();
    const c = new AgentClient(h.wsUrl);
    const { session } = await c.login('1001', 'AGENT');
    expect((await fetch(`${h.server.url}/agent/goodbye`, { method: 'POST', body: 'x'.repeat(22) })).status).toBe(404);
    expect((await fetch(`${h.server.url}/agent/goodbye`, { method: 'POST', body: session })).status).toBe(204);
    expect(await c.next('loggedOff')).toMatchObject({ reason: 'client' });
    expect(h.sessions.calls).toContain('logOff 1001 client');
  });
});
