import type { CompiledConfig } from '../../config/compiled/index.js';
import { formatDuration } from '../../config/duration.js';
import { ownEntry } from '../../config/name-table.js';
import { NameIndex } from '../../config/nearest-name.js';
import { suggestion } from '../../config/rules/shared/suggest.js';
// Not the runtime's face: it brings the store and its Redis client, which checking a scenario never uses.
import { cmsOfRole, systemsOfCms } from '../../runtime/cms-systems.js';
import { once } from './once.js';
import { HB300, HB301, isObject, type SpecReader } from './reader.js';
import {
  BROWSER_FAULTS,
  CMS_FAULTS,
  FAULT_TYPES,
  SCENARIO_DEFAULTS as D,
  WORKSTATION_FAULTS,
  type FaultType,
  type ScenarioFault,
  type ScenarioWorkstations,
} from './types.js';

interface Context {
  durationMs: number;
  agents: { role: string; count: number }[];
  totalAgents: number;
  workstations: ScenarioWorkstations;
}

/**
 * The names every fault is checked against, gathered once per scenario: a
 * scenario may list many faults, and scanning the roles, listeners and CMS
 * systems again for each one would make the check quadratic.
 */
interface FaultNames {
  agentsByRole: ReadonlyMap<string, { role: string; count: number }>;
  roleIndex: () => NameIndex;
  listeners: readonly string[];
  listenerIndex: () => NameIndex;
  /** The CMS systems the scenario's agents use, sorted. */
  usedCms: readonly string[];
  cmsIndex: () => NameIndex;
}

function faultNames(compiled: CompiledConfig, ctx: Context): FaultNames {
  const roles = ctx.agents.map((a) => a.role);
  const listeners = Object.keys(compiled.listeners);
  const usedCms = [...new Set(ctx.agents.map((a) => cmsOfRole(compiled, a.role)))].sort();
  return {
    agentsByRole: new Map(ctx.agents.map((a) => [a.role, a])),
    roleIndex: once(() => new NameIndex(roles)),
    listeners,
    listenerIndex: once(() => new NameIndex(listeners)),
    usedCms,
    cmsIndex: once(() => new NameIndex([...Object.keys(compiled.cms), ...usedCms])),
  };
}

/** Which optional fields each fault type reads; any other one is reported as ignored. */
const FIELDS: Record<FaultType, readonly string[]> = {
  browserCrash: ['agents', 'role', 'relogin', 'reloginAfter'],
  browserFreeze: ['agents', 'role', 'duration'],
  backgroundTab: ['agents', 'role', 'duration'],
  networkDelay: ['duration', 'latency'],
  cmsOutage: ['cms', 'endpoint', 'duration'],
  cmsSlow: ['cms', 'endpoint', 'duration', 'latency', 'jitter'],
  workstationDrop: ['clients', 'listener'],
  workstationNetworkDown: ['clients', 'listener', 'duration'],
};
const COMMON = new Set(['at', 'type', 'description']);
const NEEDS_DURATION: readonly FaultType[] = ['browserFreeze', 'networkDelay', 'cmsOutage', 'cmsSlow', 'workstationNetworkDown'];
const NEEDS_LATENCY: readonly FaultType[] = ['networkDelay', 'cmsSlow'];

export function normalizeFaults(r: SpecReader, spec: Record<string, unknown>, compiled: CompiledConfig, ctx: Context): ScenarioFault[] {
  const list = spec['faults'];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    r.report(['spec', 'faults'], HB301, 'error', 'faults is a list: faults: [ { at: 10m, type: browserCrash, agents: 5% } ]');
    return [];
  }
  const out: ScenarioFault[] = [];
  const names = faultNames(compiled, ctx);
  list.forEach((raw, index) => {
    const fault = normalizeFault(r, raw, index, compiled, ctx, names);
    if (fault !== undefined) out.push(fault);
  });
  return out;
}

function normalizeFault(r: SpecReader, raw: unknown, index: number, compiled: CompiledConfig, ctx: Context, names: FaultNames): ScenarioFault | undefined {
  const path = ['spec', 'faults', index];
  if (!isObject(raw)) return void r.report(path, HB301, 'error', 'a fault needs at least at and type');
  const type = raw['type'];
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    const shown = typeof type === 'string' ? type : String(type);
    return void r.report([...path, 'type'], HB301, 'error', `unknown fault type '${shown}'; ${suggestion(shown, FAULT_TYPES, '')}`);
  }
  const t = type as FaultType;
  for (const key of Object.keys(raw)) {
    if (!COMMON.has(key) && !FIELDS[t].includes(key)) {
      r.report([...path, key], HB301, 'warning', `${key} does not apply to a ${t} fault and is ignored`, true);
    }
  }
  const atMs = r.duration(raw, 'at', path, 0);
  if (ctx.durationMs > 0 && atMs >= ctx.durationMs) {
    r.report([...path, 'at'], HB301, 'warning', `at ${formatDuration(atMs)} is not before the end of the run (${formatDuration(ctx.durationMs)}): this fault never happens`);
  }
  const durationMs = r.duration(raw, 'duration', path);
  if (NEEDS_DURATION.includes(t) && durationMs === undefined) {
    r.report(path, HB301, 'error', `a ${t} fault needs a duration (how long it lasts), e.g. duration: 90s`);
  }
  const latencyMs = NEEDS_LATENCY.includes(t) ? r.duration(raw, 'latency', path, 0) : 0;
  if (t === 'networkDelay' && raw['latency'] === undefined) {
    r.report(path, HB301, 'error', 'a networkDelay fault needs latency: the added one-way delay, e.g. latency: 5s');
  }
  const jitterMs = t === 'cmsSlow' ? cmsSlowJitter(r, raw, path, latencyMs) : 0;
  const relogin = raw['relogin'] === true;
  if (t === 'browserCrash' && !relogin && raw['reloginAfter'] !== undefined) {
    r.report([...path, 'reloginAfter'], HB301, 'warning', 'reloginAfter has no effect without relogin: true', true);
  }
  return {
    index,
    type: t,
    atMs,
    durationMs: durationMs ?? null,
    agents: BROWSER_FAULTS.includes(t) ? agentsOf(r, raw, path, ctx, names, t) : null,
    clients: WORKSTATION_FAULTS.includes(t) ? clientsOf(r, raw, path, compiled, ctx, names, t) : null,
    cmsSystems: CMS_FAULTS.includes(t) ? cmsSystemsOf(r, raw, path, compiled, names, t) : [],
    latencyMs,
    jitterMs,
    relogin,
    reloginAfterMs: r.duration(raw, 'reloginAfter', path, D.reloginAfterCrashMs),
  };
}

function agentsOf(r: SpecReader, raw: Record<string, unknown>, path: (string | number)[], ctx: Context, names: FaultNames, t: FaultType): ScenarioFault['agents'] {
  if (raw['agents'] === undefined) {
    r.report(path, HB301, 'error', `a ${t} fault needs agents: a count (10) or a share ("5%")`);
    return null;
  }
  const role = r.string(raw, 'role') ?? null;
  let candidates = ctx.totalAgents;
  if (role !== null) {
    const entry = names.agentsByRole.get(role);
    if (entry === undefined) {
      r.report([...path, 'role'], HB300, 'error', `role '${role}' has no agents in this scenario; ${suggestion(role, names.roleIndex(), 'list it under spec.agents')}`);
      return null;
    }
    candidates = entry.count;
  }
  const count = r.share(raw, 'agents', path, candidates, role === null ? 'agents' : `agents of ${role}`);
  return count === undefined ? null : { count, role };
}

function clientsOf(r: SpecReader, raw: Record<string, unknown>, path: (string | number)[], compiled: CompiledConfig, ctx: Context, names: FaultNames, t: FaultType): ScenarioFault['clients'] {
  const listeners = names.listeners;
  if (listeners.length === 0) {
    r.report([...path, 'type'], HB301, 'error', `a ${t} fault needs workstation clients, but the configuration has no WorkstationListener`);
    return null;
  }
  if (raw['clients'] === undefined) {
    r.report(path, HB301, 'error', `a ${t} fault needs clients: a count (10) or a share ("20%")`);
    return null;
  }
  const listener = r.string(raw, 'listener') ?? null;
  if (listener !== null && ownEntry(compiled.listeners, listener) === undefined) {
    r.report([...path, 'listener'], HB300, 'error', `no WorkstationListener '${listener}'; ${suggestion(listener, names.listenerIndex(), '')}`);
    return null;
  }
  const perListener = ctx.workstations.clientsPerListener;
  const candidates = listener === null ? perListener * listeners.length : perListener;
  const count = r.share(raw, 'clients', path, candidates, listener === null ? 'workstation clients' : `clients of ${listener}`);
  return count === undefined ? null : { count, listener };
}

/**
 * cmsSlow: its latency is required (a slow CMS is slow by that much), and a
 * jitter larger than the latency would clip many pings at no added time.
 */
function cmsSlowJitter(r: SpecReader, raw: Record<string, unknown>, path: (string | number)[], latencyMs: number): number {
  const jitterMs = r.duration(raw, 'jitter', path, 0);
  if (raw['latency'] === undefined) {
    r.report(path, HB301, 'error', 'a cmsSlow fault needs latency: the added round trip of each CMS ping, e.g. latency: 8s');
  } else if (latencyMs === 0 && jitterMs === 0) {
    r.report([...path, 'latency'], HB301, 'warning', 'latency 0 with no jitter: this cmsSlow fault slows nothing');
  }
  if (jitterMs > latencyMs) {
    r.report([...path, 'jitter'], HB301, 'warning', `jitter ${formatDuration(jitterMs)} exceeds latency ${formatDuration(latencyMs)}: the added time is clipped at 0, so the CMS is slowed less than the figures say`);
  }
  return jitterMs;
}

function cmsSystemsOf(r: SpecReader, raw: Record<string, unknown>, path: (string | number)[], compiled: CompiledConfig, names: FaultNames, t: FaultType): string[] {
  const used = names.usedCms;
  const name = r.string(raw, 'cms');
  const endpoint = r.string(raw, 'endpoint');
  if (name === undefined && t === 'cmsSlow') {
    r.report(path, HB301, 'error', `a cmsSlow fault needs cms: the Cms document that slows down${used.length > 0 ? `, e.g. cms: ${used[0] as string}` : ''}`);
    return [];
  }
  if (name === undefined) {
    if (endpoint !== undefined) r.report([...path, 'endpoint'], HB301, 'error', 'endpoint needs cms: the Cms document it belongs to', true);
    return used.flatMap((cms) => systemsOfCms(compiled, cms).map((s) => s.name));
  }
  if (ownEntry(compiled.cms, name) === undefined && !used.includes(name)) {
    r.report([...path, 'cms'], HB300, 'error', `no Cms '${name}'; ${suggestion(name, names.cmsIndex(), 'the configuration has no Cms')}`);
    return [];
  }
  const systems = systemsOfCms(compiled, name);
  if (endpoint === undefined) return systems.map((s) => s.name);
  const hit = systems.find((s) => s.endpoint === endpoint);
  if (hit === undefined) {
    const endpoints = systems.map((s) => s.endpoint ?? '').filter((e) => e !== '');
    r.report([...path, 'endpoint'], HB300, 'error', `Cms '${name}' has no endpoint '${endpoint}'; ${suggestion(endpoint, endpoints, 'it lists no endpoints')}`);
    return [];
  }
  return [hit.name];
}
