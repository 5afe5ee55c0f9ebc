import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { execa, type ResultPromise } from 'execa';

export const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Whether the Redis tests run: they need a real redis-server. Without it
 * they are skipped with this message, except in CI, where its absence is a
 * failure (`.ci/run` installs it).
 */
export function redisAvailability(): { run: boolean; skipMessage: string } {
  if (existsSync(REDIS_SERVER) || process.env.CI !== undefined) return { run: true, skipMessage: '' };
  return { run: false, skipMessage: `skipped: ${REDIS_SERVER} is not installed (apt-get install redis-server); CI installs it` };
}

/** A port that was free a moment ago: bind port 0 on loopback, read it, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server on loopback, without persistence, that a test can kill and start again on the same port. */
export class RedisServer {
  private process: ResultPromise | undefined;

  private constructor(
    readonly port: number,
    /** Extra arguments: a sentinel's config file and `--sentinel`. */
    private readonly args: readonly string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts a server on a free port, trying another port when one was taken meanwhile. */
  static async start(): Promise<RedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.restart();
        return server;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * A Sentinel watching `master` as `masterName`, on a free port. Sentinel
   * rewrites its config file, so it gets a directory of its own; `stop`
   * removes it.
   */
  static async startSentinel(master: RedisServer, masterName: string): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'hbctl-sentinel-'));
    const port = await freePort();
    const config = join(dir, 'sentinel.conf');
    writeFileSync(config, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${masterName} 127.0.0.1 ${master.port} 1\n`);
    const sentinel = new RedisServer(port, [config, '--sentinel']);
    sentinel.directory = dir;
    await sentinel.restart();
    return sentinel;
  }

  private directory: string | undefined;

  /** A cluster-enabled server (its cluster bus on another free port), not yet part of a cluster. */
  static async startClusterNode(dir: string): Promise<RedisServer> {
    const port = await freePort();
    const busPort = await freePort();
    const node = new RedisServer(port, [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-port', String(busPort)],
    ]);
    await node.restart();
    return node;
  }

  /** Starts the server (again) on its port and resolves once it accepts connections. */
  restart(): Promise<void> {
    const args = this.args.length > 0 ? this.args : ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = execa(REDIS_SERVER, args, {
      reject: false,
      stdin: 'ignore',
      buffer: false,
    });
    this.process = child;
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${this.port} did not start: ${output}`)), 5000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections') || output.includes('+monitor master')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void child.then(() => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${this.port} exited: ${output}`));
      });
    });
  }

  /** SIGKILL: the store vanishes at once, with everything it held. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await child;
  }

  /** SIGSTOP / SIGCONT: a store that keeps its connections open and answers nothing. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined) return;
    child.kill('SIGTERM');
    await child;
    if (this.directory !== undefined) rmSync(this.directory, { recursive: true, force: true });
  }
}
