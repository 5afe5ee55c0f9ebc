import type { CmsCheck } from './cms-check.js';
import type { Clock, HeartbeatTable, TimerId } from './ports.js';
import type { CommunicationSession } from './session.js';
import type { HeartbeatSettings } from './settings.js';

/**
 * Mode B: wakes every `watchdogSleepTimeMs`, reads the agent's last
 * acknowledged ping from the heartbeat table and logs the agent off (then
 * terminates) when it is older than `heartbeatWatchdogLagMs`. When a CMS check
 * is attached, every wake that finds the browser alive also runs it.
 */
export class Watchdog {
  running = false;
  private timer: TimerId = -1;
  // Bound once so that a wake allocates nothing: a million watchdogs wake all the time. A bound
  // function, not an arrow: it needs no scope object (50 bytes less per watchdog).
  private readonly onWakeBound: () => void;

  constructor(
    readonly session: CommunicationSession,
    private readonly settings: HeartbeatSettings,
    private readonly clock: Clock,
    private readonly heartbeats: HeartbeatTable,
    private readonly cmsCheck?: CmsCheck,
    private readonly cms?: string,
  ) {
    this.onWakeBound = this.wake.bind(this);
  }

  /** Starts sleeping; the first wake is one sleep time from now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = this.clock.schedule(this.settings.watchdogSleepTimeMs, this.onWakeBound);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.clock.cancel(this.timer);
  }

  private wake(): void {
    if (!this.running) return;
    const session = this.session;
    // A session logged off by other means leaves nothing to watch.
    if (!session.loggedIn) {
      this.running = false;
      return;
    }
    const lastPingMs = this.heartbeats.lastBrowserPing(session.agent);
    if (lastPingMs === undefined || this.clock.now() - lastPingMs > this.settings.heartbeatWatchdogLagMs) {
      this.running = false;
      session.logOff('watchdog');
      return;
    }
    this.timer = this.clock.schedule(this.settings.watchdogSleepTimeMs, this.onWakeBound);
    if (this.cmsCheck !== undefined && this.cms !== undefined) this.cmsCheck.onWake(session, this.cms);
  }
}
