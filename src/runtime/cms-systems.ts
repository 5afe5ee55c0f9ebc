import type { CompiledConfig } from '../config/compiled/types.js';

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

/**
 * The ack timeout of a CMS without a `Cms` document: the built-in default of
 * the configuration (the runtime reads only the compiled config's types, so a
 * test pins the two equal).
 */
export const IMPLICIT_CMS_ACK_TIMEOUT_MS = 5_000;

/** `table[name]` when it is an entry of the table itself (a compiled config may come from parsed JSON). */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export function systemsOfCms(compiled: CompiledConfig, cmsName: string): CmsSystem[] {
  const cms = own(compiled.cms, cmsName);
  if (cms === undefined) {
    return [{ name: cmsName, cms: cmsName, endpoint: null, ackTimeoutMs: IMPLICIT_CMS_ACK_TIMEOUT_MS }];
  }
  if (cms.endpoints.length <= 1) {
    return [{ name: cms.name, cms: cms.name, endpoint: cms.endpoints[0] ?? null, ackTimeoutMs: cms.ackTimeoutMs }];
  }
  return cms.endpoints.map((endpoint) => ({ name: `${cms.name}@${endpoint}`, cms: cms.name, endpoint, ackTimeoutMs: cms.ackTimeoutMs }));
}

/** The Cms document a role's agents log in to: its own, else the only one, else the implicit one. */
export function cmsOfRole(compiled: CompiledConfig, role: string): string {
  const ownCms = own(compiled.roles, role)?.cms;
  if (ownCms !== null && ownCms !== undefined) return ownCms;
  const names = Object.keys(compiled.cms);
  return names.length === 1 ? (names[0] as string) : IMPLICIT_CMS;
}

/** The CMS systems the agents of `roles` log in to, each once, sorted by name. */
export function cmsSystemsOf(compiled: CompiledConfig, roles: readonly string[]): CmsSystem[] {
  const byName = new Map<string, CmsSystem>();
  for (const role of roles) for (const s of systemsOfCms(compiled, cmsOfRole(compiled, role))) byName.set(s.name, s);
  // The default sort orders strings by UTF-16 code units, as `<` does.
  return [...byName.keys()].sort().map((name) => byName.get(name) as CmsSystem);
}
