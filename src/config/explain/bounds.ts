import type { ResolvedHeartbeat } from '../compiled/types.js';
import { secondsText } from './text.js';

/** How soon a dead browser leads to a log-off. */
export type BrowserDeathBound =
  | {
      mode: 'A';
      /** Nothing happens until a CMS event arrives more than `lagMs` after the last ping. */
      trigger: 'next-cms-event';
      lagMs: number;
      /**
       * That event (a call) is rejected and rerouted: one rejected call per dead
       * browser. Calls offered within the lag still reach the dead browser.
       */
      rejectedCalls: 1;
      text: string;
    }
  | {
      mode: 'B';
      trigger: 'watchdog';
      /** The watchdog wakes just after the lag expires. */
      bestCaseMs: number;
      /** It woke just before, so the next wake is one sleep later: lag + sleep. */
      worstCaseMs: number;
      /** No call is rejected; calls offered before the watchdog's log-off still reach the dead browser. */
      rejectedCalls: 0;
      text: string;
    };

/** How soon a CMS outage is found (mode B+CMS only). */
export interface CmsOutageBound {
  /** cmsPingInterval + watchdogSleepTime + ackTimeout: the due ping waits for a wake, then for its ack to time out. */
  detectionMsMax: number;
  /** Every other agent learns at its own watchdog's next wake: one more sleep time. */
  allAgentsInformedMsMax: number;
  pingIntervalMs: number;
  sleepMs: number;
  ackTimeoutMs: number;
  text: string;
}

export function browserDeathBound(hb: ResolvedHeartbeat): BrowserDeathBound {
  if (hb.mode === 'A') {
    const lagMs = hb.heartbeatLagMs.value;
    return {
      mode: 'A',
      trigger: 'next-cms-event',
      lagMs,
      rejectedCalls: 1,
      text:
        `a dead browser is noticed only on the next CMS event more than heartbeatLag (${secondsText(lagMs)}) after its last ping: ` +
        'that call is rejected and rerouted (the caller waits longer), then the agent is logged off; calls offered before that ' +
        'still reach the dead browser, and an agent who gets no call stays logged in',
    };
  }
  const lagMs = hb.heartbeatWatchdogLagMs.value;
  const sleepMs = hb.watchdogSleepTimeMs.value;
  return {
    mode: 'B',
    trigger: 'watchdog',
    bestCaseMs: lagMs,
    worstCaseMs: lagMs + sleepMs,
    rejectedCalls: 0,
    text:
      `the watchdog logs a dead browser off between heartbeatWatchdogLag (${secondsText(lagMs)}) and ` +
      `heartbeatWatchdogLag + watchdogSleepTime (${secondsText(lagMs + sleepMs)}) after its last ping, whether or not calls arrive; ` +
      'no call is rejected, but calls offered before the log-off still reach the dead browser',
  };
}

export function cmsOutageBound(hb: ResolvedHeartbeat, ackTimeoutMs: number): CmsOutageBound | null {
  if (hb.mode !== 'B+CMS') return null;
  const pingIntervalMs = hb.cmsPingIntervalMs.value;
  const sleepMs = hb.watchdogSleepTimeMs.value;
  const detectionMsMax = pingIntervalMs + sleepMs + ackTimeoutMs;
  return {
    detectionMsMax,
    allAgentsInformedMsMax: detectionMsMax + sleepMs,
    pingIntervalMs,
    sleepMs,
    ackTimeoutMs,
    text:
      `a CMS outage is found at most cmsPingInterval + watchdogSleepTime + ackTimeout (${secondsText(detectionMsMax)}) after it starts; ` +
      `every agent learns of it within one more sleep time (${secondsText(detectionMsMax + sleepMs)} in all)`,
  };
}
