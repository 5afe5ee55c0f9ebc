import type { Clock, CmsPort, SharedMemory, TimerId } from './ports.js';
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
 * unlocks before expiry; expiry only frees the lock of a holder that crashed.
 */
export const CMS_LOCK_MARGIN_MS = 1000;

/** One ping in flight; `done` turns a late ack (or a timeout after the ack) into a no-op. */
interface InFlight {
  session: CommunicationSession;
  timer: TimerId;
  done: boolean;
}

/**
 * The CMS availability check, run by every watchdog wake (SPEC §1). All
 * watchdogs share the CMS entry in shared memory, so the CMS is pinged about
 * once per `cmsPingIntervalMs` however many agents there are, and the lock
 * keeps at most one ping in flight per CMS.
 */
export class CmsCheck {
  constructor(
    private readonly clock: Clock,
    private readonly memory: SharedMemory,
    private readonly port: CmsPort,
    private readonly opts: CmsCheckOptions,
    private readonly listener: CmsCheckListener = {},
  ) {}

  onWake(session: CommunicationSession, cms: string): void {
    const entry = this.memory.cmsEntry(cms);
    const nowMs = this.clock.now();
    if (entry.available && entry.lastAckMs !== undefined && nowMs - entry.lastAckMs < this.opts.cmsPingIntervalMs) {
      session.tellCmsStatus(cms, true);
      return;
    }
    // A watchdog that reads "unavailable" tells its session at once, whether it then pings or finds the lock taken.
    if (!entry.available) session.tellCmsStatus(cms, false);
    if (entry.locked) return;
    if (!this.memory.tryLockCms(cms, this.opts.ackTimeoutMs + CMS_LOCK_MARGIN_MS)) return;
    this.ping(session, cms);
  }

  private ping(session: CommunicationSession, cms: string): void {
    const flight: InFlight = { session, timer: -1, done: false };
    flight.timer = this.clock.schedule(this.opts.ackTimeoutMs, () => this.timedOut(cms, flight));
    this.listener.pingSent?.(cms, this.clock.now());
    this.port.ping(cms, () => this.acked(cms, flight));
  }

  private acked(cms: string, flight: InFlight): void {
    if (flight.done) return;
    this.finish(flight);
    const nowMs = this.clock.now();
    const wasUnavailable = !this.memory.cmsEntry(cms).available;
    this.memory.recordCmsAck(cms, nowMs);
    this.memory.unlockCms(cms);
    if (wasUnavailable) this.listener.recovered?.(cms, nowMs);
    flight.session.tellCmsStatus(cms, true);
  }

  private timedOut(cms: string, flight: InFlight): void {
    if (flight.done) return;
    this.finish(flight);
    const nowMs = this.clock.now();
    const wasAvailable = this.memory.cmsEntry(cms).available;
    this.memory.markCmsUnavailable(cms, nowMs);
    this.memory.unlockCms(cms);
    if (wasAvailable) this.listener.outageDetected?.(cms, nowMs);
    flight.session.tellCmsStatus(cms, false);
  }

  private finish(flight: InFlight): void {
    flight.done = true;
    this.clock.cancel(flight.timer);
  }
}
