import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { findingAt, pathToString, type LoadedDocument, type YamlPath } from './document.js';
import { formatDuration } from './duration.js';
import type { Finding } from './finding.js';

/**
 * YAML 1.1 hazards: plain scalars that YAML 1.1 tools (and many people) read
 * differently from the YAML 1.2 that hbctl parses. hbctl reads `yes` as a
 * string, `1:30` as a string and `010` as 10; YAML 1.1 read true, 90 and 8.
 */
export type HazardRule = 'HB104' | 'HB105' | 'HB106';

export interface Hazard {
  rule: HazardRule;
  path: YamlPath;
  /** The scalar exactly as written. */
  source: string;
}

const YAML11_BOOLEAN = /^(?:y|yes|n|no|on|off)$/i;
const YAML11_TRUE = /^(?:y|yes|on)$/i;
const SEXAGESIMAL = /^([-+]?)(\d[\d_]*)((?::[0-5]?\d)+)(\.[\d_]*)?$/;
const OCTAL = /^[-+]?0[0-7_]+$/;

export function isYaml11Boolean(source: string): boolean {
  return YAML11_BOOLEAN.test(source);
}

/** `true`/`false`: what YAML 1.1 made of `yes`, `off`, … */
export function yaml11BooleanValue(source: string): boolean {
  return YAML11_TRUE.test(source);
}

/** The number YAML 1.1 read from a base-60 scalar (`1:30` → 90), or undefined. */
export function sexagesimalValue(source: string): number | undefined {
  const m = SEXAGESIMAL.exec(source);
  if (!m) return undefined;
  let value = Number((m[2] as string).replace(/_/g, ''));
  for (const part of (m[3] as string).slice(1).split(':')) value = value * 60 + Number(part);
  if (m[4]) value += Number(`0${m[4].replace(/_/g, '')}`);
  return m[1] === '-' ? -value : value;
}

/** Cheap first test: every hazard starts with one of these characters. */
const HAZARD_START = /^[-+0-9yYnNoO]/;

/** The hazard of a plain scalar written `source`, if any. */
export function classify(source: string): HazardRule | undefined {
  if (!HAZARD_START.test(source)) return undefined;
  if (isYaml11Boolean(source)) return 'HB104';
  if (source.includes(':') && sexagesimalValue(source) !== undefined) return 'HB105';
  if (OCTAL.test(source) && /[1-7]/.test(source)) return 'HB106';
  return undefined;
}

/** Every plain (unquoted) value scalar of the document that YAML 1.1 would read differently. */
export function scanHazards(doc: LoadedDocument): Hazard[] {
  return [...doc.hazards];
}

/** The hazards under `contents` (a parsed document's), found once while loading. */
export function hazardsIn(contents: unknown): Hazard[] {
  const hazards: Hazard[] = [];
  walk(contents as Node | null, [], hazards);
  return hazards;
}

/** `path` is one mutable stack, copied only when a hazard is found: most documents have none. */
function walk(node: Node | null, path: (string | number)[], out: Hazard[]): void {
  if (node === null || path.length > 64) return;
  if (isScalar(node)) {
    if (node.type !== 'PLAIN' || typeof node.source !== 'string') return;
    const rule = classify(node.source);
    if (rule) out.push({ rule, path: [...path], source: node.source });
  } else if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' && typeof key !== 'number') continue;
      path.push(String(key));
      walk(pair.value as Node | null, path, out);
      path.pop();
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      path.push(i);
      walk(node.items[i] as Node | null, path, out);
      path.pop();
    }
  }
}

/** The error that replaces a type error where a boolean is expected. */
export function booleanHazardMessage(label: string, source: string): string {
  return `${label}: YAML 1.2 reads '${source}' as a string, not a boolean; write ${yaml11BooleanValue(source)}`;
}

/** The error that replaces HB102 where a duration is expected. */
export function sexagesimalDurationMessage(label: string, source: string): string {
  const seconds = sexagesimalValue(source) ?? 0;
  const alt = seconds > 0 && Number.isInteger(seconds) ? ` or ${formatDuration(seconds * 1000)}` : '';
  return `${label}: YAML 1.1 read ${source} as ${seconds}; write ${seconds}${alt}`;
}

function warningMessage(h: Hazard): string {
  const s = h.source;
  switch (h.rule) {
    case 'HB104':
      return `YAML 1.1 read '${s}' as the boolean ${yaml11BooleanValue(s)}; YAML 1.2 reads the string '${s}': quote it ("${s}") to keep the text, or write ${yaml11BooleanValue(s)}`;
    case 'HB105':
      return `YAML 1.1 read ${s} as the base-60 number ${sexagesimalValue(s)}; YAML 1.2 reads the string "${s}": quote it to keep the text, or write ${sexagesimalValue(s)}`;
    case 'HB106': {
      const yaml12 = Number(s.replace(/_/g, ''));
      const yaml11 = parseInt(s.replace(/_/g, ''), 8);
      return `YAML 1.1 read ${s} as octal ${yaml11}; YAML 1.2 reads ${yaml12}; write ${yaml12} (or ${yaml11}) without the leading zero`;
    }
  }
}

/** Warnings for the hazards whose path was not already reported as an error. */
export function hazardWarnings(doc: LoadedDocument, hazards: readonly Hazard[], reported: ReadonlySet<string>): Finding[] {
  return hazards
    .filter((h) => !reported.has(`${h.rule}:${pathToString(h.path)}`))
    .map((h) => findingAt(doc, h.path, h.rule, 'warning', warningMessage(h)));
}

/** Lookup by rule and path (`HB104:spec.watchdogEnabled`). */
export function hazardIndex(hazards: readonly Hazard[]): Map<string, Hazard> {
  return new Map(hazards.map((h) => [`${h.rule}:${pathToString(h.path)}`, h]));
}
