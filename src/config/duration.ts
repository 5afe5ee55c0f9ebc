/**
 * Durations: an integer number of seconds (`90`) or a string of one or more
 * `<integer><unit>` parts in descending units, units `h`, `m`, `s`, `ms`
 * (`90s`, `2m`, `1m30s`, `1h`, `40ms`). Returns milliseconds, or an error text
 * that says how to write it.
 */
export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const UNIT_ORDER = ['h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|h|m|s)/y;
/** Larger durations are almost certainly typos (and would lose integer precision). */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      return { ok: false, message: `${value} is not a whole number of seconds ≥ 0; write e.g. 90 or "1m30s"` };
    }
    return checkRange(value * 1000, String(value));
  }
  if (typeof value !== 'string') {
    return { ok: false, message: `expected a duration (seconds as an integer, or a string like "90s", "2m", "1m30s")` };
  }
  const text = value.trim();
  // Offsets into `text` are shown against `value`, which may start with spaces.
  const lead = value.length - value.trimStart().length;
  if (/^\d+$/.test(text)) return checkRange(Number(text) * 1000, text);
  let ms = 0;
  let lastUnit = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const m = PART.exec(text);
    if (!m) return malformed(value, lead + start);
    const unit = m[2] as string;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastUnit) {
      return { ok: false, message: `"${value}" repeats or misorders units; write units from largest to smallest, e.g. "1h30m" or "1m30s"` };
    }
    lastUnit = rank;
    ms += Number(m[1]) * (UNIT_MS[unit] as number);
  }
  if (text.length === 0) return malformed(value, 0);
  return checkRange(ms, value);
}

function malformed(value: string, at: number): DurationResult {
  const hint = /^\d+:\d+(:\d+)?$/.test(value.trim())
    ? ` (YAML 1.1 read "${value}" as a base-60 number; YAML 1.2 reads a string)`
    : '';
  const where = at > 0 ? ` at character ${at + 1}` : '';
  return {
    ok: false,
    message: `"${value}" is not a duration${where}${hint}; write whole seconds (90) or parts like "90s", "2m", "1m30s", "1h", "250ms"`,
  };
}

function checkRange(ms: number, shown: string): DurationResult {
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) {
    return { ok: false, message: `duration ${shown} is longer than a year; check the unit` };
  }
  return { ok: true, ms };
}

/** Milliseconds back to the shortest human string: 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_MS[unit] as number;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
