import type { CompiledConfig, HeartbeatValues } from '../config/compiled/index.js';
import { formatDuration } from '../config/duration.js';
import type { Landscape } from '../config/model.js';
import { nameTable, ownEntry } from '../config/name-table.js';
import { HEARTBEAT_FIELDS, modeOf } from '../config/compiled/index.js';
import { suggestion } from '../config/rules/shared/suggest.js';
import type { HeartbeatSettings } from '../engine/settings.js';
import { heartbeatSettingsOf } from '../runtime/index.js';
import { profileHeartbeat, withHeartbeat, withOverrides } from './compiled-variants.js';
import type { SimRun } from './report/types.js';
import { SCENARIO_DEFAULTS, type Scenario, type ScenarioSupervisors } from './scenario/types.js';

/** One run of a comparison: the config it runs (the variant applied), its settings, and how the report names it. */
export interface Variant {
  label: string;
  compiled: CompiledConfig;
  settings: Record<string, HeartbeatSettings>;
  profile: SimRun['profile'];
  reportSettings: SimRun['settings'];
  /** The scenario's supervisor nodes as this variant plans them (`--set supervisorNodes`, `storeRoundTrip`); undefined: as the scenario says. */
  supervisors?: ScenarioSupervisors;
}

/** A request the simulator cannot run (an unknown profile, a bad value, too many runs): the CLI's usage error. */
export interface SimProblem {
  problem: string;
}

export function isSimProblem(value: object): value is SimProblem {
  return Object.hasOwn(value, 'problem');
}

export const MAX_VARIANTS = 16;
/** As many nodes as `spec.supervisors.nodes` allows. */
export const MAX_SUPERVISOR_NODES = 256;
/** Fields of the scenario's `supervisors` that `--set` may vary: the node count and the store round trip. */
export const SUPERVISOR_FIELDS: readonly string[] = ['supervisorNodes', 'storeRoundTrip'];
/** The fields `--set` may vary, by the name administrators write in YAML. */
export const SETTABLE_FIELDS: readonly string[] = [...HEARTBEAT_FIELDS.map((f) => f.yamlKey), ...SUPERVISOR_FIELDS];
/** Fields that must stay at least one second: zero would make a timer fire in a loop. */
const MIN_ONE_SECOND: ReadonlySet<string> = new Set(HEARTBEAT_FIELDS.filter((f) => f.minMs >= 1000).map((f) => f.yamlKey));

/**
 * The runs of a simulation: one "as configured", or one per `compare`
 * profile (every scenario role assigned that profile), times every
 * combination of `set` values (durations in ms; watchdogEnabled 0/1). Each
 * is a transform of `compiled`, never a recompile. Returns a problem for
 * unknown profiles or fields, bad values, or more than MAX_VARIANTS runs.
 */
export function buildVariants(
  landscape: Landscape,
  compiled: CompiledConfig,
  scenario: Scenario,
  compare: readonly string[] = [],
  set: Readonly<Record<string, readonly number[]>> = {},
): Variant[] | SimProblem {
  const setFields = Object.keys(set);
  const bad = checkSet(set);
  if (bad !== null) return bad;
  const combos = cartesian(setFields.map((field) => (set[field] as readonly number[]).map((value) => ({ field, value }))));
  const roles = scenario.agents.map((a) => a.role);
  const bases: { label: string | null; compiled: CompiledConfig }[] = [];
  if (compare.length === 0) bases.push({ label: null, compiled });
  for (const name of compare) {
    const heartbeat = profileHeartbeat(landscape, name);
    if (heartbeat === undefined) {
      const names = landscape.heartbeatProfiles.map((p) => p.name);
      return { problem: `--compare: no HeartbeatProfile '${name}'; ${suggestion(name, names, 'the configuration has no HeartbeatProfile')}` };
    }
    bases.push({ label: name, compiled: withHeartbeat(compiled, roles, heartbeat) });
  }
  const total = bases.length * combos.length;
  if (total > MAX_VARIANTS) {
    return { problem: `--compare and --set ask for ${total} runs; at most ${MAX_VARIANTS} fit in one report: drop some values` };
  }
  const variants: Variant[] = [];
  for (const base of bases) {
    for (const combo of combos) {
      const parts = [...(base.label === null ? [] : [base.label]), ...combo.map(({ field, value }) => `${field}=${showValue(field, value)}`)];
      const heartbeatCombo = combo.filter(({ field }) => !SUPERVISOR_FIELDS.includes(field));
      const variant = variantOf(base.compiled, roles, parts.length === 0 ? 'as configured' : parts.join(' '), heartbeatCombo);
      if (isSimProblem(variant)) return variant;
      const supervisors = supervisorsOf(scenario, combo);
      if (supervisors !== undefined) variant.supervisors = supervisors;
      variants.push(variant);
    }
  }
  return variants;
}

function variantOf(base: CompiledConfig, roleNames: readonly string[], label: string, combo: { field: string; value: number }[]): Variant | SimProblem {
  const overrides: Record<string, number | boolean> = {};
  for (const { field, value } of combo) {
    if (field === 'watchdogEnabled') overrides['watchdogEnabled'] = value !== 0;
    else overrides[`${field}Ms`] = value;
  }
  const compiled = combo.length === 0 ? base : withOverrides(base, roleNames, overrides as Partial<HeartbeatValues>);
  const settings = nameTable<HeartbeatSettings>();
  const roles = nameTable<string>();
  const reportSettings: SimRun['settings'] = nameTable();
  for (const role of roleNames) {
    const compiledRole = ownEntry(compiled.roles, role);
    if (compiledRole === undefined) return { problem: `role '${role}' is not in the compiled configuration` };
    const s = heartbeatSettingsOf(compiledRole.heartbeat);
    settings[role] = s;
    roles[role] = compiledRole.heartbeat.profile ?? '(built-in)';
    reportSettings[role] = {
      mode: modeOf(s.watchdogEnabled, s.cmsPingIntervalMs),
      browserPingIntervalMs: s.browserPingIntervalMs,
      heartbeatLagMs: s.heartbeatLagMs,
      watchdogSleepTimeMs: s.watchdogSleepTimeMs,
      heartbeatWatchdogLagMs: s.heartbeatWatchdogLagMs,
      cmsPingIntervalMs: s.cmsPingIntervalMs,
    };
  }
  return { label, compiled, settings, profile: { roles, overrides }, reportSettings };
}

/** The scenario's supervisors with the combo's node count and store round trip, or undefined when the combo sets neither. */
function supervisorsOf(scenario: Scenario, combo: readonly { field: string; value: number }[]): ScenarioSupervisors | undefined {
  let supervisors: ScenarioSupervisors | undefined;
  for (const { field, value } of combo) {
    if (!SUPERVISOR_FIELDS.includes(field)) continue;
    supervisors ??= {
      ...(scenario.supervisors ?? {
        nodes: SCENARIO_DEFAULTS.supervisorNodes,
        storeRoundTripMs: SCENARIO_DEFAULTS.storeRoundTripMs,
        writeBehindIntervalMs: SCENARIO_DEFAULTS.writeBehindIntervalMs,
        writeBehindBatch: SCENARIO_DEFAULTS.writeBehindBatch,
      }),
    };
    if (field === 'supervisorNodes') supervisors.nodes = value;
    else supervisors.storeRoundTripMs = value;
  }
  return supervisors;
}

function checkSet(set: Readonly<Record<string, readonly number[]>>): SimProblem | null {
  for (const [field, values] of Object.entries(set)) {
    if (!SETTABLE_FIELDS.includes(field)) {
      return { problem: `--set: '${field}' is not a heartbeat field; ${suggestion(field, SETTABLE_FIELDS, '')}` };
    }
    if (values.length === 0) return { problem: `--set ${field}: give at least one value` };
    for (const v of values) {
      const ok =
        field === 'watchdogEnabled'
          ? v === 0 || v === 1
          : field === 'supervisorNodes'
            ? Number.isInteger(v) && v >= 1 && v <= MAX_SUPERVISOR_NODES
            : Number.isSafeInteger(v) && v >= (MIN_ONE_SECOND.has(field) ? 1000 : 0);
      if (!ok) {
        const want =
          field === 'watchdogEnabled'
            ? 'true or false'
            : field === 'supervisorNodes'
              ? `a whole number of nodes from 1 to ${MAX_SUPERVISOR_NODES}`
              : MIN_ONE_SECOND.has(field)
                ? 'a duration of at least 1s'
                : 'a duration (0 = off)';
        return { problem: `--set ${field}: ${showValue(field, v)} is not allowed; write ${want}` };
      }
    }
  }
  return null;
}
function showValue(field: string, value: number): string {
  if (field === 'watchdogEnabled') return value !== 0 ? 'true' : 'false';
  if (field === 'supervisorNodes') return String(value);
  return Number.isSafeInteger(value) && value >= 0 ? formatDuration(value) : String(value);
}

function cartesian<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return out;
}
