import { randomBytes } from 'node:crypto';
import type { Clock, CmsLockToken, CmsSnapshot, CmsStatusListener, CmsTable } from '../../engine/ports.js';
import type { StoreKeys } from './keys.js';
import type { StoreLink } from './link.js';
import { defineScripts, type ScriptedClient, type StateReply, type WriteMode } from './scripts.js';

/** One CMS as this node sees it: the snapshot fields, live, and what keeps them in order. */
interface MirrorEntry {
  lastAckMs: number | undefined;
  available: boolean;
  /** This node holds the lock (taken in the store or, while it is unreachable, node-locally). */
  locked: boolean;
  /** The store's `ver` of the write behind `available` (0 before any): newer writes have larger ones. */
  ver: number;
  statusAtMs: number;
  lockToken: CmsLockToken | undefined;
  lockExpiresMs: number;
  /** Written here while the store was unreachable: the store learns it when it returns. */
  dirty: boolean;
}

/** A state read from the store (a script reply, a published change). */
interface StoredState {
  available: boolean;
  lastAckMs: number | undefined;
  statusAtMs: number;
  ver: number;
}

const LOCAL_TOKEN_PREFIX = 'local:';

/**
 * The CMS table shared by every node through Redis (SPEC §1, §4;
 * docs/redis.md). Snapshots come from a local mirror, loaded on start and
 * kept current by this node's writes and by the changes other nodes
 * publish. While the store is unreachable every call still answers: the
 * lock falls back to a node-local one (at most one ping per node per
 * interval) and status writes go to the mirror, to be merged into the store
 * when it returns.
 */
export class RedisCmsTable implements CmsTable {
  private readonly mirror = new Map<string, MirrorEntry>();
  private listeners: CmsStatusListener[] = [];
  private readonly scripts: ScriptedClient;
  private lastToken = 0;
  private started = false;
  private readonly settledWaiters: Array<() => void> = [];
  private settled = false;
  /** The subscriber has subscribed to the change channel (once; it stays true across its reconnections). */
  private subscribed = false;

  constructor(
    private readonly link: StoreLink,
    private readonly keys: StoreKeys,
    private readonly clock: Clock,
    /** CMS names to load on start (others are loaded on first use). */
    knownCms: readonly string[] = [],
    /** Names this node in lock tokens and published changes. */
    readonly nodeId: string = randomBytes(6).toString('hex'),
  ) {
    this.scripts = defineScripts(link.client);
    link.subscriber.on('message', (channel: string, message: string) => {
      if (channel === keys.statusChannel) this.published(message);
    });
    // A subscriber that reconnects missed what was published meanwhile: subscribe again, then re-read.
    link.subscriber.on('ready', () => {
      link.subscriber.subscribe(keys.statusChannel).then(
        () => {
          this.subscribed = true;
          this.resynchronise();
        },
        () => {},
      );
    });
    link.onReachable(() => this.resynchronise());
    for (const cms of knownCms) this.entry(cms);
  }

  snapshot(cms: string): CmsSnapshot {
    return this.entry(cms);
  }

  tryLock(cms: string, ttlMs: number, cb: (token: CmsLockToken | null) => void): void {
    const entry = this.entry(cms);
    // This node already holds it: the store would refuse too, and while offline this is the node-local lock.
    if (entry.locked) return cb(null);
    if (!this.link.canSend) {
      this.link.refused();
      return cb(this.lockLocally(entry, ttlMs));
    }
    const token = `${this.nodeId}:${++this.lastToken}`;
    this.link.run(
      1,
      () => this.scripts.hbctlLock(this.keys.lock(cms), this.keys.cms(cms), token, lockTtlMs(ttlMs), entry.lastAckMs === undefined ? '' : String(entry.lastAckMs)),
      ([taken, ...state]) => {
        this.observe(cms, parseState(state));
        cb(taken === 1 ? this.hold(entry, token, ttlMs) : null);
      },
      () => cb(entry.locked ? null : this.lockLocally(entry, ttlMs)),
    );
  }

  release(cms: string, token: CmsLockToken): void {
    const entry = this.entry(cms);
    if (entry.lockToken === token) {
      entry.lockToken = undefined;
      entry.locked = false;
    }
    if (token.startsWith(LOCAL_TOKEN_PREFIX)) return;
    // Unreachable: the store's lock expires on its own.
    if (!this.link.canSend) return;
    this.link.run(1, () => this.scripts.hbctlRelease(this.keys.lock(cms), token), () => {}, () => {});
  }

  recordAck(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.write(cms, atMs, true, cb);
  }

  markUnavailable(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.write(cms, atMs, false, cb);
  }

  subscribe(listener: CmsStatusListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /**
   * Calls back once the node is subscribed to changes and has loaded the
   * snapshot after subscribing (from then on it hears every change), or the
   * store has proved unreachable.
   */
  whenSettled(cb: () => void): void {
    if (this.settled) cb();
    else this.settledWaiters.push(cb);
  }

  /** Marks the first attempt over (loaded, or failed): the node runs on whatever it has. */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    for (const cb of this.settledWaiters.splice(0)) cb();
  }

  /**
   * Re-reads every CMS this node knows from the store. What it wrote while
   * the store was unreachable is merged first (applied if newer than the
   * stored status, and then published to the others); what it knew before
   * a restart that lost the store's data is written back.
   */
  resynchronise(): void {
    // The connection that becomes ready last starts it (the subscriber may be first).
    if (!this.link.canSend) return;
    this.started = true;
    // A load before the subscription settles nothing: a change published before it would reach the mirror only
    // by the re-read that follows it, after `ready` had answered.
    const settles = this.subscribed;
    const entries = [...this.mirror];
    let pending = entries.length;
    if (pending === 0) {
      if (settles) this.settle();
      return;
    }
    const done = (): void => {
      if (--pending === 0 && settles) this.settle();
    };
    for (const [cms, entry] of entries) this.load(cms, entry, done);
  }

  private load(cms: string, entry: MirrorEntry, done: () => void): void {
    const mode: WriteMode | null = entry.dirty ? 'merge' : entry.ver > 0 ? 'restore' : null;
    entry.dirty = false;
    this.link.run(
      1,
      (): Promise<StateReply> =>
        mode === null
          ? (this.link.client.hmget(this.keys.cms(cms), 'available', 'lastAckMs', 'statusAtMs', 'ver') as Promise<StateReply>)
          : this.sendStatus(cms, entry.available, entry.lastAckMs, entry.statusAtMs, mode).then(([, ...state]) => state),
      (state) => {
        this.observe(cms, parseState(state));
        done();
      },
      () => {
        if (mode === 'merge') entry.dirty = true;
        this.settle();
      },
    );
  }

  private write(cms: string, atMs: number, available: boolean, cb: (previousAvailable: boolean) => void): void {
    const entry = this.entry(cms);
    if (!this.link.canSend) {
      this.link.refused();
      return cb(this.writeLocally(cms, entry, atMs, available));
    }
    this.link.run(
      1,
      () => this.sendStatus(cms, available, available ? atMs : undefined, atMs, 'write'),
      ([previous, ...state]) => {
        this.observe(cms, parseState(state));
        cb(previous === '1');
      },
      () => cb(this.writeLocally(cms, entry, atMs, available)),
    );
  }

  private sendStatus(cms: string, available: boolean, lastAckMs: number | undefined, statusAtMs: number, mode: WriteMode): Promise<[string, ...StateReply]> {
    return this.scripts.hbctlWriteStatus(
      this.keys.cms(cms),
      available ? '1' : '0',
      lastAckMs === undefined ? '' : String(lastAckMs),
      String(statusAtMs),
      mode,
      this.keys.statusChannel,
      cms,
      this.nodeId,
    );
  }

  /** A change published by any node (this one included: its own changes are already in the mirror). */
  private published(message: string): void {
    let change: unknown;
    try {
      change = JSON.parse(message);
    } catch {
      return;
    }
    if (typeof change !== 'object' || change === null) return;
    const { cms, available, lastAckMs, statusAtMs, ver } = change as Record<string, unknown>;
    if (typeof cms !== 'string' || typeof available !== 'string' || typeof ver !== 'string') return;
    this.observe(cms, parseState([available, asText(lastAckMs), asText(statusAtMs), ver]));
  }

  /**
   * Brings the mirror up to a stored state: the last ack only moves forward,
   * and a status applies only if it is newer (by `ver`) than the one the
   * mirror holds, whichever connection brought it first. Listeners hear when
   * this node's view of the status flips, so each change once.
   */
  private observe(cms: string, state: StoredState): void {
    const entry = this.entry(cms);
    if (state.lastAckMs !== undefined && (entry.lastAckMs === undefined || state.lastAckMs > entry.lastAckMs)) entry.lastAckMs = state.lastAckMs;
    if (state.ver <= entry.ver) return;
    entry.ver = state.ver;
    entry.statusAtMs = state.statusAtMs;
    if (entry.available === state.available) return;
    entry.available = state.available;
    this.broadcast(cms, state.available, state.statusAtMs);
  }

  private writeLocally(cms: string, entry: MirrorEntry, atMs: number, available: boolean): boolean {
    const previous = entry.available;
    if (available && (entry.lastAckMs === undefined || atMs > entry.lastAckMs)) entry.lastAckMs = atMs;
    entry.available = available;
    entry.statusAtMs = atMs;
    entry.dirty = true;
    if (previous !== available) this.broadcast(cms, available, atMs);
    return previous;
  }

  private lockLocally(entry: MirrorEntry, ttlMs: number): CmsLockToken {
    return this.hold(entry, `${LOCAL_TOKEN_PREFIX}${this.nodeId}:${++this.lastToken}`, ttlMs);
  }

  private hold(entry: MirrorEntry, token: CmsLockToken, ttlMs: number): CmsLockToken {
    entry.lockToken = token;
    entry.locked = true;
    entry.lockExpiresMs = this.clock.now() + ttlMs;
    return token;
  }

  /** The live mirror entry, with an expired lock of this node freed; a CMS seen first is loaded from the store. */
  private entry(cms: string): MirrorEntry {
    let entry = this.mirror.get(cms);
    if (entry === undefined) {
      entry = { lastAckMs: undefined, available: true, locked: false, ver: 0, statusAtMs: 0, lockToken: undefined, lockExpiresMs: 0, dirty: false };
      this.mirror.set(cms, entry);
      if (this.started && this.link.canSend) this.load(cms, entry, () => {});
    } else if (entry.locked && this.clock.now() >= entry.lockExpiresMs) {
      entry.locked = false;
      entry.lockToken = undefined;
    }
    return entry;
  }

  private broadcast(cms: string, available: boolean, atMs: number): void {
    const listeners = this.listeners;
    for (const listener of listeners) listener(cms, available, atMs);
  }
}

/** Redis takes a whole number of milliseconds ≥ 1. */
function lockTtlMs(ttlMs: number): number {
  return Number.isFinite(ttlMs) ? Math.max(1, Math.ceil(ttlMs)) : 1;
}

function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A state from the store; an absent entry (`available` empty) has `ver` 0, so it never overrides the mirror. */
function parseState([available, lastAckMs, statusAtMs, ver]: ReadonlyArray<string | null | undefined>): StoredState {
  const number = (text: string | null | undefined): number | undefined => {
    const value = text === null || text === undefined || text === '' ? Number.NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const present = available === '1' || available === '0';
  return { available: available !== '0', lastAckMs: number(lastAckMs), statusAtMs: number(statusAtMs) ?? 0, ver: present ? (number(ver) ?? 0) : 0 };
}
