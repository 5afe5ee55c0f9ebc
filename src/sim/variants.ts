import type { CompiledConfig } from '../config/compiled.js';
import { compileLandscape } from '../config/compile.js';
import { formatDuration } from '../config/duration.js';
import type { Landscape } from '../config/model.js';
import { nameTable, ownEntry } from '../config/name-table.js';
import { HEARTBEAT_FIELDS, modeOf } from '../config/resolve.js';
import { suggestion } from '../config/rules/suggest.js';
import type { HeartbeatSettings } from '../engine/settings.js';
import { heartbeatSettingsOf } from '../runtime/settings.js';
import { UsageError } from '../errors.js';
import type { SimRun } from './report-types.js';
import type { Scenario } from './scenario-types.js';

/** One run of a comparison: which config and settings it uses, and how the report names it. */
export interface Variant {
  label: string;
  compiled: CompiledConfig;
  settings: Record<string, HeartbeatSettings>;
  profile: SimRun['profile'];
  reportSettings: SimRun['settings'];
}

export const MAX_VARIANTS = 16;
/** The fields `--set` may vary, by the name administrators write in YAML. */
export const SETTABLE_FIELDS: readonly string[] = HEARTBEAT_FIELDS.map((f) => f.yamlKey);
/** Fields that must stay at least one second: zero would make a timer fire in a loop. */
const MIN_ONE_SECOND = new Set(['browserPingInterval', 'heartbeatLag', 'watchdogSleepTime', 'heartbeatWatchdogLag']);

/**
 * The runs of a simulation: one "as configured", or one per `compare`
 * profile (every scenario role assigned that profile), times every
 * combination of `set` values (durations in ms; watchdogEnabled 0/1).
 * Throws UsageError for unknown profiles or fields, bad values, or more
 * than MAX_VARIANTS runs.
 */
export function buildVariants(
  landscape: Landscape,
  compiled: CompiledConfig,
  scenario: Scenario,
  compare: readonly string[] = [],
  set: Readonly<Record<string, readonly number[]>> = {},
): Variant[] {
  const setFields = Object.keys(set);
  checkSet(set);
  const combos = cartesian(setFields.map((field) => (set[field] as readonly number[]).map((value) => ({ field, value }))));
  const bases = compare.length === 0 ? [{ label: null, compiled }] : compare.map((name) => compareBase(landscape, scenario, name));
  const total = bases.length * combos.length;
  if (total > MAX_VARIANTS) {
    throw new UsageError(`--compare and --set ask for ${total} runs; at most ${MAX_VARIANTS} fit in one report: drop some values`);
  }
  const variants: Variant[] = [];
  for (const base of bases) {
    for (const combo of combos) {
      const parts = [...(base.label === null ? [] : [base.label]), ...combo.map(({ field, value }) => `${field}=${showValue(field, value)}`)];
      variants.push(variantOf(base.compiled, scenario, parts.length === 0 ? 'as configured' : parts.join(' '), combo));
    }
  }
  return variants;
}

function compareBase(landscape: Landscape, scenario: Scenario, name: string): { label: string; compiled: CompiledConfig } {
  const names = landscape.heartbeatProfiles.map((p) => p.name);
  if (!names.includes(name)) {
    throw new UsageError(`--compare: no HeartbeatProfile '${name}'; ${suggestion(name, names, 'the configuration has no HeartbeatProfile')}`);
  }
  const roles = new Set(scenario.agents.map((a) => a.role));
  const modified: Landscape = {
    ...landscape,
    businessRoles: landscape.businessRoles.map((r) => (roles.has(r.name) ? { ...r, spec: { ...r.spec, heartbeatProfile: name } } : r)),
  };
  return { label: name, compiled: compileLandscape(modified) };
}

function variantOf(compiled: CompiledConfig, scenario: Scenario, label: string, combo: { field: string; value: number }[]): Variant {
  const settings = nameTable<HeartbeatSettings>();
  const roles = nameTable<string>();
  const reportSettings: SimRun['settings'] = nameTable();
  const overrides: Record<string, number | boolean> = {};
  for (const { field, value } of combo) {
    if (field === 'watchdogEnabled') overrides['watchdogEnabled'] = value !== 0;
    else overrides[`${field}Ms`] = value;
  }
  for (const { role } of scenario.agents) {
    const compiledRole = ownEntry(compiled.roles, role);
    if (compiledRole === undefined) throw new UsageError(`role '${role}' is not in the compiled configuration`);
    const s = { ...heartbeatSettingsOf(compiledRole.heartbeat), ...overrides } as HeartbeatSettings;
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

function checkSet(set: Readonly<Record<string, readonly number[]>>): void {
  for (const [field, values] of Object.entries(set)) {
    if (!SETTABLE_FIELDS.includes(field)) {
      throw new UsageError(`--set: '${field}' is not a heartbeat field; ${suggestion(field, SETTABLE_FIELDS, '')}`);
    }
    if (values.length === 0) throw new UsageError(`--set ${field}: give at least one value`);
    for (const v of values) {
      const ok = field === 'watchdogEnabled' ? v === 0 || v === 1 : Number.isSafeInteger(v) && v >= (MIN_ONE_SECOND.has(field) ? 1000 : 0);
      if (!ok) {
        const want = field === 'watchdogEnabled' ? 'true or false' : MIN_ONE_SECOND.has(field) ? 'a duration of at least 1s' : 'a duration (0 = off)';
        throw new UsageError(`--set ${field}: ${showValue(field, v)} is not allowed; write ${want}`);
      }
    }
  }
}

function showValue(field: string, value: number): string {
  if (field === 'watchdogEnabled') return value !== 0 ? 'true' : 'false';
  return Number.isSafeInteger(value) && value >= 0 ? formatDuration(value) : String(value);
}

function cartesian<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return out;
}
