import type { CompiledConfig } from '../../config/compiled/index.js';
import type { Finding } from '../../config/finding.js';
import type { ScenarioDocument } from '../../config/model.js';
import { ownEntry } from '../../config/name-table.js';
import { NameIndex } from '../../config/nearest-name.js';
import { suggestion } from '../../config/rules/shared/suggest.js';
import { once } from './once.js';
import { normalizeFaults } from './faults.js';
import { HB300, HB301, isObject, SpecReader } from './reader.js';
import {
  SCENARIO_DEFAULTS as D,
  type Scenario,
  type ScenarioCalls,
  type ScenarioLink,
  type ScenarioNetwork,
  type ScenarioSupervisors,
  type ScenarioWorkstations,
} from './types.js';


/**
 * Turns a schema-valid `Scenario` document into the run's input: durations
 * to ms, shares to counts, and every name it uses (roles, listeners, CMS)
 * checked against the compiled configuration (HB300), every value that
 * cannot be simulated reported (HB301). `scenario` is undefined when any
 * finding is an error.
 */
export function normalizeScenario(doc: ScenarioDocument, compiled: CompiledConfig): { scenario?: Scenario; findings: Finding[] } {
  const r = new SpecReader(doc.doc);
  const spec = doc.spec;
  if (!isObject(spec)) {
    r.report(['spec'], HB301, 'error', 'a Scenario needs a spec with at least duration and agents');
    return { findings: r.findings };
  }
  const durationMs = r.duration(spec, 'duration', ['spec'], 0);
  if (spec['duration'] === undefined || durationMs <= 0) {
    r.report(['spec', 'duration'], HB301, 'error', 'set spec.duration to how long to simulate, e.g. "1h"');
  }
  const agents = normalizeAgents(r, spec, compiled);
  const totalAgents = agents.reduce((sum, a) => sum + a.count, 0);
  const workstations = normalizeWorkstations(r, spec);
  const faults = normalizeFaults(r, spec, compiled, { durationMs, agents, totalAgents, workstations });
  const step = r.duration(spec, 'timelineStep', ['spec'], defaultStepMs(durationMs));
  const seed = spec['seed'];
  const scenario: Scenario = {
    name: doc.name,
    description: r.string(spec, 'description') ?? null,
    durationMs,
    seed: typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 ? seed : null,
    agents,
    totalAgents,
    calls: normalizeCalls(r, spec['calls']),
    network: normalizeNetwork(r, spec['network']),
    cmsNetwork: normalizeCmsNetwork(r, spec['cmsNetwork']),
    faults,
    workstations,
    reloginAfterFalseLogoffMs: r.duration(spec, 'reloginAfterFalseLogoff', ['spec'], D.reloginAfterFalseLogoffMs),
    timelineStepMs: Math.max(1, step),
  };
  const supervisors = normalizeSupervisors(r, spec['supervisors']);
  if (supervisors !== undefined) scenario.supervisors = supervisors;
  return r.hasErrors ? { findings: r.findings } : { scenario, findings: r.findings };
}

/** duration / 240 rounded to whole seconds (at least one second). */
export function defaultStepMs(durationMs: number): number {
  return Math.max(1000, Math.round(durationMs / D.timelineSamples / 1000) * 1000);
}

function normalizeAgents(r: SpecReader, spec: Record<string, unknown>, compiled: CompiledConfig): Scenario['agents'] {
  const list = spec['agents'];
  if (!Array.isArray(list) || list.length === 0) {
    r.report(['spec', 'agents'], HB301, 'error', 'list at least one role with a count: agents: [ { role: IC_AGENT, count: 100 } ]');
    return [];
  }
  const roles = once(() => new NameIndex(Object.keys(compiled.roles)));
  const seen = new Set<string>();
  const out: Scenario['agents'] = [];
  list.forEach((item, i) => {
    const path = ['spec', 'agents', i];
    if (!isObject(item)) return r.report(path, HB301, 'error', 'each entry needs role and count');
    const role = r.string(item, 'role');
    const count = r.integer(item, 'count', path, 0, 1, 1_000_000);
    if (role === undefined) return r.report(path, HB301, 'error', 'each entry needs a role');
    if (ownEntry(compiled.roles, role) === undefined) {
      return r.report([...path, 'role'], HB300, 'error', `no BusinessRole '${role}' in the configuration; ${suggestion(role, roles(), 'the configuration has no BusinessRole')}`);
    }
    if (seen.has(role)) return r.report([...path, 'role'], HB301, 'error', `role '${role}' is listed twice; add the counts into one entry`);
    seen.add(role);
    if (count >= 1) out.push({ role, count });
  });
  const total = out.reduce((sum, a) => sum + a.count, 0);
  if (total > 2_000_000) r.report(['spec', 'agents'], HB301, 'error', `${total} agents in all; the simulator takes at most 2,000,000`);
  return out;
}

function normalizeCalls(r: SpecReader, raw: unknown): ScenarioCalls | null {
  if (raw === undefined) return null;
  const path = ['spec', 'calls'];
  if (!isObject(raw)) {
    r.report(path, HB301, 'error', 'calls needs ratePerSecond and handleTime');
    return null;
  }
  const handleTimeMs = r.duration(raw, 'handleTime', path, 0);
  if (handleTimeMs <= 0) r.report([...path, 'handleTime'], HB301, 'error', 'set calls.handleTime to the mean time on a call, e.g. "3m"');
  return {
    ratePerSecond: r.number(raw, 'ratePerSecond', path, 0, 0, 10_001),
    handleTimeMs,
    ringTimeoutMs: r.duration(raw, 'ringTimeout', path, D.ringTimeoutMs),
    rerouteDelayMs: r.duration(raw, 'rerouteDelay', path, D.rerouteDelayMs),
    notReadyOnNoAnswer: raw['notReadyOnNoAnswer'] !== false,
  };
}

/** A link's one-way delay: `latency` ± `jitter` under `spec.<key>`, with the defaults given. */
function normalizeLink(r: SpecReader, raw: unknown, key: string, latencyMs: number, jitterMs: number): ScenarioLink {
  const obj = isObject(raw) ? raw : {};
  const path = ['spec', key];
  return { latencyMs: r.duration(obj, 'latency', path, latencyMs), jitterMs: r.duration(obj, 'jitter', path, jitterMs) };
}

function normalizeCmsNetwork(r: SpecReader, raw: unknown): ScenarioLink {
  return normalizeLink(r, raw, 'cmsNetwork', D.cmsLatencyMs, D.cmsJitterMs);
}

function normalizeNetwork(r: SpecReader, raw: unknown): ScenarioNetwork {
  const link = normalizeLink(r, raw, 'network', D.latencyMs, D.jitterMs);
  return { ...link, loss: r.number(isObject(raw) ? raw : {}, 'loss', ['spec', 'network'], D.loss, 0, 1) };
}

function normalizeWorkstations(r: SpecReader, spec: Record<string, unknown>): ScenarioWorkstations {
  const path = ['spec', 'workstations'];
  const raw = spec['workstations'];
  const obj = isObject(raw) ? raw : {};
  return {
    clientsPerListener: r.integer(obj, 'clientsPerListener', path, D.clientsPerListener, 0, 100_000),
    callIntervalMs: Math.max(1, r.duration(obj, 'callInterval', path, D.callIntervalMs)),
    reconnectAfterMs: Math.max(1, r.duration(obj, 'reconnectAfter', path, D.reconnectAfterMs)),
  };
}

/** `spec.supervisors`, when given (absent: one node and the in-process store, as before). */
function normalizeSupervisors(r: SpecReader, raw: unknown): ScenarioSupervisors | undefined {
  if (raw === undefined) return undefined;
  const path = ['spec', 'supervisors'];
  const obj = isObject(raw) ? raw : {};
  return {
    nodes: r.integer(obj, 'nodes', path, D.supervisorNodes, 1, 256),
    storeRoundTripMs: r.duration(obj, 'storeRoundTrip', path, D.storeRoundTripMs),
    writeBehindIntervalMs: Math.max(1, r.duration(obj, 'writeBehindInterval', path, D.writeBehindIntervalMs)),
    writeBehindBatch: r.integer(obj, 'writeBehindBatch', path, D.writeBehindBatch, 1, 1_000_000),
  };
}
