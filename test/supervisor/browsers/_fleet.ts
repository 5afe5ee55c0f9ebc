import { connect, createServer, type Server, type Socket } from 'node:net';
import { BrowserFleet, type BrowserEvent, type FleetOptions } from '../../../src/supervisor/browsers/index.js';
import { VirtualClock } from '../../../src/sim/world/virtual-clock.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';

export interface RunningFleet {
  fleet: BrowserFleet;
  events: BrowserEvent[];
  of: <E extends BrowserEvent['event']>(event: E, agent?: string) => Extract<BrowserEvent, { event: E }>[];
  stop: () => Promise<void>;
}

/**
 * Starts a fleet (on real time unless `clock` is given) with a seeded-enough
 * random source; `stop` says goodbye and cancels every timer.
 */
export function startFleet(opts: Partial<FleetOptions> & Pick<FleetOptions, 'urls' | 'browsers'>): RunningFleet {
  const events: BrowserEvent[] = [];
  const clock = opts.clock ?? new RealClock();
  let x = 12345;
  const random = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  const fleet = new BrowserFleet({
    clock,
    random,
    emit: (e) => events.push(e),
    spreadMs: 100,
    backoff: { initialMs: 50, maxMs: 200 },
    goodbyeGraceMs: 1000,
    ...opts,
  });
  fleet.start();
  let stopped = false;
  return {
    fleet,
    events,
    of: (event, agent) => events.filter((e) => e.event === event && (agent === undefined || e.agent === agent)) as never,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const stopping = fleet.stop();
      if (clock instanceof VirtualClock) {
        // A virtual clock moves only when told: the goodbyes get a second of real time, then the grace passes.
        await Promise.race([stopping, new Promise((r) => setTimeout(r, 1000))]);
        clock.tick(5_000);
      }
      await stopping;
      if (clock instanceof RealClock) clock.cancelAll();
    },
  };
}

export function agents(n: number, role = 'AGENT'): { agent: string; role: string }[] {
  return Array.from({ length: n }, (_, i) => ({ agent: `agent-${String(i + 1).padStart(4, '0')}`, role }));
}

/**
 * A TCP relay in front of a server, so a test can cut every connection
 * abruptly (as a network or a load balancer would) while the server lives on.
 */
export class Relay {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;
  /** WebSocket close frames the clients sent (a FIN-flagged, masked opcode 8 frame starts with 0x88). */
  clientCloseFrames = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.on('data', (chunk: Buffer) => {
        if (chunk[0] === 0x88) this.clientCloseFrames++;
      });
      client.pipe(upstream).pipe(client);
    });
  }

  listen(): Promise<string> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        const a = this.server.address();
        this.port = typeof a === 'object' && a !== null ? a.port : 0;
        resolve(`http://127.0.0.1:${this.port}`);
      }),
    );
  }

  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  close(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

