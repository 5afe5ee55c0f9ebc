import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay between one supervisor node and the test CMS: it
 * notes every CMS ping the node sends (so a test knows which node pinged,
 * and when), and can hold the CMS's answers back for `replyDelayMs` (a slow
 * CMS: the pinging node holds the CMS lock that long).
 */
export class CmsTap {
  readonly pingsAtMs: number[] = [];
  replyDelayMs = 0;
  onPing: ((atMs: number) => void) | null = null;
  port = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly cmsPort: number) {
    this.server = createServer((node) => this.relay(node));
  }

  static async start(cmsPort: number): Promise<CmsTap> {
    const tap = new CmsTap(cmsPort);
    await new Promise<void>((resolve) => tap.server.listen(0, '127.0.0.1', resolve));
    const address = tap.server.address();
    tap.port = typeof address === 'object' && address !== null ? address.port : 0;
    return tap;
  }

  /** CMS pings seen since `sinceMs`. */
  pingsSince(sinceMs: number): number {
    return this.pingsAtMs.filter((t) => t >= sinceMs).length;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(node: Socket): void {
    const cms = createConnection(this.cmsPort, '127.0.0.1');
    for (const socket of [node, cms]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        node.destroy();
        cms.destroy();
      });
      socket.on('error', () => undefined);
    }
    let partial = '';
    node.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"type":"ping"')) continue;
        const atMs = Date.now();
        this.pingsAtMs.push(atMs);
        this.onPing?.(atMs);
      }
      cms.write(chunk);
    });
    cms.on('data', (chunk: Buffer) => {
      if (this.replyDelayMs <= 0) return void node.write(chunk);
      setTimeout(() => node.destroyed || node.write(chunk), this.replyDelayMs);
    });
  }
}
