/**
 * Whether this node reaches its store, and what it cost: the figures a
 * metrics layer exports (`hbctl_store_up`, `hbctl_store_errors_total`) and
 * the bench prints. The store creates no metrics itself; see docs/redis.md.
 */

export interface StoreStatus {
  /** True while the last store command succeeded and the connection is ready. */
  readonly up: boolean;
  /** Failed store commands (refused while offline, timed out, connection lost) since start. */
  readonly errors: number;
  /** Epoch ms of the last change of `up` (the start time before the first). */
  readonly sinceMs: number;
  /** The last failure's message, for a health detail. */
  readonly lastError: string | undefined;
}

export type StoreEvent =
  | { readonly type: 'up'; readonly status: StoreStatus }
  | { readonly type: 'down'; readonly status: StoreStatus }
  | { readonly type: 'error'; readonly message: string; readonly status: StoreStatus };

export type StoreEventListener = (event: StoreEvent) => void;

/** Commands and round trips sent to the store (a pipeline is one round trip). */
export interface StoreTraffic {
  commands: number;
  roundTrips: number;
}

export class StoreHealth {
  private up = false;
  private errors = 0;
  private sinceMs: number;
  private lastError: string | undefined;
  private listeners: StoreEventListener[] = [];
  readonly traffic: StoreTraffic = { commands: 0, roundTrips: 0 };

  constructor(private readonly nowMs: () => number) {
    this.sinceMs = nowMs();
  }

  status(): StoreStatus {
    return { up: this.up, errors: this.errors, sinceMs: this.sinceMs, lastError: this.lastError };
  }

  get isUp(): boolean {
    return this.up;
  }

  /** `listener` hears every up/down change and every failed command; the returned function unsubscribes. */
  onEvent(listener: StoreEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  sent(commands: number): void {
    this.traffic.commands += commands;
    this.traffic.roundTrips++;
  }

  failed(error: unknown): void {
    this.errors++;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.emit({ type: 'error', message: this.lastError, status: this.status() });
    this.setUp(false);
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.sinceMs = this.nowMs();
    this.emit({ type: up ? 'up' : 'down', status: this.status() });
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
