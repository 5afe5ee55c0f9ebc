/**
 * The six heartbeat fields of a HeartbeatProfile, listed once: the key
 * administrators write in YAML, the model/compiled key (milliseconds for a
 * duration), the kind, the smallest valid value (the schema's `positiveDuration`
 * is 1 s, `duration` 0), the built-in default and the modes that use the field.
 * The built-ins, the model and compiled types, normalisation, resolution, the
 * compiled-shape check, `explain` and `diff` derive their lists from this table;
 * a test pins it to schemas/heartbeat-profile.schema.json.
 *
 * Every built-in default is part of the documented contract (docs/configuration.md,
 * "Built-in defaults"); changing one changes compiled output and hashes.
 */
export const HEARTBEAT_FIELDS = [
  {
    yamlKey: 'browserPingInterval',
    key: 'browserPingIntervalMs',
    kind: 'duration',
    minMs: 1_000,
    // A 30 s browser ping keeps the load per agent low and leaves room for five pings per lag.
    builtin: 30_000,
    usedIn: ['A', 'B', 'B+CMS'],
  },
  {
    yamlKey: 'heartbeatLag',
    key: 'heartbeatLagMs',
    kind: 'duration',
    minMs: 1_000,
    // 150 s = 5 pings: tolerates four lost pings and Chrome's one-minute background-tab throttling.
    builtin: 150_000,
    usedIn: ['A'],
  },
  {
    yamlKey: 'watchdogEnabled',
    key: 'watchdogEnabled',
    kind: 'boolean',
    minMs: 0,
    // The watchdog is opt-in in SAP IC: without a profile the CMS-event-triggered check (mode A) runs.
    builtin: false,
    usedIn: ['A', 'B', 'B+CMS'],
  },
  {
    yamlKey: 'watchdogSleepTime',
    key: 'watchdogSleepTimeMs',
    kind: 'duration',
    minMs: 1_000,
    // The SAP documentation's own example: "wake up at regular intervals (for example, every 120 seconds)".
    builtin: 120_000,
    usedIn: ['B', 'B+CMS'],
  },
  {
    yamlKey: 'heartbeatWatchdogLag',
    key: 'heartbeatWatchdogLagMs',
    kind: 'duration',
    minMs: 1_000,
    // Same as heartbeatLag, so switching the watchdog on does not change how long a browser may be silent.
    builtin: 150_000,
    usedIn: ['B', 'B+CMS'],
  },
  {
    yamlKey: 'cmsPingInterval',
    key: 'cmsPingIntervalMs',
    kind: 'duration',
    // 0 means off: the CMS availability check must be asked for explicitly.
    minMs: 0,
    builtin: 0,
    usedIn: ['B+CMS'],
  },
] as const;

export type HeartbeatField = (typeof HEARTBEAT_FIELDS)[number];
export type HeartbeatKey = HeartbeatField['key'];
export type HeartbeatYamlKey = HeartbeatField['yamlKey'];

/** A field's value: milliseconds for a duration, a flag for a boolean. */
export type HeartbeatFieldValue<F extends HeartbeatField> = F['kind'] extends 'boolean' ? boolean : number;

/** The YAML keys of the duration fields (written in seconds or "90s", held in ms). */
export const HEARTBEAT_DURATION_YAML_KEYS: ReadonlySet<string> = new Set(
  HEARTBEAT_FIELDS.filter((f) => f.kind === 'duration').map((f) => f.yamlKey),
);

const yamlKeys: ReadonlyMap<HeartbeatKey, HeartbeatYamlKey> = new Map(HEARTBEAT_FIELDS.map((f) => [f.key, f.yamlKey]));

export function yamlKeyOf(key: HeartbeatKey): HeartbeatYamlKey {
  return yamlKeys.get(key) as HeartbeatYamlKey;
}
