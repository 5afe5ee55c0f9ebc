import type { CompiledConfig } from '../../config/compiled/index.js';
import type { YamlPath } from '../../config/document.js';
import { formatDuration as ms } from '../../config/duration.js';
import type { HeartbeatSettings } from '../../engine/settings.js';
// Not the runtime's face: it brings the store and its Redis client, which estimating work never uses.
import { cmsOfRole, IMPLICIT_CMS_ACK_TIMEOUT_MS, systemsOfCms } from '../../runtime/cms-systems.js';
import { heartbeatSettingsOf } from '../../runtime/settings.js';
import { defaultStepMs } from './normalize.js';
import type { Scenario } from './types.js';

/** One run to estimate: the configuration and heartbeat settings per role it runs with (a variant). */
export interface RunPlan {
  compiled: CompiledConfig;
  settings: Record<string, HeartbeatSettings>;
}

/** One source of work: what causes it, how many events it costs over all runs, and the scenario field that drives it. */
export interface WorkTerm {
  what: string;
  events: number;
  path: YamlPath;
}

/**
 * What a simulation will cost before it runs. Every figure is an estimate
 * from the scenario and the settings alone (no run), meant to be within a
 * small factor of the truth and never far below it for large scenarios.
 */
export interface WorkEstimate {
  runs: number;
  /** Clock events over all runs (each also stands for the work one event does). */
  events: number;
  terms: WorkTerm[];
  /** Timers scheduled at the same time in one run, at the most. */
  pendingTimers: number;
  pendingTerms: WorkTerm[];
  /** Characters of the JSON report (the timeline arrays dominate). */
  reportChars: number;
  timelineSamples: number;
  /** Calls waiting for a free agent at the end, when they arrive faster than the agents can answer. */
  waitingCalls: number;
}

/** The one run of the configuration as it is (no --compare or --set): what `validate` would estimate. */
export function configuredRun(compiled: CompiledConfig, scenario: Scenario): RunPlan {
  const settings: Record<string, HeartbeatSettings> = Object.create(null) as Record<string, HeartbeatSettings>;
  for (const { role } of scenario.agents) {
    const r = compiled.roles[role];
    if (r !== undefined) settings[role] = heartbeatSettingsOf(r.heartbeat);
  }
  return { compiled, settings };
}

/** Estimates the cost of running `scenario` once per plan. Pure; linear in the scenario's size. */
export function estimateWork(scenario: Scenario, plans: readonly RunPlan[]): WorkEstimate {
  const terms = new Map<string, WorkTerm>();
  const add = (key: string, what: string, events: number, path: YamlPath): void => {
    if (!(events > 0)) return;
    const term = terms.get(key);
    if (term === undefined) terms.set(key, { what, events, path });
    else term.events += events;
  };
  let pendingTimers = 0;
  let pendingTerms: WorkTerm[] = [];
  for (const plan of plans) {
    for (const [key, what, events, path] of runTerms(scenario, plan)) add(key, what, events, path);
    const pending = pendingOf(scenario, plan);
    const total = pending.reduce((sum, t) => sum + t.events, 0);
    if (total > pendingTimers) [pendingTimers, pendingTerms] = [total, pending];
  }
  const list = [...terms.values()].sort((a, b) => b.events - a.events);
  const samples = timelineSamples(scenario);
  return {
    runs: plans.length,
    events: list.reduce((sum, t) => sum + t.events, 0),
    terms: list,
    pendingTimers,
    pendingTerms: pendingTerms.sort((a, b) => b.events - a.events),
    reportChars: plans.length * (REPORT_RUN_CHARS + samples * sampleChars(scenario, plans)),
    timelineSamples: samples,
    waitingCalls: waitingCalls(scenario),
  };
}

/** A run's report without its timeline: settings, metrics, faults (a generous round figure). */
const REPORT_RUN_CHARS = 8192;

type Term = [key: string, what: string, events: number, path: YamlPath];

function runTerms(scenario: Scenario, plan: RunPlan): Term[] {
  const durationMs = scenario.durationMs;
  const out: Term[] = [['logins', `${count(scenario.totalAgents)} agents logging in`, scenario.totalAgents, ['spec', 'agents']]];
  scenario.agents.forEach(({ role, count: agents }, i) => {
    const s = plan.settings[role];
    const path: YamlPath = ['spec', 'agents', i, 'count'];
    if (s?.watchdogEnabled === true) {
      const wakes = agents * (durationMs / Math.max(1, s.watchdogSleepTimeMs));
      out.push([`watchdog.${i}`, `${count(agents)} ${role} watchdogs waking every ${ms(s.watchdogSleepTimeMs)} for ${ms(durationMs)}`, wakes, path]);
      if (s.cmsPingIntervalMs > 0) {
        // One ping, its ack and its timeout per CMS system and ping interval.
        const systems = systemsOfCms(plan.compiled, cmsOfRole(plan.compiled, role)).length;
        out.push([`cms.${i}`, `CMS checks of ${role} every ${ms(s.cmsPingIntervalMs)}`, 3 * systems * (durationMs / Math.max(1, s.cmsPingIntervalMs)), path]);
      }
    }
    const push = pushOf(plan.compiled, role);
    if (push !== null) {
      // Every tick of the driver visits every open channel.
      const ticks = durationMs / Math.max(1, push.pushKeepAliveTimerMs);
      out.push([`push.${i}`, `${count(agents)} ${role} push channels kept alive every ${ms(push.pushKeepAliveTimerMs)}`, (agents + 1) * ticks, path]);
    }
  });
  const calls = scenario.calls;
  if (calls !== null && calls.ratePerSecond > 0) {
    // An arrival, then a hang-up (or a ring timeout and a reroute).
    const arrivals = calls.ratePerSecond * (durationMs / 1000);
    out.push(['calls', `${count(arrivals)} calls (${count(calls.ratePerSecond)} a second for ${ms(durationMs)})`, 2 * arrivals, ['spec', 'calls', 'ratePerSecond']]);
  }
  const samples = timelineSamples(scenario);
  out.push(['timeline', `${count(samples)} timeline samples (one every ${ms(scenario.timelineStepMs)} for ${ms(durationMs)})`, samples, timelinePath(scenario)]);
  out.push(...workstationTerms(scenario, plan.compiled));
  out.push(...faultTerms(scenario, plan.compiled));
  return out;
}

function workstationTerms(scenario: Scenario, compiled: CompiledConfig): Term[] {
  const w = scenario.workstations;
  const clients = Object.keys(compiled.listeners).length * w.clientsPerListener;
  if (clients === 0) return [];
  const durationMs = scenario.durationMs;
  // Per client: its service calls, and the keep-alive probes of both sides.
  const perClient = durationMs / w.callIntervalMs + 2 * (durationMs / Math.max(1, compiled.keepAlive.idleTimeMs) + 1);
  const what = `${count(clients)} workstation clients calling every ${ms(w.callIntervalMs)} for ${ms(durationMs)}`;
  return [['workstations', what, clients * perClient, ['spec', 'workstations', 'clientsPerListener']]];
}

function faultTerms(scenario: Scenario, compiled: CompiledConfig): Term[] {
  const out: Term[] = [];
  const w = scenario.workstations;
  for (const f of scenario.faults) {
    if (f.atMs >= scenario.durationMs) continue;
    const path: YamlPath = ['spec', 'faults', f.index];
    const victims = f.agents?.count ?? 0;
    // The hit, its end (thaw, unhide, relogin), and a throttle timer or a relogin.
    if (victims > 0) out.push([`fault.${f.index}`, `a ${f.type} fault hitting ${count(victims)} agents`, 1 + 3 * victims, path]);
    const clients = f.clients?.count ?? 0;
    if (clients > 0) {
      // A dropped client's replacement retries every reconnectAfter while all slots are taken.
      const retries = f.type === 'workstationDrop' ? (scenario.durationMs - f.atMs) / w.reconnectAfterMs : 1;
      out.push([`fault.${f.index}`, `a ${f.type} fault hitting ${count(clients)} clients`, 1 + clients * (1 + retries), path]);
    } else if (f.type === 'cmsSlow') {
      // No event of its own; while the check finds the system unavailable it pings again at a wake,
      // one ping in flight per system: its timeout and its late ack, at most one per ack timeout.
      const slowMs = Math.min(f.durationMs ?? 0, scenario.durationMs - f.atMs);
      const pings = f.cmsSystems.length * (1 + Math.ceil(slowMs / shortestAckTimeoutMs(compiled)));
      out.push([`fault.${f.index}`, `a cmsSlow fault on ${count(f.cmsSystems.length)} CMS systems`, 1 + 2 * pings, path]);
    } else if (victims === 0) {
      out.push([`fault.${f.index}`, `a ${f.type} fault`, 2 * Math.max(1, f.cmsSystems.length), path]);
    }
  }
  return out;
}

/** The shortest ack timeout of any Cms (the implicit CMS's when there is none): a ping in flight lasts at most that long. */
function shortestAckTimeoutMs(compiled: CompiledConfig): number {
  let shortestMs = Infinity;
  for (const name of Object.keys(compiled.cms)) shortestMs = Math.min(shortestMs, (compiled.cms[name] as { ackTimeoutMs: number }).ackTimeoutMs);
  return shortestMs === Infinity ? IMPLICIT_CMS_ACK_TIMEOUT_MS : Math.max(1, shortestMs);
}

/**
 * Timers waiting at once: the sampler schedules every sample at the start;
 * each agent holds at most a login or relogin, a watchdog and a call timer;
 * each workstation client a call timer and two probes; each fault victim
 * its end and a throttle timer.
 */
function pendingOf(scenario: Scenario, plan: RunPlan): WorkTerm[] {
  const clients = Object.keys(plan.compiled.listeners).length * scenario.workstations.clientsPerListener;
  const victims = scenario.faults.reduce((sum, f) => sum + (f.agents?.count ?? 0) + (f.clients?.count ?? 0), 0);
  const samples = timelineSamples(scenario);
  return [
    { what: `${count(samples)} timeline samples (one every ${ms(scenario.timelineStepMs)})`, events: samples, path: timelinePath(scenario) },
    { what: `${count(scenario.totalAgents)} agents`, events: 3 * scenario.totalAgents, path: ['spec', 'agents'] },
    { what: `${count(clients)} workstation clients`, events: 3 * clients, path: ['spec', 'workstations', 'clientsPerListener'] },
    { what: `${count(victims)} fault victims`, events: 2 * victims, path: ['spec', 'faults'] },
  ];
}

export function timelineSamples(scenario: Scenario): number {
  return Math.floor(scenario.durationMs / Math.max(1, scenario.timelineStepMs)) + 1;
}

/** `timelineStep` when the scenario sets one; the duration (which sets the default step) otherwise. */
function timelinePath(scenario: Scenario): YamlPath {
  return scenario.timelineStepMs === defaultStepMs(scenario.durationMs) ? ['spec', 'duration'] : ['spec', 'timelineStep'];
}

/**
 * Characters one timeline sample adds to the JSON report: each value sits on
 * a line of its own, indented 10 (12 for a CMS system's), with ",\n".
 */
function sampleChars(scenario: Scenario, plans: readonly RunPlan[]): number {
  const systems = new Set<string>();
  for (const plan of plans) {
    for (const { role } of scenario.agents) for (const s of systemsOfCms(plan.compiled, cmsOfRole(plan.compiled, role))) systems.add(s.name);
  }
  const line = (indent: number, value: number): number => indent + String(Math.max(0, Math.round(value))).length + 2;
  return line(10, scenario.durationMs) + 2 * line(10, scenario.totalAgents) + 2 * line(10, 0) + systems.size * line(12, 0);
}

/** Calls left waiting when they arrive faster than every agent together can answer them (handle time each). */
function waitingCalls(scenario: Scenario): number {
  const calls = scenario.calls;
  if (calls === null || calls.ratePerSecond <= 0) return 0;
  const answeredPerSecond = scenario.totalAgents / Math.max(0.001, calls.handleTimeMs / 1000);
  return Math.max(0, calls.ratePerSecond - answeredPerSecond) * (scenario.durationMs / 1000);
}

function pushOf(compiled: CompiledConfig, role: string): { pushKeepAliveTimerMs: number } | null {
  const configName = compiled.roles[role]?.communicationsConfiguration ?? null;
  return configName === null ? null : (compiled.communicationsConfigurations[configName]?.pushKeepAlive ?? null);
}

/** A count as people read it: 1,000,000; 3.2e13 once it no longer fits comfortably. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1e15) return n.toExponential(1).replace('e+', 'e');
  // By hand: toLocaleString goes through ICU and costs microseconds, and the estimate formats a term for every fault.
  const digits = String(Math.abs(Math.round(n)));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) grouped = digits.slice(Math.max(0, end - 3), end) + (grouped === '' ? '' : `,${grouped}`);
  return n < 0 && Math.round(n) !== 0 ? `-${grouped}` : grouped;
}
