import { BUILTIN_CMS_ACK_TIMEOUT_MS, BUILTIN_KEEPALIVE, CHANNEL_CLEANUP_TIMER, TCP_DEVICE } from '../builtin.js';
import type {
  CompiledCms,
  CompiledCommunicationsConfiguration,
  CompiledCommunicationsProfile,
  CompiledConfig,
  CompiledKeepAlive,
  CompiledListener,
  CompiledParameter,
  CompiledRole,
  ParameterOrigin,
  ProfileOrigin,
  ResolvedHeartbeat,
  ResolvedValue,
} from './types.js';
import type { CommunicationsConfiguration, HeartbeatProfile, Landscape, ParameterValue, WorkstationListener } from '../model.js';
import { nameTable } from '../name-table.js';
import { findByName, isSecondsConfigParameter, resolveDriverParameters, resolveHeartbeat, secondsValueMs } from './resolve.js';
import { uniqueByName } from '../rules/shared/entities.js';
import { pushUses } from '../rules/keepalive/push-uses.js';

/**
 * The compiled config of `compileLandscape`, built with the keys of every
 * object already in canonical (sorted) order, so that `JSON.stringify` of it
 * is the canonical text: no sorted copy is made. For 10,000 documents the
 * copy of the config (tens of thousands of objects alive at once) cost more
 * than building and writing it, mostly in garbage collection. The object
 * literals below are written in sorted key order; a test pins the text to
 * the canonical JSON of `compileLandscape`. Roles with the same heartbeat
 * profile share one heartbeat object (its values depend on the profile only).
 */
export function canonicalCompiledBody(landscape: Landscape): Omit<CompiledConfig, 'hash'> {
  return {
    apiVersion: 'hbctl/v1',
    cms: sortedByName(landscape.cms, (cms): CompiledCms => ({
      ackTimeoutMs: cms.spec.ackTimeoutMs ?? BUILTIN_CMS_ACK_TIMEOUT_MS,
      endpoints: [...cms.spec.endpoints],
      name: cms.name,
    })),
    communicationsConfigurations: sortedByName(landscape.communicationsConfigurations, (c) => configuration(landscape, c)),
    keepAlive: keepAlive(landscape),
    kind: 'CompiledConfig',
    listeners: sortedByName(landscape.workstationListeners, listener),
    roles: roles(landscape),
  };
}

/** A table keyed by name, filled in name order; the first definition of a name wins (duplicates are errors, so compile never sees them). */
export function sortedByName<T extends { name: string }, R>(items: readonly T[], map: (item: T) => R): Record<string, R> {
  const out = nameTable<R>();
  for (const item of [...uniqueByName(items)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    out[item.name] = map(item);
  }
  return out;
}

/** `entries` as a table in key order (the order `Object.keys(...).sort()` gives). */
function sortedTable<V, R>(entries: [string, V][], map: (name: string, value: V) => R): Record<string, R> {
  const out = nameTable<R>();
  for (const [name, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[name] = map(name, value);
  return out;
}

function roles(landscape: Landscape): Record<string, CompiledRole> {
  const heartbeats = new Map<HeartbeatProfile | undefined, ResolvedHeartbeat>();
  return sortedByName(landscape.businessRoles, (role): CompiledRole => {
    // What `resolveHeartbeat` gives depends only on the profile the role names (and DEFAULT).
    const own = findByName(landscape.heartbeatProfiles, role.spec.heartbeatProfile);
    let heartbeat = heartbeats.get(own);
    if (heartbeat === undefined) {
      heartbeat = canonicalHeartbeat(resolveHeartbeat(landscape, role.name));
      heartbeats.set(own, heartbeat);
    }
    return {
      cms: role.spec.cms ?? null,
      communicationsConfiguration: role.spec.communicationsConfiguration ?? null,
      heartbeat,
      name: role.name,
    };
  });
}

function canonicalHeartbeat(h: ResolvedHeartbeat): ResolvedHeartbeat {
  return {
    browserPingIntervalMs: resolvedValue(h.browserPingIntervalMs),
    cmsPingIntervalMs: resolvedValue(h.cmsPingIntervalMs),
    heartbeatLagMs: resolvedValue(h.heartbeatLagMs),
    heartbeatWatchdogLagMs: resolvedValue(h.heartbeatWatchdogLagMs),
    mode: h.mode,
    profile: h.profile,
    watchdogEnabled: resolvedValue(h.watchdogEnabled),
    watchdogSleepTimeMs: resolvedValue(h.watchdogSleepTimeMs),
  };
}

function resolvedValue<T>(resolved: ResolvedValue<T>): ResolvedValue<T> {
  return { origin: profileOrigin(resolved.origin), value: resolved.value };
}

function profileOrigin(origin: ProfileOrigin): ProfileOrigin {
  if (origin.source === 'builtin') return { source: 'builtin' };
  return { file: origin.file, line: origin.line, profile: origin.profile, source: origin.source } as ProfileOrigin;
}

function parameterOrigin(origin: ParameterOrigin): ParameterOrigin {
  return origin.source === 'driver-default'
    ? { driver: origin.driver, source: origin.source }
    : { profile: origin.profile, source: origin.source };
}

function configuration(landscape: Landscape, config: CommunicationsConfiguration): CompiledCommunicationsConfiguration {
  const cleanupRaw = config.spec.parameters[CHANNEL_CLEANUP_TIMER];
  const cleanupMs = cleanupRaw === undefined ? undefined : secondsValueMs(cleanupRaw);
  // Several Push Keep Alive profiles in one configuration are unusual; the first one listed sets the timer.
  const timerMs = pushUses(landscape, config).find((u) => u.timerMs !== undefined)?.timerMs;
  return {
    cached: config.spec.cached,
    name: config.name,
    parameters: sortedTable(Object.entries(config.spec.parameters), configParameter),
    profiles: profiles(landscape, config),
    pushKeepAlive:
      timerMs !== undefined && cleanupMs !== undefined ? { channelCleanupTimerMs: cleanupMs, pushKeepAliveTimerMs: timerMs } : null,
    takesEffect: config.spec.cached ? 'server-restart' : 'next-login',
  };
}

function configParameter(name: string, value: ParameterValue): { unit?: 'ms'; value: ParameterValue } {
  const ms = isSecondsConfigParameter(name) ? secondsValueMs(value) : undefined;
  return ms === undefined ? { value } : { unit: 'ms', value: ms };
}

function profiles(landscape: Landscape, config: CommunicationsConfiguration): CompiledCommunicationsProfile[] {
  const out: CompiledCommunicationsProfile[] = [];
  for (const name of config.spec.profiles) {
    const profile = findByName(landscape.communicationsProfiles, name);
    const driver = findByName(landscape.communicationsDrivers, profile?.spec.driver);
    if (!profile || !driver) continue;
    const { channelType, libraryName, inbound, outbound } = driver.spec;
    out.push({
      driver: { channelType, inbound: inbound ?? false, libraryName: libraryName ?? null, name: driver.name, outbound: outbound ?? false },
      name,
      parameters: sortedTable(Object.entries(resolveDriverParameters(driver, profile)), (_name, p): CompiledParameter => {
        const ms = p.type === 'seconds' ? secondsValueMs(p.value) : undefined;
        return ms === undefined
          ? { origin: parameterOrigin(p.origin), type: p.type, value: p.value }
          : { origin: parameterOrigin(p.origin), type: p.type, unit: 'ms', value: ms };
      }),
    });
  }
  return out;
}

function listener(listener: WorkstationListener): CompiledListener {
  const s = listener.spec;
  return {
    address: s.address ?? null,
    clopt: s.clopt ?? null,
    device: s.device ?? null,
    grace: s.grace ?? null,
    keepAlive: s.keepAlive,
    keepAliveApplied: s.device === TCP_DEVICE,
    maxClients: s.maxClients ?? null,
    name: listener.name,
    restart: s.restart ?? false,
    srvgrp: s.srvgrp ?? null,
    srvid: s.srvid ?? null,
  };
}

function keepAlive(landscape: Landscape): CompiledKeepAlive {
  const settings = landscape.keepAliveSettings[0];
  if (!settings) {
    const { idleTimeMs, probeCount, probeIntervalMs } = BUILTIN_KEEPALIVE;
    return { idleTimeMs, origin: 'builtin', probeCount, probeIntervalMs };
  }
  return {
    idleTimeMs: settings.spec.idleTimeMs ?? BUILTIN_KEEPALIVE.idleTimeMs,
    origin: 'settings',
    probeCount: settings.spec.probeCount ?? BUILTIN_KEEPALIVE.probeCount,
    probeIntervalMs: settings.spec.probeIntervalMs ?? BUILTIN_KEEPALIVE.probeIntervalMs,
  };
}
