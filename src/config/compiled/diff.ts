import type {
  CompiledCommunicationsConfiguration,
  CompiledConfig,
  CompiledParameter,
  CompiledRole,
  HeartbeatMode,
  ProfileOrigin,
} from './types.js';
import { canonicalJson } from './canonical-json.js';
import { profileOriginText } from '../explain/text.js';
import { ownEntry } from '../name-table.js';
import { HEARTBEAT_FIELDS, type HeartbeatYamlKey } from '../heartbeat-fields.js';

/** One value that differs; `null` stands for "absent" on that side. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface OriginSwitch {
  field: HeartbeatYamlKey;
  old: ProfileOrigin;
  new: ProfileOrigin;
  oldText: string;
  newText: string;
}

export interface RoleDiff {
  role: string;
  profile: { old: string | null; new: string | null } | null;
  mode: { old: HeartbeatMode; new: HeartbeatMode } | null;
  /** Effective heartbeat values that change (ms / boolean). */
  values: FieldChange[];
  /** Fields whose value now comes from somewhere else (role's profile, DEFAULT, built-in), whether or not the value changes. */
  originSwitches: OriginSwitch[];
  /** communicationsConfiguration and cms references. */
  references: FieldChange[];
}

export interface ParameterChange {
  profile: string;
  parameter: string;
  old: CompiledParameter | null;
  new: CompiledParameter | null;
}

export interface ConfigurationDiff {
  name: string;
  /** cached, takesEffect, pushKeepAlive, configuration parameters (`parameters.NAME`). */
  fields: FieldChange[];
  profilesAdded: string[];
  profilesRemoved: string[];
  /** Driver parameter values or origins that change, per profile present on both sides. */
  driverParameters: ParameterChange[];
}

export interface NamedDiff {
  name: string;
  fields: FieldChange[];
}

export interface ConfigDiff {
  changed: boolean;
  oldHash: string;
  newHash: string;
  rolesAdded: string[];
  rolesRemoved: string[];
  roles: RoleDiff[];
  communicationsConfigurations: { added: string[]; removed: string[]; changed: ConfigurationDiff[] };
  listeners: { added: string[]; removed: string[]; changed: NamedDiff[] };
  keepAlive: FieldChange[];
  cms: { added: string[]; removed: string[]; changed: NamedDiff[] };
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** Top-level fields of two objects that differ, in key order. */
export function fieldChanges(oldObj: object, newObj: object, prefix = ''): FieldChange[] {
  const o = oldObj as Record<string, unknown>;
  const n = newObj as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])].sort();
  return keys
    .map((k) => ({ field: prefix + k, old: ownEntry(o, k) ?? null, new: ownEntry(n, k) ?? null }))
    .filter((change) => !same(change.old, change.new));
}

function splitNames<T>(oldMap: Record<string, T>, newMap: Record<string, T>): { added: string[]; removed: string[]; common: string[] } {
  const oldNames = Object.keys(oldMap).sort();
  const newNames = Object.keys(newMap).sort();
  return {
    added: newNames.filter((n) => !Object.hasOwn(oldMap, n)),
    removed: oldNames.filter((n) => !Object.hasOwn(newMap, n)),
    common: oldNames.filter((n) => Object.hasOwn(newMap, n)),
  };
}

/** Where a value comes from, ignoring the line it is on: moving a profile within its file is no switch. */
function originKey(origin: ProfileOrigin): string {
  return origin.source === 'builtin' ? 'builtin' : `${origin.source}:${origin.profile}`;
}

function diffRole(oldRole: CompiledRole, newRole: CompiledRole): RoleDiff | undefined {
  const o = oldRole.heartbeat;
  const n = newRole.heartbeat;
  const values: FieldChange[] = [];
  const originSwitches: OriginSwitch[] = [];
  for (const { key, yamlKey } of HEARTBEAT_FIELDS) {
    if (o[key].value !== n[key].value) values.push({ field: yamlKey, old: o[key].value, new: n[key].value });
    if (originKey(o[key].origin) !== originKey(n[key].origin)) {
      originSwitches.push({
        field: yamlKey,
        old: o[key].origin,
        new: n[key].origin,
        oldText: profileOriginText(o[key].origin),
        newText: profileOriginText(n[key].origin),
      });
    }
  }
  const references = fieldChanges(
    { communicationsConfiguration: oldRole.communicationsConfiguration, cms: oldRole.cms },
    { communicationsConfiguration: newRole.communicationsConfiguration, cms: newRole.cms },
  );
  const profile = o.profile === n.profile ? null : { old: o.profile, new: n.profile };
  const mode = o.mode === n.mode ? null : { old: o.mode, new: n.mode };
  if (!profile && !mode && values.length === 0 && originSwitches.length === 0 && references.length === 0) return undefined;
  return { role: newRole.name, profile, mode, values, originSwitches, references };
}

type CompiledProfile = CompiledCommunicationsConfiguration['profiles'][number];

/** First profile of each name: a Map, not a search per name (a compiled file may list many thousands). */
function profilesByName(c: CompiledCommunicationsConfiguration): Map<string, CompiledProfile> {
  const byName = new Map<string, CompiledProfile>();
  for (const p of c.profiles) if (!byName.has(p.name)) byName.set(p.name, p);
  return byName;
}

function diffDriverParameters(oldProfiles: ReadonlyMap<string, CompiledProfile>, newC: CompiledCommunicationsConfiguration): ParameterChange[] {
  const changes: ParameterChange[] = [];
  for (const newProfile of newC.profiles) {
    const oldProfile = oldProfiles.get(newProfile.name);
    if (!oldProfile) continue;
    const names = [...new Set([...Object.keys(oldProfile.parameters), ...Object.keys(newProfile.parameters)])].sort();
    for (const parameter of names) {
      const before = ownEntry(oldProfile.parameters, parameter) ?? null;
      const after = ownEntry(newProfile.parameters, parameter) ?? null;
      if (!same(before, after)) changes.push({ profile: newProfile.name, parameter, old: before, new: after });
    }
  }
  return changes;
}

function diffConfiguration(oldC: CompiledCommunicationsConfiguration, newC: CompiledCommunicationsConfiguration): ConfigurationDiff | undefined {
  const pick = (c: CompiledCommunicationsConfiguration) => ({ cached: c.cached, takesEffect: c.takesEffect, pushKeepAlive: c.pushKeepAlive });
  const fields = [...fieldChanges(pick(oldC), pick(newC)), ...fieldChanges(oldC.parameters, newC.parameters, 'parameters.')];
  const oldProfiles = oldC.profiles.map((p) => p.name);
  const newProfiles = newC.profiles.map((p) => p.name);
  const oldByName = profilesByName(oldC);
  const newNames = new Set(newProfiles);
  const profilesAdded = newProfiles.filter((p) => !oldByName.has(p));
  const profilesRemoved = oldProfiles.filter((p) => !newNames.has(p));
  const driverParameters = diffDriverParameters(oldByName, newC);
  // A change of driver (name, channel type, library) under the same profile name is a field change too.
  for (const p of newC.profiles) {
    const before = oldByName.get(p.name);
    if (before) fields.push(...fieldChanges(before.driver, p.driver, `profiles.${p.name}.driver.`));
  }
  if (fields.length + profilesAdded.length + profilesRemoved.length + driverParameters.length === 0) return undefined;
  return { name: newC.name, fields, profilesAdded, profilesRemoved, driverParameters };
}

function diffNamed<T extends object>(oldMap: Record<string, T>, newMap: Record<string, T>): { added: string[]; removed: string[]; changed: NamedDiff[] } {
  const { added, removed, common } = splitNames(oldMap, newMap);
  const changed = common
    .map((name) => ({ name, fields: fieldChanges(oldMap[name] as T, newMap[name] as T) }))
    .filter((d) => d.fields.length > 0);
  return { added, removed, changed };
}

/**
 * What changes between two compiled configs, as data: per role the
 * effective values and the origins that switch, roles added and removed,
 * driver parameters per configuration, listeners, keep-alive and CMS.
 * `changed` is false when only positions (file lines) or nothing differ.
 */
export function diffCompiled(oldC: CompiledConfig, newC: CompiledConfig): ConfigDiff {
  const roleNames = splitNames(oldC.roles, newC.roles);
  const roles = roleNames.common
    .map((name) => diffRole(oldC.roles[name] as CompiledRole, newC.roles[name] as CompiledRole))
    .filter((d): d is RoleDiff => d !== undefined);
  const configNames = splitNames(oldC.communicationsConfigurations, newC.communicationsConfigurations);
  const configs = configNames.common
    .map((name) => diffConfiguration(oldC.communicationsConfigurations[name]!, newC.communicationsConfigurations[name]!))
    .filter((d): d is ConfigurationDiff => d !== undefined);
  const diff: ConfigDiff = {
    changed: false,
    oldHash: oldC.hash,
    newHash: newC.hash,
    rolesAdded: roleNames.added,
    rolesRemoved: roleNames.removed,
    roles,
    communicationsConfigurations: { added: configNames.added, removed: configNames.removed, changed: configs },
    listeners: diffNamed(oldC.listeners, newC.listeners),
    keepAlive: fieldChanges(oldC.keepAlive, newC.keepAlive),
    cms: diffNamed(oldC.cms, newC.cms),
  };
  diff.changed = hasChanges(diff);
  return diff;
}

function hasChanges(d: ConfigDiff): boolean {
  const groups = [d.communicationsConfigurations, d.listeners, d.cms];
  return (
    d.rolesAdded.length + d.rolesRemoved.length + d.roles.length + d.keepAlive.length > 0 ||
    groups.some((g) => g.added.length + g.removed.length + g.changed.length > 0)
  );
}
