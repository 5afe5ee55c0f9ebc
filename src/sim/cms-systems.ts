import { BUILTIN_CMS_ACK_TIMEOUT_MS } from '../config/builtin.js';
import type { CompiledConfig } from '../config/compiled.js';
import { ownEntry } from '../config/name-table.js';

/**
 * One CMS system as the watchdogs see it: an entry of its own in shared
 * memory. A `Cms` document with several endpoints (behind a load balancer)
 * is several systems, named `NAME@endpoint`; with one endpoint just `NAME`.
 */
export interface CmsSystem {
  name: string;
  cms: string;
  endpoint: string | null;
  ackTimeoutMs: number;
}

/** Name of the implicit CMS of roles that name none when the configuration has no (or several) Cms documents. */
export const IMPLICIT_CMS = 'cms';

export function systemsOfCms(compiled: CompiledConfig, cmsName: string): CmsSystem[] {
  const cms = ownEntry(compiled.cms, cmsName);
  if (cms === undefined) {
    return [{ name: cmsName, cms: cmsName, endpoint: null, ackTimeoutMs: BUILTIN_CMS_ACK_TIMEOUT_MS }];
  }
  if (cms.endpoints.length <= 1) {
    return [{ name: cms.name, cms: cms.name, endpoint: cms.endpoints[0] ?? null, ackTimeoutMs: cms.ackTimeoutMs }];
  }
  return cms.endpoints.map((endpoint) => ({ name: `${cms.name}@${endpoint}`, cms: cms.name, endpoint, ackTimeoutMs: cms.ackTimeoutMs }));
}

/** The Cms document a role's agents log in to: its own, else the only one, else the implicit one. */
export function cmsOfRole(compiled: CompiledConfig, role: string): string {
  const own = ownEntry(compiled.roles, role)?.cms;
  if (own !== null && own !== undefined) return own;
  const names = Object.keys(compiled.cms);
  return names.length === 1 ? (names[0] as string) : IMPLICIT_CMS;
}
