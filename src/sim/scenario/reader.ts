import { findingAt, type LoadedDocument, type YamlPath } from '../../config/document.js';
import { parseDuration } from '../../config/duration.js';
import type { Finding, Severity } from '../../config/finding.js';

export const HB300 = 'HB300';
export const HB301 = 'HB301';

// HB300/HB301 are described with every other rule in src/config/rules/info.ts.

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads raw scenario values at YAML paths, turning every problem into a located finding. */
export class SpecReader {
  readonly findings: Finding[] = [];

  constructor(readonly doc: LoadedDocument) {}

  report(path: YamlPath, rule: string, severity: Severity, message: string, useKey = false): void {
    this.findings.push(findingAt(this.doc, path, rule, severity, message, useKey));
  }

  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === 'error');
  }

  /** A duration in ms; `fallback` when absent, undefined (with an HB301 error) when malformed. */
  duration(obj: Obj, key: string, path: YamlPath, fallback: number): number;
  duration(obj: Obj, key: string, path: YamlPath, fallback?: number): number | undefined;
  duration(obj: Obj, key: string, path: YamlPath, fallback?: number): number | undefined {
    const raw = obj[key];
    if (raw === undefined) return fallback;
    const parsed = parseDuration(raw);
    if (!parsed.ok) {
      this.report([...path, key], HB301, 'error', parsed.message);
      return fallback;
    }
    return parsed.ms;
  }

  number(obj: Obj, key: string, path: YamlPath, fallback: number, min: number, maxExclusive: number): number {
    const raw = obj[key];
    if (raw === undefined) return fallback;
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw >= maxExclusive) {
      this.report([...path, key], HB301, 'error', `${key} must be a number from ${min} to below ${maxExclusive}`);
      return fallback;
    }
    return raw;
  }

  integer(obj: Obj, key: string, path: YamlPath, fallback: number, min: number, max: number): number {
    const raw = obj[key];
    if (raw === undefined) return fallback;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
      this.report([...path, key], HB301, 'error', `${key} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return raw;
  }

  string(obj: Obj, key: string): string | undefined {
    const raw = obj[key];
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  }

  /**
   * A count (`10`) or share (`"5%"`) of `candidates`, resolved to a count.
   * Errors when asking for more than exist; warns when it hits nobody.
   */
  share(obj: Obj, key: string, path: YamlPath, candidates: number, what: string): number | undefined {
    const raw = obj[key];
    const at = [...path, key];
    let count: number;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) {
      count = raw;
    } else if (typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(raw)) {
      const percent = Number.parseFloat(raw);
      if (percent > 100) {
        this.report(at, HB301, 'error', `${raw} is more than 100% of the ${what}`);
        return undefined;
      }
      count = Math.round((percent / 100) * candidates);
    } else {
      this.report(at, HB301, 'error', `write a count (10) or a share ("5%") of the ${what}`);
      return undefined;
    }
    if (count > candidates) {
      this.report(at, HB301, 'error', `${count} ${what} asked for, but there are only ${candidates}; lower it or write a share like "5%"`);
      return undefined;
    }
    if (count === 0) this.report(at, HB301, 'warning', `${String(raw)} of ${candidates} ${what} hits none: this fault does nothing`);
    return count;
  }
}
