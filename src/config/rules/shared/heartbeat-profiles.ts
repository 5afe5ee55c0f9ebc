import type { ProfileOrigin } from '../../compiled/types.js';
import { formatDuration } from '../../duration.js';
import { DEFAULT_PROFILE_NAME, type HeartbeatProfile, type Landscape } from '../../model.js';
import { resolveProfileFields, type ResolvedFields } from '../../compiled/resolve.js';
import { yamlKeyOf, type HeartbeatKey } from '../../heartbeat-fields.js';
import { uniqueByName } from './entities.js';
import type { Report } from '../types.js';

/** `heartbeatLag (2m30s)` or, where the value comes from elsewhere, `heartbeatLag (2m30s, from DEFAULT)`. */
export type Show = (key: HeartbeatKey) => string;

export interface HeartbeatProblem {
  /** Values the problem compares, the preferred position first. */
  fields: HeartbeatKey[];
  /** `watchdogEnabled` when it decides which lag applies. */
  selector?: HeartbeatKey;
  message(show: Show): string;
}

export type Evaluate = (values: ResolvedFields) => HeartbeatProblem | undefined;

/** The lag that decides when a silent browser counts as gone: mode A's or the watchdog's. */
export function activeLagKey(values: ResolvedFields): 'heartbeatLagMs' | 'heartbeatWatchdogLagMs' {
  return values.watchdogEnabled.value ? 'heartbeatWatchdogLagMs' : 'heartbeatLagMs';
}

function isFrom(origin: ProfileOrigin, profile: string): boolean {
  return origin.source !== 'builtin' && origin.profile === profile;
}

function originText(origin: ProfileOrigin): string {
  if (origin.source === 'builtin') return 'built-in default';
  return `from ${origin.profile}`;
}

function shower(values: ResolvedFields, ownProfile: string | undefined): Show {
  return (key) => {
    const { value, origin } = values[key];
    const shown = typeof value === 'boolean' ? String(value) : seconds(value);
    const suffix = ownProfile !== undefined && isFrom(origin, ownProfile) ? '' : `, ${originText(origin)}`;
    return `${yamlKeyOf(key)} (${shown}${suffix})`;
  };
}

/** A profile (the first of its name) with its effective values. */
export interface ProfileValues {
  profile: HeartbeatProfile;
  values: ResolvedFields;
}

/** The values shared by the rules of one `runRules` call (read only). */
let shared: { landscape: Landscape; profiles: readonly ProfileValues[] | undefined } | undefined;

/**
 * Runs `run` with the effective values of `landscape`'s profiles resolved
 * at most once, instead of once per heartbeat rule. The landscape must not
 * change while `run` runs.
 */
export function withSharedProfileValues<T>(landscape: Landscape, run: () => T): T {
  const outer = shared;
  shared = { landscape, profiles: undefined };
  try {
    return run();
  } finally {
    shared = outer;
  }
}

/** Every profile (the first of each name, in input order) with its effective values: profile → DEFAULT → built-in. */
export function profileValues(landscape: Landscape): readonly ProfileValues[] {
  if (shared?.landscape === landscape) return (shared.profiles ??= resolveAll(landscape));
  return resolveAll(landscape);
}

function resolveAll(landscape: Landscape): ProfileValues[] {
  return uniqueByName(landscape.heartbeatProfiles).map((profile) => ({ profile, values: resolveProfileFields(landscape, profile) }));
}

/**
 * Runs `evaluate` on every profile's effective values (profile → DEFAULT →
 * built-in) and reports a problem where it can be fixed:
 * - at the profile's own field when the values involved come from the
 *   profile itself (or the built-ins);
 * - at each role's `heartbeatProfile` reference when the problem only arises
 *   from combining the profile with `DEFAULT`;
 * - not at all when the profile contributes nothing to it: `DEFAULT`'s own
 *   check reports it once instead of once per profile.
 */
export function checkProfiles(landscape: Landscape, report: Report, evaluate: Evaluate): void {
  for (const { profile, values } of profileValues(landscape)) {
    const problem = evaluate(values);
    if (problem) reportProblem(landscape, report, profile, values, problem);
  }
}

function reportProblem(
  landscape: Landscape,
  report: Report,
  profile: HeartbeatProfile,
  values: ResolvedFields,
  problem: HeartbeatProblem,
): void {
  const involved = problem.selector ? [...problem.fields, problem.selector] : problem.fields;
  const own = involved.filter((key) => isFrom(values[key].origin, profile.name));
  if (own.length === 0) return;
  const mixed =
    profile.name !== DEFAULT_PROFILE_NAME && problem.fields.some((key) => values[key].origin.source === 'default-profile');
  const roles = mixed ? landscape.businessRoles.filter((r) => r.spec.heartbeatProfile === profile.name) : [];
  if (roles.length === 0) {
    report(profile.doc, ['spec', yamlKeyOf(own[0] as HeartbeatKey)], problem.message(shower(values, profile.name)));
    return;
  }
  const text = problem.message(shower(values, undefined));
  for (const role of roles) {
    report(
      role.doc,
      ['spec', 'heartbeatProfile'],
      `BusinessRole ${role.name} combines HeartbeatProfile '${profile.name}' with values from ${DEFAULT_PROFILE_NAME}: ${text}`,
    );
  }
}

/** Administrators enter seconds, so messages show seconds: 150000 → "150s" (sub-second values as "1s500ms"). */
export function seconds(valueMs: number): string {
  return valueMs % 1000 === 0 ? `${valueMs / 1000}s` : formatDuration(valueMs);
}
