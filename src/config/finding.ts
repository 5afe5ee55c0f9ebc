export type Severity = 'error' | 'warning';

/**
 * One problem found in the configuration. Positions are 1-based. `path` is the
 * dotted path of the offending node inside its document (`spec.heartbeatLag`,
 * `spec.profiles.1`), empty for file-level findings.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  path: string;
  endLine?: number;
  endColumn?: number;
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/**
 * Appends `items` to `target`. A loop, not `push(...items)`: one 10 MiB file
 * can hold more findings than a call takes arguments (a RangeError).
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Stable order: file, line, column, rule, message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.rule, b.rule) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
