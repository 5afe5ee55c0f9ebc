import type { LoadedDocument } from '../document.js';
import { parseDuration } from '../duration.js';
import type { Finding } from '../finding.js';
import { isKind, type Kind } from '../kinds.js';
import {
  emptyLandscape,
  type BusinessRoleSpec,
  type CmsSpec,
  type CommunicationsConfigurationSpec,
  type CommunicationsDriverSpec,
  type CommunicationsProfileSpec,
  type DriverParameter,
  type HeartbeatProfileSpec,
  type KeepAliveSettingsSpec,
  type Landscape,
  type ParameterValue,
} from '../model.js';
import { HEARTBEAT_FIELDS } from '../heartbeat-fields.js';
import { nameTable } from '../name-table.js';
import { normalizeListener } from './listener.js';
import { bool, int, isRecord, str } from './values.js';

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
    // Entities are written out as { name, doc, kind, spec }: ten thousand documents share one shape per kind.
    switch (kind) {
      case 'HeartbeatProfile':
        landscape.heartbeatProfiles.push({ name, doc, kind, spec: heartbeatProfile(spec) });
        break;
      case 'BusinessRole':
        landscape.businessRoles.push({ name, doc, kind, spec: businessRole(spec) });
        break;
      case 'CommunicationsDriver':
        landscape.communicationsDrivers.push({ name, doc, kind, spec: driver(spec) });
        break;
      case 'CommunicationsProfile':
        landscape.communicationsProfiles.push({ name, doc, kind, spec: profile(spec) });
        break;
      case 'CommunicationsConfiguration':
        landscape.communicationsConfigurations.push({ name, doc, kind, spec: configuration(spec) });
        break;
      case 'WorkstationListener': {
        const listener = normalizeListener(doc, spec);
        for (const finding of listener.findings) findings.push(finding);
        landscape.workstationListeners.push({ name, doc, kind, spec: listener.spec });
        break;
      }
      case 'KeepAliveSettings':
        landscape.keepAliveSettings.push({ name, doc, kind, spec: keepAlive(spec) });
        break;
      case 'Cms':
        landscape.cms.push({ name, doc, kind, spec: cms(spec) });
        break;
      case 'Scenario':
        landscape.scenarios.push({ name, doc, kind, spec: (doc.data as Record<string, unknown>).spec });
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

/** The heartbeat fields in `HEARTBEAT_FIELDS` order (the model's), then the description. */
function heartbeatProfile(spec: Record<string, unknown>): HeartbeatProfileSpec {
  const out: Record<string, number | boolean | string> = {};
  for (const f of HEARTBEAT_FIELDS) {
    const value = f.kind === 'boolean' ? bool(spec[f.yamlKey]) : ms(spec[f.yamlKey], f.minMs);
    if (value !== undefined) out[f.key] = value;
  }
  const description = str(spec.description);
  if (description !== undefined) out.description = description;
  return out as HeartbeatProfileSpec;
}

/** Written out field by field: called once per role document. */
function businessRole(spec: Record<string, unknown>): BusinessRoleSpec {
  const out: BusinessRoleSpec = {};
  const heartbeatProfileName = str(spec.heartbeatProfile);
  if (heartbeatProfileName !== undefined) out.heartbeatProfile = heartbeatProfileName;
  const communicationsConfiguration = str(spec.communicationsConfiguration);
  if (communicationsConfiguration !== undefined) out.communicationsConfiguration = communicationsConfiguration;
  const cmsName = str(spec.cms);
  if (cmsName !== undefined) out.cms = cmsName;
  const description = str(spec.description);
  if (description !== undefined) out.description = description;
  return out;
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
  const out: CommunicationsDriverSpec = { channelType: str(spec.channelType) ?? '', parameters };
  const inbound = bool(spec.inbound);
  if (inbound !== undefined) out.inbound = inbound;
  const outbound = bool(spec.outbound);
  if (outbound !== undefined) out.outbound = outbound;
  const libraryName = str(spec.libraryName);
  if (libraryName !== undefined) out.libraryName = libraryName;
  return out;
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
  const out: CmsSpec = { endpoints };
  const ackTimeoutMs = ms(spec.ackTimeout);
  if (ackTimeoutMs !== undefined) out.ackTimeoutMs = ackTimeoutMs;
  return out;
}
