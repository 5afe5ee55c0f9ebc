import type { LoadedDocument } from '../document.js';
import { parseDuration } from '../duration.js';
import { BUILTIN_HEARTBEAT, type BuiltinHeartbeat } from '../builtin.js';
import type { HeartbeatMode, ParameterOrigin, ProfileOrigin, ResolvedHeartbeat, ResolvedValue } from './types.js';
import {
  DEFAULT_PROFILE_NAME,
  type CommunicationsDriver,
  type CommunicationsProfile,
  type HeartbeatProfile,
  type Landscape,
  type ParameterType,
  type ParameterValue,
} from '../model.js';
import { nameTable } from '../name-table.js';
import { HEARTBEAT_FIELDS, type HeartbeatKey, type HeartbeatYamlKey } from '../heartbeat-fields.js';

// The compiled heartbeat values are keyed by this table: the face of compiled/ hands it on.
export { HEARTBEAT_FIELDS, yamlKeyOf, type HeartbeatKey, type HeartbeatYamlKey } from '../heartbeat-fields.js';

/** Effective values of a profile with their origins: the six fields of `ResolvedHeartbeat`. */
export type ResolvedFields = { [K in HeartbeatKey]: ResolvedValue<BuiltinHeartbeat[K]> };

const nameIndexes = new WeakMap<readonly { name: string }[], { length: number; byName: Map<string, unknown> }>();

/**
 * First definition wins; duplicates are reported by HB200. Rules and compile
 * look names up once per reference, so a linear scan would make a landscape of
 * 10,000 documents quadratic: the index is built once per entity list (and
 * rebuilt if the list has grown since).
 */
export function findByName<T extends { name: string }>(items: readonly T[], name: string | undefined): T | undefined {
  if (name === undefined) return undefined;
  let index = nameIndexes.get(items);
  if (index === undefined || index.length !== items.length) {
    const byName = new Map<string, unknown>();
    for (const item of items) if (!byName.has(item.name)) byName.set(item.name, item);
    index = { length: items.length, byName };
    nameIndexes.set(items, index);
  }
  return index.byName.get(name) as T | undefined;
}

export function modeOf(watchdogEnabled: boolean, cmsPingIntervalMs: number): HeartbeatMode {
  if (!watchdogEnabled) return 'A';
  return cmsPingIntervalMs > 0 ? 'B+CMS' : 'B';
}

/**
 * The line of each heartbeat field by document: rules and compile resolve
 * every profile several times (once per role in compile), and a field's
 * line never changes.
 */
const fieldLines = new WeakMap<LoadedDocument, Map<string, number>>();

function fieldLine(doc: LoadedDocument, yamlKey: string): number {
  let lines = fieldLines.get(doc);
  if (lines === undefined) {
    lines = new Map();
    fieldLines.set(doc, lines);
  }
  let line = lines.get(yamlKey);
  if (line === undefined) {
    line = doc.position(['spec', yamlKey]).line;
    lines.set(yamlKey, line);
  }
  return line;
}

function originOf(profile: HeartbeatProfile, yamlKey: string): ProfileOrigin {
  const line = fieldLine(profile.doc, yamlKey);
  if (profile.name === DEFAULT_PROFILE_NAME) {
    return { source: 'default-profile', profile: DEFAULT_PROFILE_NAME, file: profile.doc.file, line };
  }
  return { source: 'role-profile', profile: profile.name, file: profile.doc.file, line };
}

/**
 * Resolves each field on its own: `profile` → `DEFAULT` → built-in. With
 * `profile` undefined only `DEFAULT` and the built-ins take part. The keys
 * come in `HEARTBEAT_FIELDS` order.
 */
export function resolveProfileFields(landscape: Landscape, profile: HeartbeatProfile | undefined): ResolvedFields {
  const fallback = findByName(landscape.heartbeatProfiles, DEFAULT_PROFILE_NAME);
  const own: Partial<BuiltinHeartbeat> | undefined = profile?.spec;
  const def: Partial<BuiltinHeartbeat> | undefined = fallback?.spec;
  const out: Record<string, ResolvedValue<number | boolean>> = {};
  for (const { key, yamlKey } of HEARTBEAT_FIELDS) {
    out[key] = field(own?.[key], def?.[key], BUILTIN_HEARTBEAT[key], profile, fallback, yamlKey);
  }
  return out as ResolvedFields;
}

/** One field: the profile's own value, else `DEFAULT`'s, else the built-in. */
function field<T extends number | boolean>(
  ownValue: T | undefined,
  defaultValue: T | undefined,
  builtin: T,
  profile: HeartbeatProfile | undefined,
  fallback: HeartbeatProfile | undefined,
  yamlKey: HeartbeatYamlKey,
): ResolvedValue<T> {
  if (ownValue !== undefined) return { value: ownValue, origin: originOf(profile as HeartbeatProfile, yamlKey) };
  if (defaultValue !== undefined) return { value: defaultValue, origin: originOf(fallback as HeartbeatProfile, yamlKey) };
  return { value: builtin, origin: { source: 'builtin' } };
}

/**
 * The effective heartbeat settings of a business role. A role without a
 * profile (or with one that does not exist, reported by HB201) uses
 * `DEFAULT`; without `DEFAULT` only the built-ins apply.
 */
export function resolveHeartbeat(landscape: Landscape, roleName: string): ResolvedHeartbeat {
  const role = findByName(landscape.businessRoles, roleName);
  const own = findByName(landscape.heartbeatProfiles, role?.spec.heartbeatProfile);
  const fallback = findByName(landscape.heartbeatProfiles, DEFAULT_PROFILE_NAME);
  const fields = resolveProfileFields(landscape, own);
  return {
    profile: own?.name ?? fallback?.name ?? null,
    mode: modeOf(fields.watchdogEnabled.value, fields.cmsPingIntervalMs.value),
    ...fields,
  };
}

/** A driver parameter after merging the driver default with the profile override. */
export interface ResolvedParameter {
  type: ParameterType;
  value: ParameterValue;
  origin: ParameterOrigin;
}

/**
 * Declared driver parameters with a value: the profile override, else the
 * driver default. Parameters with neither are left out (HB222/HB232 report
 * them); overrides the driver does not declare are left out (HB220).
 */
export function resolveDriverParameters(
  driver: CommunicationsDriver,
  profile: CommunicationsProfile | undefined,
): Record<string, ResolvedParameter> {
  const out = nameTable<ResolvedParameter>();
  const overrides = profile?.spec.parameterOverrides ?? {};
  for (const [name, declared] of Object.entries(driver.spec.parameters)) {
    if (profile && Object.hasOwn(overrides, name)) {
      out[name] = {
        type: declared.type,
        value: overrides[name] as ParameterValue,
        origin: { source: 'profile-override', profile: profile.name },
      };
    } else if (declared.default !== undefined) {
      out[name] = { type: declared.type, value: declared.default, origin: { source: 'driver-default', driver: driver.name } };
    }
  }
  return out;
}

/** Seconds-typed values (integer seconds or a duration string) in ms; undefined when not a duration. */
export function secondsValueMs(value: ParameterValue): number | undefined {
  if (typeof value === 'boolean') return undefined;
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.ms : undefined;
}

/** Configuration parameters carry no declared type; by Siebel convention `...Timer` ones are in seconds. */
export function isSecondsConfigParameter(name: string): boolean {
  return /Timer$/.test(name);
}
