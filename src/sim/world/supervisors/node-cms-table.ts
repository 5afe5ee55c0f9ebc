import type { CmsLockToken, CmsSnapshot, CmsStatusListener, CmsTable } from '../../../engine/ports.js';
import type { NodeTraffic } from './node-traffic.js';

interface View {
  lastAckMs: number | undefined;
  available: boolean;
  locked: boolean;
}

/**
 * One node's face of the CMS table all nodes share: it counts the commands
 * the node sends, and its snapshot says `locked` only while this node holds
 * the lock, as the Redis store's mirror does. A watchdog of another node
 * that wakes while a ping is in flight therefore asks for the lock and is
 * refused (one command), which is the lock contention the plan measures.
 */
export class NodeCmsTable implements CmsTable {
  private readonly held = new Map<string, CmsLockToken>();
  private readonly views = new Map<string, View>();

  constructor(
    private readonly shared: CmsTable,
    private readonly traffic: NodeTraffic,
  ) {}

  snapshot(cms: string): CmsSnapshot {
    const entry = this.shared.snapshot(cms);
    let view = this.views.get(cms);
    if (view === undefined) {
      view = { lastAckMs: undefined, available: true, locked: false };
      this.views.set(cms, view);
    }
    view.lastAckMs = entry.lastAckMs;
    view.available = entry.available;
    view.locked = this.held.has(cms);
    return view;
  }

  /**
   * Like the Redis lock script, a request sent before the node heard of a
   * newer ack is refused: the store's last ack is newer when the grant
   * arrives only if the ack was written before the lock was taken (no other
   * node writes while this one holds it), so the lock is handed straight
   * back (inside the same script in Redis: no command of its own).
   */
  tryLock(cms: string, ttlMs: number, cb: (token: CmsLockToken | null) => void): void {
    this.traffic.lock++;
    const seenAckMs = this.shared.snapshot(cms).lastAckMs ?? Number.NEGATIVE_INFINITY;
    this.shared.tryLock(cms, ttlMs, (token) => {
      if (token !== null && (this.shared.snapshot(cms).lastAckMs ?? Number.NEGATIVE_INFINITY) > seenAckMs) {
        this.shared.release(cms, token);
        token = null;
      }
      if (token === null) this.traffic.lockRefused++;
      else this.held.set(cms, token);
      cb(token);
    });
  }

  release(cms: string, token: CmsLockToken): void {
    this.traffic.release++;
    if (this.held.get(cms) === token) this.held.delete(cms);
    this.shared.release(cms, token);
  }

  recordAck(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.traffic.statusWrite++;
    this.shared.recordAck(cms, atMs, cb);
  }

  markUnavailable(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.traffic.statusWrite++;
    this.shared.markUnavailable(cms, atMs, cb);
  }

  subscribe(listener: CmsStatusListener): () => void {
    return this.shared.subscribe(listener);
  }
}
