/**
 * The runtime config `hbctl compile` writes, and the input of the simulator
 * and the supervisor. Every duration is in milliseconds (`...Ms`). Objects
 * keyed by name are emitted with sorted keys so the bytes are deterministic.
 */
import type { HeartbeatField, HeartbeatFieldValue } from '../heartbeat-fields.js';

/** Where a resolved heartbeat value came from. */
export type ProfileOrigin =
  | { source: 'role-profile'; profile: string; file: string; line: number }
  | { source: 'default-profile'; profile: 'DEFAULT'; file: string; line: number }
  | { source: 'builtin' };

export type HeartbeatMode = 'A' | 'B' | 'B+CMS';

/**
 * The six heartbeat values as plain numbers (ms) and a flag, without origins:
 * built-ins, engines. One key per row of `HEARTBEAT_FIELDS`: heartbeatLagMs is
 * mode A's longest gap between the last ping and a CMS event that still
 * delivers it; watchdogEnabled true is mode B; cmsPingIntervalMs 0 means the
 * CMS availability check is off.
 */
export type HeartbeatValues = { [F in HeartbeatField as F['key']]: HeartbeatFieldValue<F> };

export interface ResolvedValue<T> {
  value: T;
  origin: ProfileOrigin;
}

/** Each heartbeat value with its origin, one key per row of `HEARTBEAT_FIELDS`. */
export type ResolvedHeartbeatValues = { [F in HeartbeatField as F['key']]: ResolvedValue<HeartbeatFieldValue<F>> };

/** The effective settings of a role: its profile, its mode, then the six values in `HEARTBEAT_FIELDS` order. */
export interface ResolvedHeartbeat extends ResolvedHeartbeatValues {
  /** Name of the profile the role is assigned (its own, `DEFAULT`, or `null` for built-in only). */
  profile: string | null;
  mode: HeartbeatMode;
}

export type ParameterOrigin =
  | { source: 'driver-default'; driver: string }
  | { source: 'profile-override'; profile: string };

export interface CompiledParameter {
  type: 'seconds' | 'integer' | 'string' | 'boolean';
  /** Seconds-typed parameters are converted to milliseconds (`unit: "ms"`). */
  value: string | number | boolean;
  unit?: 'ms';
  origin: ParameterOrigin;
}

export interface CompiledCommunicationsProfile {
  name: string;
  driver: {
    name: string;
    channelType: string;
    libraryName: string | null;
    inbound: boolean;
    outbound: boolean;
  };
  parameters: Record<string, CompiledParameter>;
}

export interface CompiledCommunicationsConfiguration {
  name: string;
  cached: boolean;
  /** "server-restart" when cached, otherwise "next-login". */
  takesEffect: 'server-restart' | 'next-login';
  /** Configuration parameters; seconds-like values (`...Timer`) converted to ms with `unit: "ms"`. */
  parameters: Record<string, { value: string | number | boolean; unit?: 'ms' }>;
  profiles: CompiledCommunicationsProfile[];
  /** Present when a Push Keep Alive driver is used. */
  pushKeepAlive: { pushKeepAliveTimerMs: number; channelCleanupTimerMs: number } | null;
}

export interface CompiledRole {
  name: string;
  heartbeat: ResolvedHeartbeat;
  communicationsConfiguration: string | null;
  cms: string | null;
}

export interface CompiledListener {
  name: string;
  srvgrp: string | null;
  srvid: number | null;
  restart: boolean;
  grace: number | null;
  address: string | null;
  device: string | null;
  keepAlive: 'client' | 'handler' | 'both' | 'none';
  /** False when the device is not TCP: keep-alive is then not applied. */
  keepAliveApplied: boolean;
  maxClients: number | null;
  clopt: string | null;
}

export interface CompiledKeepAlive {
  idleTimeMs: number;
  probeIntervalMs: number;
  probeCount: number;
  /** "settings" when a KeepAliveSettings document sets them, otherwise "builtin". */
  origin: 'settings' | 'builtin';
}

export interface CompiledCms {
  name: string;
  endpoints: string[];
  ackTimeoutMs: number;
}

export interface CompiledConfig {
  apiVersion: 'hbctl/v1';
  kind: 'CompiledConfig';
  roles: Record<string, CompiledRole>;
  communicationsConfigurations: Record<string, CompiledCommunicationsConfiguration>;
  listeners: Record<string, CompiledListener>;
  keepAlive: CompiledKeepAlive;
  cms: Record<string, CompiledCms>;
  /** `sha256:<hex>` of the canonical JSON of everything above. */
  hash: string;
}
