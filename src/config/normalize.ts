import type { LoadedDocument } from './document.js';
import { parseDuration } from './duration.js';
import type { Finding } from './finding.js';
import { isKind, type Kind } from './kinds.js';
import {
  emptyLandscape,
  type CmsSpec,
  type CommunicationsConfigurationSpec,
  type CommunicationsDriverSpec,
  type CommunicationsProfileSpec,
  type DriverParameter,
  type HeartbeatProfileSpec,
  type KeepAliveSettingsSpec,
  type Landscape,
  type ParameterValue,
} from './model.js';
import { nameTable } from './name-table.js';
import { normalizeListener } from './schema-listener.js';
import { bool, int, isRecord, str } from './schema-values.js';

/**
 * Documents → landscape. Keeps every document with a known kind and a name;
 * copies a field only when it has the right type (validateDocument already
 * reported the others), converts durations to ms and fills defaults. Its only
 * findings are CLOPT strings that do not parse (HB242).
 */
export function normalize(docs: readonly LoadedDocument[]): { landscape: Landscape; findings: Finding[] } {
  const landscape = emptyLandscape();
  const findings: Finding[] = [];
  for (const doc of docs) {
    const envelope = envelopeOf(doc.data);
    if (envelope === undefined) continue;
    const { kind, name, spec } = envelope;
    const base = { name, doc };
    switch (kind) {
      case 'HeartbeatProfile':
        landscape.heartbeatProfiles.push({ ...base, kind, spec: heartbeatProfile(spec) });
        break;
      case 'BusinessRole':
        landscape.businessRoles.push({
          ...base,
          kind,
          spec: pick({}, {
            heartbeatProfile: str(spec.heartbeatProfile),
            communicationsConfiguration: str(spec.communicationsConfiguration),
            cms: str(spec.cms),
            description: str(spec.description),
          }),
        });
        break;
      case 'CommunicationsDriver':
        landscape.communicationsDrivers.push({ ...base, kind, spec: driver(spec) });
        break;
      case 'CommunicationsProfile':
        landscape.communicationsProfiles.push({ ...base, kind, spec: profile(spec) });
        break;
      case 'CommunicationsConfiguration':
        landscape.communicationsConfigurations.push({ ...base, kind, spec: configuration(spec) });
        break;
      case 'WorkstationListener': {
        const listener = normalizeListener(doc, spec);
        findings.push(...listener.findings);
        landscape.workstationListeners.push({ ...base, kind, spec: listener.spec });
        break;
      }
      case 'KeepAliveSettings':
        landscape.keepAliveSettings.push({ ...base, kind, spec: keepAlive(spec) });
        break;
      case 'Cms':
        landscape.cms.push({ ...base, kind, spec: cms(spec) });
        break;
      case 'Scenario':
        landscape.scenarios.push({ ...base, kind, spec: (doc.data as Record<string, unknown>).spec });
        break;
    }
  }
  return { landscape, findings };
}

function envelopeOf(data: unknown): { kind: Kind; name: string; spec: Record<string, unknown> } | undefined {
  if (!isRecord(data) || !isKind(data.kind) || !isRecord(data.metadata)) return undefined;
  const name = data.metadata.name;
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  return { kind: data.kind, name, spec: isRecord(data.spec) ? data.spec : {} };
}

/** `target` plus every defined value of `fields`. */
function pick<T extends object>(target: T, fields: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

/** A valid duration in ms; values below `minMs` were reported by the schema check and are left out too. */
function ms(value: unknown, minMs = 1000): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value);
  return parsed.ok && parsed.ms >= minMs ? parsed.ms : undefined;
}

function heartbeatProfile(spec: Record<string, unknown>): HeartbeatProfileSpec {
  return pick<HeartbeatProfileSpec>({}, {
    browserPingIntervalMs: ms(spec.browserPingInterval),
    heartbeatLagMs: ms(spec.heartbeatLag),
    watchdogEnabled: bool(spec.watchdogEnabled),
    watchdogSleepTimeMs: ms(spec.watchdogSleepTime),
    heartbeatWatchdogLagMs: ms(spec.heartbeatWatchdogLag),
    cmsPingIntervalMs: ms(spec.cmsPingInterval, 0),
    description: str(spec.description),
  });
}

function parameterValue(value: unknown): ParameterValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function parameterValues(value: unknown): Record<string, ParameterValue> {
  const out = nameTable<ParameterValue>();
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    const p = parameterValue(v);
    if (p !== undefined) out[key] = p;
  }
  return out;
}

const PARAMETER_TYPES: readonly string[] = ['seconds', 'integer', 'string', 'boolean'];

function driver(spec: Record<string, unknown>): CommunicationsDriverSpec {
  const parameters = nameTable<DriverParameter>();
  if (isRecord(spec.parameters)) {
    for (const [key, p] of Object.entries(spec.parameters)) {
      if (!isRecord(p) || typeof p.type !== 'string' || !PARAMETER_TYPES.includes(p.type)) continue;
      parameters[key] = pick<DriverParameter>({ type: p.type as DriverParameter['type'] }, {
        default: parameterValue(p.default),
        required: bool(p.required),
      });
    }
  }
  return pick<CommunicationsDriverSpec>({ channelType: str(spec.channelType) ?? '', parameters }, {
    inbound: bool(spec.inbound),
    outbound: bool(spec.outbound),
    libraryName: str(spec.libraryName),
  });
}

function profile(spec: Record<string, unknown>): CommunicationsProfileSpec {
  return { driver: str(spec.driver) ?? '', parameterOverrides: parameterValues(spec.parameterOverrides) };
}

function configuration(spec: Record<string, unknown>): CommunicationsConfigurationSpec {
  const profiles = Array.isArray(spec.profiles) ? spec.profiles.filter((p): p is string => typeof p === 'string') : [];
  return { profiles, parameters: parameterValues(spec.parameters), cached: bool(spec.cached) ?? false };
}

function keepAlive(spec: Record<string, unknown>): KeepAliveSettingsSpec {
  const count = int(spec.probeCount);
  return pick<KeepAliveSettingsSpec>({}, {
    idleTimeMs: ms(spec.idleTime),
    probeIntervalMs: ms(spec.probeInterval),
    probeCount: count !== undefined && count >= 1 && count <= 100 ? count : undefined,
  });
}

function cms(spec: Record<string, unknown>): CmsSpec {
  const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints.filter((e): e is string => typeof e === 'string') : [];
  return pick<CmsSpec>({ endpoints }, { ackTimeoutMs: ms(spec.ackTimeout) });
}
