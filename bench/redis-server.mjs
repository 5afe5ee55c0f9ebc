// A throwaway redis-server for the benchmarks: a free loopback port, no
// persistence, and a client to read its counters.
import { createServer } from 'node:net';
import { execa } from 'execa';
import Redis from 'ioredis';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free loopback port: listen on port 0, read it back, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server and waits until it answers (10 s at most): `{ url, port, child, client }`. */
export async function startRedisServer() {
  const port = await freePort();
  const child = execa('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    buffer: false, reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit',
  });
  for (let tries = 0; ; tries++) {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return { url: `redis://127.0.0.1:${port}/0`, port, child, client };
    } catch (error) {
      client.disconnect();
      if (tries >= 100) throw error;
      await sleep(100);
    }
  }
}
