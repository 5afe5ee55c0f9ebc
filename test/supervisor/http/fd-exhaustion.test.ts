import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { AgentClient, sleep, waitFor } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/supervisor/fd-server.mjs');
const BUILT = existsSync(resolve(ROOT, 'dist/supervisor/http/index.js'));

describe('file descriptor exhaustion', () => {
  it.skipIf(!BUILT)('keeps its sessions, refuses new connections with one log line per burst, and never crashes', async () => {
    const child = execa('bash', ['-c', `ulimit -n 64 && exec node ${FIXTURE}`], { reject: false, buffer: false });
    const lines: Record<string, unknown>[] = [];
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const p of parts) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    const sockets: Socket[] = [];
    try {
      await waitFor(() => lines.length > 0, 5000, 'the first log line');
      expect(lines[0]).toMatchObject({ event: 'listening' });
      const url = String(lines[0]!['url']);
      const agent = new AgentClient(`${url.replace('http:', 'ws:')}/agent`);
      const { session } = await agent.login('1001', 'AGENT');

      for (let i = 0; i < 120; i++) {
        const s = connect(Number(new URL(url).port), '127.0.0.1');
        s.on('error', () => undefined);
        sockets.push(s);
      }
      await waitFor(() => lines.some((l) => l['event'] === 'connections-refused'), 5000, 'the connections-refused log line');
      await sleep(300);
      for (let i = 0; i < 20; i++) {
        const s = connect(Number(new URL(url).port), '127.0.0.1');
        s.on('error', () => undefined);
        sockets.push(s);
      }
      await sleep(300);
      expect(lines.filter((l) => l['event'] === 'connections-refused')).toHaveLength(1);

      agent.send({ type: 'ping', session, seq: 1 });
      expect(await agent.next('ack')).toMatchObject({ seq: 1 });

      for (const s of sockets) s.destroy();
      await sleep(300);
      const later = new AgentClient(`${url.replace('http:', 'ws:')}/agent`);
      expect(await later.login('1002', 'AGENT')).toMatchObject({ agent: '1002' });
      later.close();
      agent.close();
      expect(child.exitCode).toBeNull();
    } finally {
      for (const s of sockets) s.destroy();
      child.kill('SIGTERM');
      await child;
    }
    expect(lines.some((l) => l['level'] === 60 || l['event'] === 'crash')).toBe(false);
  }, 20_000);
});
