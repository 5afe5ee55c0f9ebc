import type { FaultOutcome, SimRun } from './types.js';
import { formatDuration } from '../../config/duration.js';
import { formatCount, humanDuration } from './format.js';

type RoleSettings = SimRun['settings'][string];

/**
 * The settings that matter in the role's mode: mode A only reads the lag on a
 * CMS event, mode B adds the watchdog, B+CMS the CMS availability ping.
 */
export function describeSettings(s: RoleSettings): string {
  const parts = [`mode ${s.mode}`, `ping ${formatDuration(s.browserPingIntervalMs)}`];
  const modeA = s.mode === 'A';
  const modeB = s.mode === 'B' || s.mode === 'B+CMS';
  if (!modeB) parts.push(`heartbeatLag ${formatDuration(s.heartbeatLagMs)}`);
  if (!modeA) {
    parts.push(`watchdog sleep ${formatDuration(s.watchdogSleepTimeMs)}`);
    parts.push(`watchdog lag ${formatDuration(s.heartbeatWatchdogLagMs)}`);
    parts.push(s.cmsPingIntervalMs > 0 ? `CMS ping ${formatDuration(s.cmsPingIntervalMs)}` : 'CMS ping off');
  }
  return parts.join(', ');
}

/** `IC_AGENT → STRICT`, then the variant overrides, if any. */
export function describeProfile(run: SimRun): string {
  const roles = Object.entries(run.profile.roles).map(([role, profile]) => `${role} → ${profile}`);
  const overrides = Object.entries(run.profile.overrides).map(([k, v]) => `${k}=${String(v)}`);
  const text = roles.length > 0 ? roles.join(', ') : '(no roles)';
  return overrides.length > 0 ? `${text}; overrides ${overrides.join(', ')}` : text;
}

/**
 * `ordinal` is the 1-based position in the run's fault list (the scenario
 * order). Browser outcomes are left out when all are zero, as for faults that
 * hit no browser (CMS outages, dropped workstation clients).
 */
export function describeFault(f: FaultOutcome, ordinal: number): string {
  const head = `#${ordinal} ${f.type} at ${formatDuration(Math.round(f.atMs))}: ${formatCount(f.affected)} affected`;
  const parts = [browserOutcome(f), faultExtras(f)].filter((p) => p !== '');
  return parts.length === 0 ? head : `${head}; ${parts.join('; ')}`;
}

function browserOutcome(f: FaultOutcome): string {
  if (f.loggedOff === 0 && f.stillLoggedIn === 0 && f.callsMisrouted === 0) return '';
  const misrouted = f.callsMisrouted === 1 ? '1 call misrouted' : `${formatCount(f.callsMisrouted)} calls misrouted`;
  return `${formatCount(f.loggedOff)} logged off, ${formatCount(f.stillLoggedIn)} still logged in, ${misrouted}`;
}

/** The outcome fields only some fault types carry (CMS outages, workstation faults). */
export function faultExtras(f: FaultOutcome): string {
  const parts: string[] = [];
  // A slow CMS marked unavailable is a false alarm, not an outage found.
  const slow = f.type === 'cmsSlow';
  if (f.detectedAfterMs === null) parts.push(slow ? 'never marked unavailable' : 'never detected');
  else if (f.detectedAfterMs !== undefined) parts.push(`${slow ? 'marked unavailable' : 'detected'} after ${humanDuration(f.detectedAfterMs)}`);
  if (f.agentsTold !== undefined) parts.push(`${formatCount(f.agentsTold)} agents told`);
  if (f.entriesCleaned !== undefined) parts.push(`${formatCount(f.entriesCleaned)} entries cleaned`);
  if (f.tpesystemFailures !== undefined) parts.push(`${formatCount(f.tpesystemFailures)} TPESYSTEM failures`);
  if (f.connectsRefused !== undefined) parts.push(`${formatCount(f.connectsRefused)} connects refused`);
  return parts.join(', ');
}
