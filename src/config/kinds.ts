/** Every `kind` hbctl reads, with the file name of its JSON Schema under `schemas/`. */
export const KINDS = [
  'HeartbeatProfile',
  'BusinessRole',
  'CommunicationsDriver',
  'CommunicationsProfile',
  'CommunicationsConfiguration',
  'WorkstationListener',
  'KeepAliveSettings',
  'Cms',
  'Scenario',
] as const;

export type Kind = (typeof KINDS)[number];

export const API_VERSION = 'hbctl/v1';

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** `HeartbeatProfile` → `heartbeat-profile.schema.json` */
export function schemaFileName(kind: Kind): string {
  return `${kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
}
