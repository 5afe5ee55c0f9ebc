import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuild, plainEnv, PROCESS_TIMEOUT_MS, ROOT } from '../../cli/_process.js';
import { DEAD_AFTER_MS, listener, start } from './_helpers.js';

beforeAll(ensureBuild, 120_000);

type Started = Awaited<ReturnType<typeof start>>;
let running: Started[] = [];

afterEach(async () => {
  await Promise.all(running.map((s) => s.group.close()));
  running = [];
});

function hbctl(args: string[]) {
  return execa(process.execPath, [BIN, 'workstation-client', ...args], { cwd: ROOT, env: plainEnv(), reject: false, timeout: PROCESS_TIMEOUT_MS });
}

async function up(...listeners: Parameters<typeof start>[0]): Promise<Started> {
  const s = await start(listeners);
  running.push(s);
  return s;
}

describe('hbctl workstation-client (the real command)', () => {
  it('prints one line per event and exits 0 when every call is ok', async () => {
    const s = await up(listener('WSL', { keepAlive: 'both' }));
    const r = await hbctl(['--connect', `127.0.0.1:${s.portOf('WSL')}`, '--call-interval', '100ms', '--calls', '3']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      'connected listener=WSL client=1 keepAlive=both probing=yes',
      'call 1 ok',
      'call 2 ok',
      'call 3 ok',
      'done calls=3 ok=3 failed=0',
    ]);
  }, PROCESS_TIMEOUT_MS);

  it('-K handler, --stop-answering-after: the listener cleans the silent client; its next call prints TPESYSTEM, the one after reconnects; exit 1', async () => {
    const s = await up(listener('WSL', { keepAlive: 'handler' }));
    const interval = `${DEAD_AFTER_MS + 400}ms`;
    const r = await hbctl(['--connect', `127.0.0.1:${s.portOf('WSL')}`, '--call-interval', interval, '--calls', '2', '--stop-answering-after', '0s']);
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('call ') || l.startsWith('connected') || l.startsWith('done'))).toEqual([
      'connected listener=WSL client=1 keepAlive=handler probing=no',
      'call 1 TPESYSTEM (the listener answered TPESYSTEM)',
      'connected listener=WSL client=2 keepAlive=handler probing=no',
      'call 2 ok',
      'done calls=2 ok=1 failed=1',
    ]);
    expect(lines).toContain('probe 1 not answered');
    expect(s.group.get('WSL')?.stats().entriesCleaned).toBe(1);
  }, PROCESS_TIMEOUT_MS);

  it('--format json prints each event as one JSON object', async () => {
    const s = await up(listener('WSL', { keepAlive: 'none', maxClients: 1 }));
    const r = await hbctl(['--connect', `127.0.0.1:${s.portOf('WSL')}`, '--call-interval', '50ms', '--calls', '1', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { event: 'connected', listener: 'WSL', client: 1, keepAlive: 'none', probing: false },
      { event: 'call', n: 1, result: 'ok' },
      { event: 'done', calls: 1, ok: 1, failed: 0 },
    ]);
  }, PROCESS_TIMEOUT_MS);

  it.each([
    [['--connect', 'localhost'], /--connect wants HOST:PORT/],
    [['--connect', '127.0.0.1:70000'], /--connect wants HOST:PORT/],
    [['--connect', '127.0.0.1:5120', '--call-interval', '1x'], /--call-interval: "1x" is not a duration/],
    [['--connect', '127.0.0.1:5120', '--calls', '0'], /--calls wants a whole number/],
    [['--connect', '127.0.0.1:5120', '--keep-alive', 'sometimes'], /--keep-alive/],
    [[], /--connect/],
  ])('usage error %j: one line on stderr, exit 2', async (args, message) => {
    const r = await hbctl(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, PROCESS_TIMEOUT_MS);

  it('a listener that cannot be reached: one line, exit 2, no stack', async () => {
    const s = await up(listener('WSL'));
    const port = s.portOf('WSL');
    await s.group.close();
    running = [];
    const r = await hbctl(['--connect', `127.0.0.1:${port}`, '--calls', '1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`hbctl: cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`);
  }, PROCESS_TIMEOUT_MS);
});
