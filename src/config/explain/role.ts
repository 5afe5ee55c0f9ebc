import { BACKGROUND_TAB_MIN_LAG_MS, BUILTIN_CMS_ACK_TIMEOUT_MS } from '../builtin.js';
import type {
  CompiledCms,
  CompiledCommunicationsConfiguration,
  CompiledConfig,
  CompiledParameter,
  HeartbeatMode,
  ParameterOrigin,
  ProfileOrigin,
  ResolvedHeartbeat,
} from '../compiled/types.js';
import { humanMs, parameterOriginText, profileOriginText } from './text.js';
import { HEARTBEAT_FIELDS, type HeartbeatYamlKey } from '../heartbeat-fields.js';
import { nearestName } from '../nearest-name.js';
import { browserDeathBound, cmsOutageBound, type BrowserDeathBound, type CmsOutageBound } from './bounds.js';

export type { BrowserDeathBound, CmsOutageBound } from './bounds.js';

export interface ExplainedValue {
  field: HeartbeatYamlKey;
  /** Milliseconds for durations, true/false for watchdogEnabled. */
  value: number | boolean;
  unit: 'ms' | null;
  human: string;
  origin: ProfileOrigin;
  originText: string;
  /** False when the role's mode ignores the value (e.g. heartbeatLag with the watchdog on). */
  used: boolean;
}

export interface ExplainedParameter {
  name: string;
  type: CompiledParameter['type'];
  value: string | number | boolean;
  unit: 'ms' | null;
  human: string;
  origin: ParameterOrigin;
  originText: string;
}

export interface ExplainedCommunications {
  name: string;
  cached: boolean;
  takesEffect: 'server-restart' | 'next-login';
  takesEffectText: string;
  parameters: { name: string; value: string | number | boolean; unit: 'ms' | null; human: string }[];
  profiles: { name: string; driver: CompiledCommunicationsConfiguration['profiles'][number]['driver']; parameters: ExplainedParameter[] }[];
  pushKeepAlive: CompiledCommunicationsConfiguration['pushKeepAlive'];
}

export interface RoleExplanation {
  role: string;
  profile: string | null;
  mode: HeartbeatMode;
  modeText: string;
  values: ExplainedValue[];
  detection: { browserDeath: BrowserDeathBound; cmsOutage: CmsOutageBound | null };
  notes: string[];
  communicationsConfiguration: ExplainedCommunications | null;
  cms: CompiledCms | null;
}

const MODE_TEXT: Record<HeartbeatMode, string> = {
  A: 'heartbeat without watchdog: the browser is checked only when a CMS event arrives',
  B: 'heartbeat and watchdog: a watchdog checks the browser every watchdogSleepTime',
  'B+CMS': 'heartbeat and watchdog with CMS availability check: watchdogs also ping the CMS every cmsPingInterval',
};

function explainValues(hb: ResolvedHeartbeat): ExplainedValue[] {
  return HEARTBEAT_FIELDS.map(({ key, yamlKey, usedIn }) => {
    const { value, origin } = hb[key];
    const human = typeof value === 'boolean' ? String(value) : yamlKey === 'cmsPingInterval' && value === 0 ? 'off' : humanMs(value);
    return {
      field: yamlKey,
      value,
      unit: typeof value === 'boolean' ? null : 'ms',
      human,
      origin,
      originText: profileOriginText(origin),
      used: (usedIn as readonly HeartbeatMode[]).includes(hb.mode),
    };
  });
}

function explainCommunications(c: CompiledCommunicationsConfiguration): ExplainedCommunications {
  const human = (value: string | number | boolean, unit?: 'ms') => (unit === 'ms' && typeof value === 'number' ? humanMs(value) : String(value));
  return {
    name: c.name,
    cached: c.cached,
    takesEffect: c.takesEffect,
    takesEffectText: c.cached
      ? 'the configuration is cached by Communications Configuration Manager: changes take effect when the Siebel Server restarts'
      : "changes take effect at each agent's next login",
    parameters: Object.keys(c.parameters).sort().map((name) => {
      const p = c.parameters[name] as { value: string | number | boolean; unit?: 'ms' };
      return { name, value: p.value, unit: p.unit ?? null, human: human(p.value, p.unit) };
    }),
    profiles: c.profiles.map((profile) => ({
      name: profile.name,
      driver: profile.driver,
      parameters: Object.keys(profile.parameters).sort().map((name) => {
        const p = profile.parameters[name] as CompiledParameter;
        return { name, type: p.type, value: p.value, unit: p.unit ?? null, human: human(p.value, p.unit), origin: p.origin, originText: parameterOriginText(p.origin) };
      }),
    })),
    pushKeepAlive: c.pushKeepAlive,
  };
}

function notesFor(hb: ResolvedHeartbeat, cms: CompiledCms | null, cmsName: string | null): string[] {
  const notes: string[] = [];
  const lag = hb.mode === 'A' ? hb.heartbeatLagMs.value : hb.heartbeatWatchdogLagMs.value;
  if (lag < BACKGROUND_TAB_MIN_LAG_MS) {
    notes.push(
      `the lag (${humanMs(lag)}) is under ${humanMs(BACKGROUND_TAB_MIN_LAG_MS)} (HB214): an agent whose toolbar sits in a background tab pings only about once a minute ` +
        '(Chrome throttles hidden tabs) and may be logged off although at their desk',
    );
  }
  if (hb.profile === null) notes.push('no heartbeat profile applies (none assigned and no DEFAULT): every value is a built-in default');
  if (hb.mode === 'B+CMS' && cms === null) {
    notes.push(`the CMS check is on but the role names ${cmsName === null ? 'no cms' : `an unknown cms '${cmsName}'`}: the built-in ackTimeout of ${humanMs(BUILTIN_CMS_ACK_TIMEOUT_MS)} is assumed`);
  }
  if (hb.mode !== 'B+CMS' && cms !== null) notes.push(`the availability of CMS ${cms.name} is not checked (cmsPingInterval is off or the watchdog is disabled)`);
  return notes;
}

/** What `hbctl explain ROLE` prints: effective values with origins, the mode, detection bounds, drivers and CMS. */
export function explainRole(compiled: CompiledConfig, role: string): RoleExplanation | undefined {
  const r = compiled.roles[role];
  if (!Object.hasOwn(compiled.roles, role) || !r) return undefined;
  const hb = r.heartbeat;
  const cms = r.cms !== null && Object.hasOwn(compiled.cms, r.cms) ? (compiled.cms[r.cms] ?? null) : null;
  const comms =
    r.communicationsConfiguration !== null && Object.hasOwn(compiled.communicationsConfigurations, r.communicationsConfiguration)
      ? compiled.communicationsConfigurations[r.communicationsConfiguration]
      : undefined;
  return {
    role: r.name,
    profile: hb.profile,
    mode: hb.mode,
    modeText: MODE_TEXT[hb.mode],
    values: explainValues(hb),
    detection: {
      browserDeath: browserDeathBound(hb),
      cmsOutage: cmsOutageBound(hb, cms?.ackTimeoutMs ?? BUILTIN_CMS_ACK_TIMEOUT_MS),
    },
    notes: notesFor(hb, cms, r.cms),
    communicationsConfiguration: comms ? explainCommunications(comms) : null,
    cms,
  };
}

/** The role names `explain` knows, sorted (for "unknown role" messages). */
export function explainRoleNames(compiled: CompiledConfig): string[] {
  return Object.keys(compiled.roles).sort();
}

/** The known role closest to a misspelt one, if any is close enough. */
export function suggestRoleName(compiled: CompiledConfig, role: string): string | undefined {
  return nearestName(role, explainRoleNames(compiled));
}
