import type { CmsPort } from '../../src/engine/ports.js';
import { CommunicationSession, type LogoffReason, type SessionListener } from '../../src/engine/session.js';
import type { HeartbeatSettings } from '../../src/engine/settings.js';
import { InProcessCmsTable, InProcessHeartbeatTable, type InProcessCmsTableOptions } from '../../src/store/in-process.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';

export const SECOND_MS = 1000;

export function settings(overrides: Partial<HeartbeatSettings> = {}): HeartbeatSettings {
  return {
    browserPingIntervalMs: 30 * SECOND_MS,
    heartbeatLagMs: 150 * SECOND_MS,
    watchdogEnabled: false,
    watchdogSleepTimeMs: 120 * SECOND_MS,
    heartbeatWatchdogLagMs: 150 * SECOND_MS,
    cmsPingIntervalMs: 0,
    ...overrides,
  };
}

export interface Logoff {
  agent: number;
  reason: LogoffReason;
  atMs: number;
}

export interface Told {
  agent: number;
  cms: string;
  available: boolean;
  atMs: number;
}

/** A SessionListener that records everything. */
export class Recorder implements SessionListener {
  readonly logoffs: Logoff[] = [];
  readonly told: Told[] = [];
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    this.logoffs.push({ agent, reason, atMs });
  }
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    this.told.push({ agent, cms, available, atMs });
  }
}

/** A clock, a heartbeat table (`memory`), a CMS table and a session factory whose sessions report to `recorder`. */
export function world(startMs = 0, cmsTableOptions: InProcessCmsTableOptions = {}) {
  const clock = new VirtualClock(startMs);
  const memory = new InProcessHeartbeatTable();
  const cmsTable = new InProcessCmsTable(clock, cmsTableOptions);
  const recorder = new Recorder();
  const session = (agent: number, s: HeartbeatSettings) =>
    new CommunicationSession(agent, s, clock, memory, recorder);
  return { clock, memory, cmsTable, recorder, session };
}

/**
 * A fake CMS: acknowledges after `ackDelayMs` unless it is down at ping time.
 * Counts pings in flight: a ping is in flight until its ack is delivered or
 * the caller's ack timeout passes, whichever comes first.
 */
export class FakeCms implements CmsPort {
  readonly down = new Set<string>();
  readonly pings: Array<{ cms: string; atMs: number }> = [];
  outstanding = 0;
  maxOutstanding = 0;
  constructor(
    private readonly clock: VirtualClock,
    private readonly ackDelayMs = 0,
    private readonly ackTimeoutMs = Number.POSITIVE_INFINITY,
  ) {}
  ping(cms: string, onAck: () => void): void {
    this.pings.push({ cms, atMs: this.clock.now() });
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    const landed = (): void => void this.outstanding--;
    if (this.down.has(cms)) {
      if (Number.isFinite(this.ackTimeoutMs)) this.clock.schedule(this.ackTimeoutMs, landed);
      return;
    }
    if (this.ackDelayMs === 0) {
      landed();
      onAck();
      return;
    }
    if (this.ackDelayMs > this.ackTimeoutMs) {
      this.clock.schedule(this.ackTimeoutMs, landed);
      this.clock.schedule(this.ackDelayMs, onAck);
      return;
    }
    this.clock.schedule(this.ackDelayMs, () => {
      landed();
      onAck();
    });
  }
  pingsTo(cms: string): number {
    return this.pings.filter((p) => p.cms === cms).length;
  }
}
