import { BUILTIN_CMS_ACK_TIMEOUT_MS, BUILTIN_KEEPALIVE, CHANNEL_CLEANUP_TIMER, TCP_DEVICE } from '../builtin.js';
import { canonicalCompiledBody, sortedByName as byName } from './canonical-config.js';
import { canonicalJson, canonicalTextHash, sha256Of } from './canonical-json.js';
import type {
  CompiledCms,
  CompiledCommunicationsConfiguration,
  CompiledCommunicationsProfile,
  CompiledConfig,
  CompiledKeepAlive,
  CompiledListener,
  CompiledParameter,
  CompiledRole,
} from './types.js';
import type { CommunicationsConfiguration, Landscape, ParameterValue, WorkstationListener } from '../model.js';
import { nameTable } from '../name-table.js';
import { findByName, isSecondsConfigParameter, resolveDriverParameters, resolveHeartbeat, secondsValueMs, type ResolvedParameter } from './resolve.js';
import { pushUses } from '../rules/keepalive/push-uses.js';

function compileParameter(p: ResolvedParameter): CompiledParameter {
  const ms = p.type === 'seconds' ? secondsValueMs(p.value) : undefined;
  return ms === undefined ? { type: p.type, value: p.value, origin: p.origin } : { type: p.type, value: ms, unit: 'ms', origin: p.origin };
}

function compileConfigParameter(name: string, value: ParameterValue): { value: ParameterValue; unit?: 'ms' } {
  const ms = isSecondsConfigParameter(name) ? secondsValueMs(value) : undefined;
  return ms === undefined ? { value } : { value: ms, unit: 'ms' };
}

function compileProfiles(landscape: Landscape, config: CommunicationsConfiguration): CompiledCommunicationsProfile[] {
  const out: CompiledCommunicationsProfile[] = [];
  for (const name of config.spec.profiles) {
    const profile = findByName(landscape.communicationsProfiles, name);
    const driver = findByName(landscape.communicationsDrivers, profile?.spec.driver);
    if (!profile || !driver) continue;
    const parameters = nameTable<CompiledParameter>();
    for (const [param, resolved] of Object.entries(resolveDriverParameters(driver, profile))) {
      parameters[param] = compileParameter(resolved);
    }
    const { channelType, libraryName, inbound, outbound } = driver.spec;
    out.push({
      name,
      driver: { name: driver.name, channelType, libraryName: libraryName ?? null, inbound: inbound ?? false, outbound: outbound ?? false },
      parameters,
    });
  }
  return out;
}

function compileConfiguration(landscape: Landscape, config: CommunicationsConfiguration): CompiledCommunicationsConfiguration {
  const parameters: CompiledCommunicationsConfiguration['parameters'] = nameTable();
  for (const [name, value] of Object.entries(config.spec.parameters)) parameters[name] = compileConfigParameter(name, value);
  const cleanupRaw = config.spec.parameters[CHANNEL_CLEANUP_TIMER];
  const cleanupMs = cleanupRaw === undefined ? undefined : secondsValueMs(cleanupRaw);
  // Several Push Keep Alive profiles in one configuration are unusual; the first one listed sets the timer.
  const timerMs = pushUses(landscape, config).find((u) => u.timerMs !== undefined)?.timerMs;
  return {
    name: config.name,
    cached: config.spec.cached,
    takesEffect: config.spec.cached ? 'server-restart' : 'next-login',
    parameters,
    profiles: compileProfiles(landscape, config),
    pushKeepAlive:
      timerMs !== undefined && cleanupMs !== undefined ? { pushKeepAliveTimerMs: timerMs, channelCleanupTimerMs: cleanupMs } : null,
  };
}

function compileListener(listener: WorkstationListener): CompiledListener {
  const s = listener.spec;
  return {
    name: listener.name,
    srvgrp: s.srvgrp ?? null,
    srvid: s.srvid ?? null,
    restart: s.restart ?? false,
    grace: s.grace ?? null,
    address: s.address ?? null,
    device: s.device ?? null,
    keepAlive: s.keepAlive,
    keepAliveApplied: s.device === TCP_DEVICE,
    maxClients: s.maxClients ?? null,
    clopt: s.clopt ?? null,
  };
}

function compileKeepAlive(landscape: Landscape): CompiledKeepAlive {
  const settings = landscape.keepAliveSettings[0];
  if (!settings) return { ...BUILTIN_KEEPALIVE, origin: 'builtin' };
  return {
    idleTimeMs: settings.spec.idleTimeMs ?? BUILTIN_KEEPALIVE.idleTimeMs,
    probeIntervalMs: settings.spec.probeIntervalMs ?? BUILTIN_KEEPALIVE.probeIntervalMs,
    probeCount: settings.spec.probeCount ?? BUILTIN_KEEPALIVE.probeCount,
    origin: 'settings',
  };
}

/**
 * The runtime config. Pure and deterministic: entities are keyed by name
 * and the hash covers the canonical JSON, so input file order does not
 * matter. Call only when validation reported no errors.
 */
export function compileLandscape(landscape: Landscape): CompiledConfig {
  const body = compiledBody(landscape);
  return { ...body, hash: hashOf(body) };
}

/**
 * `compileLandscape` and `serializeCompiled` in one pass: the config is built
 * with its keys already in canonical order (`canonicalCompiledBody`), so the
 * canonical text is its plain JSON, with no sorted copy; the text hashed is the
 * text written, with the `hash` line put in its sorted place. `compiled` holds
 * the same values as `compileLandscape` gives, its keys in that canonical order.
 */
export function compileLandscapeJson(landscape: Landscape): { compiled: CompiledConfig; text: string } {
  const body = canonicalCompiledBody(landscape);
  const bodyText = JSON.stringify(body, null, 2);
  const hash = canonicalTextHash(bodyText);
  const { apiVersion, cms, communicationsConfigurations, keepAlive, kind, listeners, roles } = body;
  const compiled: CompiledConfig = { apiVersion, cms, communicationsConfigurations, hash, keepAlive, kind, listeners, roles };
  // Top-level keys sorted: ... communicationsConfigurations, hash, keepAlive ... Only a top-level key
  // starts a line with two spaces and a quote (line breaks in strings are escaped).
  const at = bodyText.indexOf('\n  "keepAlive": ');
  const text =
    at < 0 ? serializeCompiled(compiled) : `${bodyText.slice(0, at)}\n  "hash": ${JSON.stringify(hash)},${bodyText.slice(at)}\n`;
  return { compiled, text };
}

/**
 * The config in the key order `explain` and `diff` show. `canonicalCompiledBody`
 * builds the same values in canonical key order: a change here goes there too
 * (a test compares the two).
 */
function compiledBody(landscape: Landscape): Omit<CompiledConfig, 'hash'> {
  return {
    apiVersion: 'hbctl/v1',
    kind: 'CompiledConfig',
    roles: byName(landscape.businessRoles, (role): CompiledRole => ({
      name: role.name,
      heartbeat: resolveHeartbeat(landscape, role.name),
      communicationsConfiguration: role.spec.communicationsConfiguration ?? null,
      cms: role.spec.cms ?? null,
    })),
    communicationsConfigurations: byName(landscape.communicationsConfigurations, (c) => compileConfiguration(landscape, c)),
    listeners: byName(landscape.workstationListeners, compileListener),
    keepAlive: compileKeepAlive(landscape),
    cms: byName(landscape.cms, (cms): CompiledCms => ({
      name: cms.name,
      endpoints: [...cms.spec.endpoints],
      ackTimeoutMs: cms.spec.ackTimeoutMs ?? BUILTIN_CMS_ACK_TIMEOUT_MS,
    })),
  };
}

/** `sha256:<hex>` of the canonical JSON of the config without its `hash`. */
export function hashOf(config: Omit<CompiledConfig, 'hash'> | CompiledConfig): string {
  const { hash: _ignored, ...body } = config as CompiledConfig;
  return sha256Of(body);
}

/** Canonical JSON of the compiled config: what `hbctl compile` writes. */
export function serializeCompiled(config: CompiledConfig): string {
  return canonicalJson(config);
}
