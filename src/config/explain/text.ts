import type { ParameterOrigin, ProfileOrigin } from '../compiled/types.js';
import { formatDuration } from '../duration.js';

/** "profile STRICT (profiles/heartbeat-profiles.yaml:31)", "DEFAULT (…)", "built-in default". */
export function profileOriginText(origin: ProfileOrigin): string {
  if (origin.source === 'builtin') return 'built-in default';
  const where = `${origin.file}:${origin.line}`;
  return origin.source === 'default-profile' ? `profile DEFAULT (${where})` : `profile ${origin.profile} (${where})`;
}

export function parameterOriginText(origin: ParameterOrigin): string {
  return origin.source === 'profile-override' ? `override in profile ${origin.profile}` : `default of driver ${origin.driver}`;
}

/** 150000 → "2m30s (150s)": the form administrators enter plus the readable one. */
export function humanMs(ms: number): string {
  if (ms % 1000 !== 0 || ms < 60_000) return formatDuration(ms);
  return `${formatDuration(ms)} (${ms / 1000}s)`;
}

/** Whole seconds as administrators enter them ("150s"); sub-second values in parts ("1s500ms"). */
export function secondsText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : formatDuration(ms);
}
