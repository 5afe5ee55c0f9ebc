import { KeepAliveProber, type KeepAliveTiming } from './keepalive-prober.js';
import type { Clock } from './ports.js';

export type { KeepAliveTiming } from './keepalive-prober.js';

/** Who probes an idle connection (Tuxedo `-K`); `none` is the same as no `-K`. */
export type KeepAliveMode = 'client' | 'handler' | 'both' | 'none';

export type CallResult = 'ok' | 'TPESYSTEM' | 'refused' | 'not-connected';

export interface WorkstationListenerEvents {
  entryCleaned(client: number, atMs: number): void;
  connectRefused(client: number, atMs: number): void;
  tpesystem(client: number, atMs: number): void;
  log(message: string): void;
}

/**
 * Live connections, where a probe is a message and its answer arrives later
 * as traffic (`activity`), which the prober reads as "the peer is back". A
 * side probes here only when its method is given: the handler's process gives
 * `probeClient`, a client's process `probeHandler`. Without a port both sides
 * are modelled here and a probe is answered at once while the peer is
 * reachable (the simulator).
 */
export interface WorkstationProbePort {
  /** The handler sends a probe to `client` (handler/both). */
  probeClient?(client: number): void;
  /** The client sends a probe to its handler (client/both). */
  probeHandler?(client: number): void;
}

export interface WorkstationListenerConfig {
  name: string;
  /** `null` (no -K at all) behaves exactly like `none`. */
  keepAlive: KeepAliveMode | null;
  /** `null` (no -d) is not `/dev/tcp`: keep-alive is not applied, as HB241 and the compiled `keepAliveApplied` say. */
  device: string | null;
  maxClients: number | null;
}

/** One client connection and its entry in the workstation handler (which holds one -x slot). */
interface Connection {
  client: number;
  lastTrafficMs: number;
  /** The client machine is gone without closing: it answers nothing. */
  vanished: boolean;
  linkDown: boolean;
  /** The client's own probes went unanswered: it considers the network down. */
  clientGaveUp: boolean;
  /** The handler still holds the entry (and its slot). */
  holdsEntry: boolean;
  handler: KeepAliveProber | null;
  clientSide: KeepAliveProber | null;
}

const TCP_DEVICE = '/dev/tcp';

/**
 * A Tuxedo workstation listener's view of its clients under `-K` (SPEC §1).
 * Each probing side runs a `KeepAliveProber`; when it declares the peer dead
 * (`idleTimeMs + probeCount × probeIntervalMs` after the last traffic) the handler (handler/both) then cleans the entry and frees
 * its slot; the client (client/both) considers the network down, and every
 * later call fails with TPESYSTEM until it connects again.
 */
export class WorkstationKeepAlive {
  private readonly byClient = new Map<number, Connection>();
  /** Clients whose last connect was refused: their calls return 'refused'. */
  private readonly refused = new Set<number>();
  private entries = 0;
  private readonly handlerProbes: boolean;
  private readonly clientProbes: boolean;
  private readonly nonTcpIgnored: boolean;
  private loggedNonTcp = false;

  constructor(
    private readonly clock: Clock,
    private readonly listener: WorkstationListenerConfig,
    private readonly timing: KeepAliveTiming,
    private readonly events: WorkstationListenerEvents,
    private readonly probes?: WorkstationProbePort,
  ) {
    const mode = listener.keepAlive ?? 'none';
    const tcp = listener.device === TCP_DEVICE;
    this.nonTcpIgnored = mode !== 'none' && !tcp;
    this.handlerProbes = tcp && (mode === 'handler' || mode === 'both');
    this.clientProbes = tcp && (mode === 'client' || mode === 'both');
  }

  /** Entries the handler holds, stale ones included: each takes one of the maxClients slots. */
  get activeEntries(): number {
    return this.entries;
  }

  /** The client can call: the handler holds its entry and neither side has given the connection up. */
  isConnected(client: number): boolean {
    const c = this.byClient.get(client);
    return c !== undefined && c.holdsEntry && !c.vanished && !c.clientGaveUp;
  }

  connect(client: number): boolean {
    const old = this.byClient.get(client);
    if (old !== undefined && !old.vanished && !old.clientGaveUp && old.holdsEntry) return true;
    const nowMs = this.clock.now();
    if (this.listener.maxClients !== null && this.entries >= this.listener.maxClients) {
      this.events.connectRefused(client, nowMs);
      this.refused.add(client);
      return false;
    }
    this.refused.delete(client);
    this.logNonTcpOnce();
    // A stale entry of the same client stays behind, holding its slot until (unless) the handler cleans it.
    old?.clientSide?.stop();
    const conn: Connection = {
      client,
      lastTrafficMs: nowMs,
      vanished: false,
      linkDown: false,
      clientGaveUp: false,
      holdsEntry: true,
      handler: null,
      clientSide: null,
    };
    this.entries++;
    this.byClient.set(client, conn);
    const lastTrafficMs = (): number => conn.lastTrafficMs;
    const answers = (): boolean => this.reachable(conn) && conn.holdsEntry;
    const handlerAsks = this.askFor(this.probes?.probeClient, client, answers);
    if (this.handlerProbes && handlerAsks !== null) {
      conn.handler = new KeepAliveProber(this.clock, this.timing, lastTrafficMs, handlerAsks, () => this.handlerDeclaredDead(conn));
    }
    const clientAsks = this.askFor(this.probes?.probeHandler, client, answers);
    if (this.clientProbes && clientAsks !== null) {
      conn.clientSide = new KeepAliveProber(this.clock, this.timing, lastTrafficMs, clientAsks, () => this.clientDeclaredDead(conn));
    }
    return true;
  }

  /**
   * How one side's prober asks the peer: the model's answer at once, or (with
   * a port) a probe sent whose answer can only come later as traffic; null
   * when a port is given but this side probes in the peer's process.
   */
  private askFor(send: ((client: number) => void) | undefined, client: number, answers: () => boolean): (() => boolean) | null {
    if (this.probes === undefined) return answers;
    if (send === undefined) return null;
    return () => {
      send.call(this.probes, client);
      return false;
    };
  }

  /** Traffic on the connection resets its idle time; it is lost while the link is down. */
  activity(client: number): void {
    const conn = this.byClient.get(client);
    if (conn === undefined || !this.reachable(conn) || conn.clientGaveUp || !conn.holdsEntry) return;
    conn.lastTrafficMs = this.clock.now();
  }

  vanish(client: number): void {
    const conn = this.byClient.get(client);
    if (conn === undefined || conn.vanished) return;
    conn.vanished = true;
    conn.clientSide?.stop();
  }

  networkDown(client: number): void {
    const conn = this.byClient.get(client);
    if (conn !== undefined) conn.linkDown = true;
  }

  networkUp(client: number): void {
    const conn = this.byClient.get(client);
    if (conn !== undefined) conn.linkDown = false;
  }

  /**
   * A clean close (tpterm): the entry is freed at once and is not counted as
   * cleaned. While the link is down the close never reaches the handler, so
   * the entry stays behind as if the client had vanished.
   */
  close(client: number): void {
    const conn = this.byClient.get(client);
    if (conn === undefined || conn.vanished) return;
    this.byClient.delete(client);
    conn.clientSide?.stop();
    conn.clientSide = null;
    if (!conn.holdsEntry) return;
    if (conn.linkDown) conn.vanished = true;
    else this.dropEntry(conn);
  }

  /**
   * An ATMI call. It fails with TPESYSTEM once the client has given the
   * network up, once the handler has dropped the entry, or while the link is
   * down (the request cannot get through); without client probing the
   * connection itself survives a link outage.
   */
  call(client: number): CallResult {
    const conn = this.byClient.get(client);
    if (conn === undefined || conn.vanished) return this.refused.has(client) ? 'refused' : 'not-connected';
    const nowMs = this.clock.now();
    if (conn.clientGaveUp || conn.linkDown || !conn.holdsEntry) {
      this.events.tpesystem(client, nowMs);
      return 'TPESYSTEM';
    }
    conn.lastTrafficMs = nowMs;
    return 'ok';
  }

  private reachable(conn: Connection): boolean {
    return !conn.vanished && !conn.linkDown;
  }

  private handlerDeclaredDead(conn: Connection): void {
    conn.handler = null;
    if (!conn.holdsEntry) return;
    this.dropEntry(conn);
    this.events.entryCleaned(conn.client, this.clock.now());
  }

  private clientDeclaredDead(conn: Connection): void {
    conn.clientSide = null;
    conn.clientGaveUp = true;
  }

  private dropEntry(conn: Connection): void {
    conn.holdsEntry = false;
    this.entries--;
    conn.handler?.stop();
    conn.handler = null;
    // A client that is still there keeps its connection object: its next call learns the entry is gone.
    if (conn.vanished && this.byClient.get(conn.client) === conn) this.byClient.delete(conn.client);
  }

  private logNonTcpOnce(): void {
    if (!this.nonTcpIgnored || this.loggedNonTcp) return;
    this.loggedNonTcp = true;
    this.events.log(
      `${this.listener.name}: keep-alive -K ${this.listener.keepAlive} is not applied on device ` +
        `${this.listener.device ?? '(none)'} (only ${TCP_DEVICE}); processing continues`,
    );
  }
}
