import type { CompiledConfig, CompiledRole, HeartbeatValues, ProfileOrigin, ResolvedHeartbeat, ResolvedValue } from '../config/compiled/index.js';
import { hashOf } from '../config/compiled/index.js';
import type { Landscape } from '../config/model.js';
import { nameTable, ownEntry } from '../config/name-table.js';
import { findByName, HEARTBEAT_FIELDS, modeOf, resolveProfileFields } from '../config/compiled/index.js';

/**
 * The simulator's variants of a compiled config: `--compare PROFILE` gives
 * the scenario's roles another heartbeat profile, `--set field=value`
 * overrides fields of their heartbeat. Both return a new config (the input
 * is not touched; roles outside the list are shared) with its hash
 * recomputed, so a run never needs a recompile of a modified landscape.
 */

/**
 * Where a `--set` value comes from: the command line, shown as a profile
 * named `--set` (so explain-like output reads "profile --set").
 */
export const SET_ORIGIN: ProfileOrigin = { source: 'role-profile', profile: '--set', file: '(command line)', line: 0 };

/** The heartbeat a role assigned profile `name` resolves to (its fields, then DEFAULT's, then built-ins), or undefined when there is no such profile. */
export function profileHeartbeat(landscape: Landscape, name: string): ResolvedHeartbeat | undefined {
  const profile = findByName(landscape.heartbeatProfiles, name);
  if (profile === undefined) return undefined;
  const fields = resolveProfileFields(landscape, profile);
  return { profile: profile.name, mode: modeOf(fields.watchdogEnabled.value, fields.cmsPingIntervalMs.value), ...fields };
}

/** `compiled` with the heartbeat of each of `roles` replaced by `heartbeat`. */
export function withHeartbeat(compiled: CompiledConfig, roles: readonly string[], heartbeat: ResolvedHeartbeat): CompiledConfig {
  return withRoles(compiled, roles, (role) => ({ ...role, heartbeat }));
}

/** `compiled` with the given heartbeat values of each of `roles` overridden (origin SET_ORIGIN; the mode follows the new values). */
export function withOverrides(compiled: CompiledConfig, roles: readonly string[], overrides: Partial<HeartbeatValues>): CompiledConfig {
  return withRoles(compiled, roles, (role) => {
    const heartbeat = { ...role.heartbeat };
    for (const { key } of HEARTBEAT_FIELDS) {
      const value = overrides[key];
      if (value !== undefined) (heartbeat as unknown as Record<string, ResolvedValue<number | boolean>>)[key] = { value, origin: SET_ORIGIN };
    }
    heartbeat.mode = modeOf(heartbeat.watchdogEnabled.value, heartbeat.cmsPingIntervalMs.value);
    return { ...role, heartbeat };
  });
}

function withRoles(compiled: CompiledConfig, names: readonly string[], change: (role: CompiledRole) => CompiledRole): CompiledConfig {
  const changed = new Set(names);
  const roles = nameTable<CompiledRole>();
  for (const name of Object.keys(compiled.roles)) {
    const role = ownEntry(compiled.roles, name) as CompiledRole;
    roles[name] = changed.has(name) ? change(role) : role;
  }
  const body = { ...compiled, roles };
  return { ...body, hash: hashOf(body) };
}

