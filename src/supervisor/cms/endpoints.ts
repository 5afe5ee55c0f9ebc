import type { CompiledConfig } from '../../config/compiled/index.js';

/** One TCP connection the supervisor keeps: one CMS system of SPEC §1 ("Several CMS systems"). */
export interface CmsTarget {
  /** The system name the CMS check and the runtime use: `NAME` for one endpoint, `NAME@endpoint` for several. */
  system: string;
  /** The `Cms` document. */
  cms: string;
  /** The endpoint as written in the configuration. */
  endpoint: string;
  host: string;
  port: number;
  ackTimeoutMs: number;
}

export type HostPort = { host: string; port: number };

/**
 * `tcp://host:port`, `host:port`, `[v6]:port` (the `tcp://` prefix is
 * optional): null when it is none of these or the port is out of range.
 */
export function parseHostPort(text: string): HostPort | null {
  const rest = text.startsWith('tcp://') ? text.slice('tcp://'.length) : text;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_.-]+)):([0-9]{1,5})$/.exec(rest);
  if (m === null) return null;
  const port = Number(m[3]);
  if (port > 65_535) return null;
  return { host: (m[1] ?? m[2]) as string, port };
}

/**
 * The CMS endpoints a compiled configuration asks the supervisor to connect
 * to, named like the simulator names its CMS systems (src/runtime/cms-systems.ts):
 * a `Cms` with several endpoints behind a load balancer is several systems,
 * each with its own shared entry and lock. Sorted by CMS name, endpoints in
 * configuration order; an endpoint that does not parse is left out (the
 * schema already refuses it).
 */
export function cmsTargets(compiled: Pick<CompiledConfig, 'cms'>): CmsTarget[] {
  const out: CmsTarget[] = [];
  for (const name of Object.keys(compiled.cms).sort()) {
    const cms = Object.hasOwn(compiled.cms, name) ? compiled.cms[name] : undefined;
    if (cms === undefined) continue;
    for (const endpoint of cms.endpoints) {
      const at = parseHostPort(endpoint);
      if (at === null) continue;
      const system = cms.endpoints.length <= 1 ? cms.name : `${cms.name}@${endpoint}`;
      out.push({ system, cms: cms.name, endpoint, host: at.host, port: at.port, ackTimeoutMs: cms.ackTimeoutMs });
    }
  }
  return out;
}
