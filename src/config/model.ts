import type { LoadedDocument } from './document.js';
import type { Kind } from './kinds.js';
import type { HeartbeatValues } from './compiled/types.js';

/**
 * The normalised configuration ("landscape"): every document that has a valid
 * `kind` and `metadata.name`, with durations already in milliseconds. Fields
 * that failed the schema are left out (their finding is already reported), so
 * rules never see a wrong type. Rules locate findings through `doc`:
 * `findingAt(entity.doc, ['spec', 'heartbeatLag'], ...)`.
 */
export interface Entity<K extends Kind, S> {
  kind: K;
  name: string;
  doc: LoadedDocument;
  spec: S;
}

/** The heartbeat fields a profile sets (one optional key per row of `HEARTBEAT_FIELDS`), and a description. */
export interface HeartbeatProfileSpec extends Partial<HeartbeatValues> {
  description?: string;
}

export interface BusinessRoleSpec {
  heartbeatProfile?: string;
  communicationsConfiguration?: string;
  cms?: string;
  description?: string;
}

export type ParameterType = 'seconds' | 'integer' | 'string' | 'boolean';
/** A driver or configuration parameter value as written (seconds-typed values may be duration strings). */
export type ParameterValue = string | number | boolean;

export interface DriverParameter {
  type: ParameterType;
  default?: ParameterValue;
  required?: boolean;
}

export interface CommunicationsDriverSpec {
  channelType: string;
  inbound?: boolean;
  outbound?: boolean;
  libraryName?: string;
  parameters: Record<string, DriverParameter>;
}

export interface CommunicationsProfileSpec {
  driver: string;
  parameterOverrides: Record<string, ParameterValue>;
}

export interface CommunicationsConfigurationSpec {
  profiles: string[];
  parameters: Record<string, ParameterValue>;
  cached: boolean;
}

export type KeepAliveMode = 'client' | 'handler' | 'both' | 'none';

export interface WorkstationListenerSpec {
  srvgrp?: string;
  srvid?: number;
  restart?: boolean;
  grace?: number;
  /** The raw CLOPT string when given; the fields below are then parsed from it. */
  clopt?: string;
  /** `//host:port` */
  address?: string;
  /** e.g. `/dev/tcp` */
  device?: string;
  /** `none` when neither `keepAlive` nor `-K` is given. */
  keepAlive: KeepAliveMode;
  maxClients?: number;
}

export interface KeepAliveSettingsSpec {
  idleTimeMs?: number;
  probeIntervalMs?: number;
  probeCount?: number;
}

export interface CmsSpec {
  endpoints: string[];
  ackTimeoutMs?: number;
}

export type HeartbeatProfile = Entity<'HeartbeatProfile', HeartbeatProfileSpec>;
export type BusinessRole = Entity<'BusinessRole', BusinessRoleSpec>;
export type CommunicationsDriver = Entity<'CommunicationsDriver', CommunicationsDriverSpec>;
export type CommunicationsProfile = Entity<'CommunicationsProfile', CommunicationsProfileSpec>;
export type CommunicationsConfiguration = Entity<'CommunicationsConfiguration', CommunicationsConfigurationSpec>;
export type WorkstationListener = Entity<'WorkstationListener', WorkstationListenerSpec>;
export type KeepAliveSettings = Entity<'KeepAliveSettings', KeepAliveSettingsSpec>;
export type Cms = Entity<'Cms', CmsSpec>;
/** Scenarios are normalised by `src/sim/scenario/normalize.ts`; the landscape keeps their raw spec. */
export type ScenarioDocument = Entity<'Scenario', unknown>;

/** Entities in input order (files sorted by path, documents in file order). Duplicates are kept: a rule reports them. */
export interface Landscape {
  heartbeatProfiles: HeartbeatProfile[];
  businessRoles: BusinessRole[];
  communicationsDrivers: CommunicationsDriver[];
  communicationsProfiles: CommunicationsProfile[];
  communicationsConfigurations: CommunicationsConfiguration[];
  workstationListeners: WorkstationListener[];
  keepAliveSettings: KeepAliveSettings[];
  cms: Cms[];
  scenarios: ScenarioDocument[];
}

export function emptyLandscape(): Landscape {
  return {
    heartbeatProfiles: [],
    businessRoles: [],
    communicationsDrivers: [],
    communicationsProfiles: [],
    communicationsConfigurations: [],
    workstationListeners: [],
    keepAliveSettings: [],
    cms: [],
    scenarios: [],
  };
}

/** The profile every role without one of its own falls back to. */
export const DEFAULT_PROFILE_NAME = 'DEFAULT';
