import type { Clock, CmsLockToken, CmsPort, CmsTable, TimerId } from './ports.js';
import type { CommunicationSession } from './session.js';

export interface CmsCheckListener {
  pingSent?(cms: string, atMs: number): void;
  /** The CMS went from available to unavailable (the first unanswered ping of an outage). */
  outageDetected?(cms: string, atMs: number): void;
  /** The CMS went from unavailable to available (the first acknowledged ping after an outage). */
  recovered?(cms: string, atMs: number): void;
}

export interface CmsCheckOptions {
  cmsPingIntervalMs: number;
  /** A ping not acknowledged within this time means the CMS is unavailable. */
  ackTimeoutMs: number;
}

/**
 * The lock outlives the ack timeout by this much, so the holder always
 * releases before expiry (store round trips included); expiry only frees the
 * lock of a holder that crashed.
 */
export const CMS_LOCK_MARGIN_MS = 1000;

/**
 * One try to ping a CMS: the lock request, then the ping. `done` turns every
 * later callback for it (a late lock grant, a late ack, a timeout after the
 * ack) into a no-op.
 */
const NO_TIMER: TimerId = -1;

interface Attempt {
  cms: string;
  session: CommunicationSession;
  requestedAtMs: number;
  /** The lock, once granted (a ping is sent only then); null while the request is under way. */
  token: CmsLockToken | null;
  /** The ack timeout, once the ping is sent. */
  timer: TimerId;
  done: boolean;
  /** The watchdog read "unavailable": if the lock turns out taken, its session is told so at once. */
  readUnavailable: boolean;
}

/**
 * The CMS availability check, run by every watchdog wake (SPEC §1). All
 * watchdogs share the CMS table, so the CMS is pinged about once per
 * `cmsPingIntervalMs` however many agents there are, and the lock keeps at
 * most one ping in flight per CMS. The table answers by callback, at once or
 * after a store round trip; this check never has two attempts under way for
 * one CMS, and ignores callbacks of an attempt that is over.
 */
export class CmsCheck {
  /** The attempt under way per CMS (lock requested or ping in flight). */
  private readonly attempts = new Map<string, Attempt>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly table: CmsTable,
    private readonly port: CmsPort,
    private readonly opts: CmsCheckOptions,
    private readonly listener: CmsCheckListener = {},
  ) {}

  onWake(session: CommunicationSession, cms: string): void {
    if (this.stopped) return;
    const entry = this.table.snapshot(cms);
    const nowMs = this.clock.now();
    if (entry.available && entry.lastAckMs !== undefined && nowMs - entry.lastAckMs < this.opts.cmsPingIntervalMs) {
      session.tellCmsStatus(cms, true);
      return;
    }
    // A watchdog that reads "unavailable" and finds the lock taken tells its session at once; one that
    // pings tells it the outcome of its own ping (so a recovery is not announced as an outage first).
    const current = this.attempts.get(cms);
    if (entry.locked || (current !== undefined && !this.overdue(current, nowMs))) {
      if (!entry.available) session.tellCmsStatus(cms, false);
      return;
    }
    this.requestLock(session, cms, nowMs, !entry.available);
  }

  /**
   * Ends every attempt: pings in flight are forgotten and held locks
   * released, and callbacks that arrive later change nothing. A stopped
   * check pings no more.
   */
  stop(): void {
    this.stopped = true;
    for (const attempt of [...this.attempts.values()]) {
      const token = this.end(attempt);
      if (token !== null) this.table.release(attempt.cms, token);
    }
  }

  /**
   * Starts an attempt: asks for the lock. A method of its own because its
   * callback captures the attempt: the closure's scope would otherwise be
   * allocated on every wake, and a million watchdogs wake all the time.
   */
  private requestLock(session: CommunicationSession, cms: string, nowMs: number, readUnavailable: boolean): void {
    const attempt: Attempt = { cms, session, requestedAtMs: nowMs, token: null, timer: NO_TIMER, done: false, readUnavailable };
    this.attempts.set(cms, attempt);
    this.table.tryLock(cms, this.lockTtlMs(), (token) => this.lockAnswered(attempt, token));
  }

  private lockTtlMs(): number {
    return this.opts.ackTimeoutMs + CMS_LOCK_MARGIN_MS;
  }

  /**
   * A lock request still unanswered after the lock's whole lifetime has been
   * lost (say, with the store's connection): it gives way to a new attempt,
   * and its grant, should it arrive, is stale. A ping in flight is bounded by
   * its own timeout and never overdue.
   */
  private overdue(attempt: Attempt, nowMs: number): boolean {
    if (attempt.token !== null || nowMs - attempt.requestedAtMs < this.lockTtlMs()) return false;
    this.end(attempt);
    return true;
  }

  private lockAnswered(attempt: Attempt, token: CmsLockToken | null): void {
    if (attempt.done) {
      // A stale grant: hand the lock straight back rather than block every node until it expires.
      if (token !== null) this.table.release(attempt.cms, token);
      return;
    }
    if (token === null) {
      this.end(attempt);
      if (attempt.readUnavailable && !this.stopped) attempt.session.tellCmsStatus(attempt.cms, false);
      return;
    }
    attempt.token = token;
    attempt.timer = this.clock.schedule(this.opts.ackTimeoutMs, () => this.timedOut(attempt));
    this.listener.pingSent?.(attempt.cms, this.clock.now());
    this.port.ping(attempt.cms, () => this.acked(attempt));
  }

  private acked(attempt: Attempt): void {
    if (attempt.done) return;
    this.end(attempt);
    const nowMs = this.clock.now();
    const { cms, session } = attempt;
    this.table.recordAck(cms, nowMs, (previousAvailable) => {
      if (this.stopped) return;
      if (!previousAvailable) this.listener.recovered?.(cms, nowMs);
      session.tellCmsStatus(cms, true);
    });
    // Sent after the write: a store applies one client's requests in order, so the lock outlives the old status.
    this.table.release(cms, attempt.token as CmsLockToken);
  }

  private timedOut(attempt: Attempt): void {
    if (attempt.done) return;
    this.end(attempt);
    const nowMs = this.clock.now();
    const { cms, session } = attempt;
    this.table.markUnavailable(cms, nowMs, (previousAvailable) => {
      if (this.stopped) return;
      if (previousAvailable) this.listener.outageDetected?.(cms, nowMs);
      session.tellCmsStatus(cms, false);
    });
    // Sent after the write: a store applies one client's requests in order, so the lock outlives the old status.
    this.table.release(cms, attempt.token as CmsLockToken);
  }

  /** Marks the attempt over and cancels its timeout; returns the lock it held (null before the grant), for the caller to release. */
  private end(attempt: Attempt): CmsLockToken | null {
    attempt.done = true;
    if (attempt.timer !== NO_TIMER) this.clock.cancel(attempt.timer);
    if (this.attempts.get(attempt.cms) === attempt) this.attempts.delete(attempt.cms);
    return attempt.token;
  }
}
