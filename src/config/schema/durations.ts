import { findingAt, pathToString, type LoadedDocument, type YamlPath } from '../document.js';
import { parseDuration } from '../duration.js';
import type { Finding } from '../finding.js';
import { sexagesimalDurationMessage, type Hazard } from '../hazards.js';
import { labelOf } from './errors/pointer.js';
import { shown } from './errors/suggest.js';

/**
 * Durations are checked here, in code, and not by the schema's `anyOf`: the
 * code knows the exact grammar (unit order, the one-year limit, `500ms` < 1 s)
 * and says how to write the value. The schema's pattern is for editors.
 */
export const DURATION_DEFS: Readonly<Record<string, number>> = { duration: 0, positiveDuration: 1000 };
const DEF_REF = /^#\/\$defs\/(duration|positiveDuration)$/;

export interface DurationField {
  /** `*` stands for every key of a mapping or every item of a list. */
  path: readonly (string | '*')[];
  minMs: number;
}

/** Every place in `schema` whose value is a `$defs/duration` or `$defs/positiveDuration`. */
export function durationFields(schema: Record<string, unknown>): DurationField[] {
  const out: DurationField[] = [];
  walk(schema, schema, [], out, 0);
  return out;
}

function walk(root: Record<string, unknown>, node: unknown, path: string[], out: DurationField[], depth: number): void {
  if (node === null || typeof node !== 'object' || depth > 20) return;
  const s = node as Record<string, unknown>;
  const ref = typeof s.$ref === 'string' ? DEF_REF.exec(s.$ref) : null;
  if (ref) {
    out.push({ path, minMs: DURATION_DEFS[ref[1] as string] as number });
    return;
  }
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/$defs/')) {
    const defs = root.$defs as Record<string, unknown> | undefined;
    walk(root, defs?.[s.$ref.slice(8)], path, out, depth + 1);
  }
  const props = s.properties as Record<string, unknown> | undefined;
  for (const [key, sub] of Object.entries(props ?? {})) walk(root, sub, [...path, key], out, depth + 1);
  if (typeof s.additionalProperties === 'object') walk(root, s.additionalProperties, [...path, '*'], out, depth + 1);
  if (typeof s.items === 'object') walk(root, s.items, [...path, '*'], out, depth + 1);
}

/** True when an ajv error comes from inside a duration definition (the code reports those). */
export function isDurationSchemaPath(schemaPath: string): boolean {
  return /\/\$defs\/(duration|positiveDuration)(\/|$)/.test(schemaPath);
}

/** Concrete paths of `field` present in `data`. */
function expand(data: unknown, pattern: readonly string[]): { path: (string | number)[]; value: unknown }[] {
  // Most fields have no `*`: one value at most, found without the lists of candidates.
  if (!pattern.includes('*')) return expandFixed(data, pattern);
  let current: { path: (string | number)[]; value: unknown }[] = [{ path: [], value: data }];
  for (const seg of pattern) {
    const next: typeof current = [];
    for (const { path, value } of current) {
      if (value === null || typeof value !== 'object') continue;
      if (seg !== '*') {
        const child = (value as Record<string, unknown>)[seg];
        if (child !== undefined) next.push({ path: [...path, seg], value: child });
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => next.push({ path: [...path, i], value: v }));
      } else {
        for (const [k, v] of Object.entries(value)) next.push({ path: [...path, k], value: v });
      }
    }
    current = next;
  }
  return current;
}

/** `expand` for a pattern without `*`. */
function expandFixed(data: unknown, pattern: readonly string[]): { path: (string | number)[]; value: unknown }[] {
  let value = data;
  for (const seg of pattern) {
    if (value === null || typeof value !== 'object') return [];
    value = (value as Record<string, unknown>)[seg];
    if (value === undefined) return [];
  }
  return [{ path: [...pattern], value }];
}

/**
 * HB102 for a value that is not a duration (HB105 error instead when it is a
 * YAML 1.1 base-60 scalar such as 1:30), HB100 for one below the minimum.
 * `reported` receives `HB105:<path>` for hazards turned into errors.
 */
export function checkDurations(
  doc: LoadedDocument,
  fields: readonly DurationField[],
  hazards: ReadonlyMap<string, Hazard>,
  reported: Set<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const field of fields) {
    for (const { path, value } of expand(doc.data, field.path)) {
      const finding = checkOne(doc, path, value, field.minMs, hazards, reported);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

function checkOne(
  doc: LoadedDocument,
  path: YamlPath,
  value: unknown,
  minMs: number,
  hazards: ReadonlyMap<string, Hazard>,
  reported: Set<string>,
): Finding | undefined {
  const parsed = parseDuration(value);
  // The label only for a finding: nearly every duration is valid.
  const label = parsed.ok && parsed.ms >= minMs ? '' : labelOf(path);
  if (!parsed.ok) {
    const key = `HB105:${pathToString(path)}`;
    const hazard = hazards.get(key);
    if (hazard) {
      reported.add(key);
      return findingAt(doc, path, 'HB105', 'error', sexagesimalDurationMessage(label, hazard.source));
    }
    return findingAt(doc, path, 'HB102', 'error', `${label}: ${parsed.message}`);
  }
  if (parsed.ms < minMs) {
    return findingAt(doc, path, 'HB100', 'error', `${label} must be ≥ ${minMs / 1000} s; got ${shown(value).replace(/^'(.*)'$/, '$1')}`);
  }
  return undefined;
}
