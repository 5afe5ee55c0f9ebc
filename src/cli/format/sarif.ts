import type { Finding } from '../../config/finding.js';
import { jsonText, wellFormed } from './escape.js';
import { shownFindings, type FindingsOptions, type FindingsReport } from './report.js';

/** What SARIF needs to know of a rule (the `RULES` table of src/config/rules/index.ts fits). */
export interface SarifRuleInfo {
  id: string;
  name: string;
  severity: 'error' | 'warning';
  summary: string;
}

export interface SarifOptions extends FindingsOptions {
  rules: readonly SarifRuleInfo[];
  version?: string;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 log with one run. `tool.driver.rules` lists every known rule
 * (plus any rule id a finding uses that the table lacks), sorted by id so the
 * output is deterministic; results point at them with `ruleIndex`. A result's
 * `level` is the rule's own severity: `--strict` changes the exit code only.
 */
export function formatSarif(report: FindingsReport, opts: SarifOptions): string {
  const shown = shownFindings(report, opts);
  const rules = ruleTable(opts.rules, shown);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const driver = {
    name: 'hbctl',
    ...(opts.version !== undefined ? { version: opts.version, semanticVersion: opts.version } : {}),
    rules: rules.map(sarifRule),
  };
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        columnKind: 'utf16CodeUnits',
        results: shown.map((f) => sarifResult(f, indexOf.get(f.rule) ?? 0)),
      },
    ],
  };
  return jsonText(log);
}

function ruleTable(known: readonly SarifRuleInfo[], findings: readonly Finding[]): SarifRuleInfo[] {
  const byId = new Map(known.map((r) => [r.id, r]));
  for (const f of findings) {
    if (!byId.has(f.rule)) byId.set(f.rule, { id: f.rule, name: f.rule, severity: f.severity, summary: f.rule });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sarifRule(r: SarifRuleInfo): object {
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.summary },
    defaultConfiguration: { level: r.severity },
  };
}

function sarifResult(f: Finding, ruleIndex: number): object {
  const region = {
    startLine: Math.max(1, f.line),
    startColumn: Math.max(1, f.column),
    ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
    ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
  };
  return {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(f.file) }, region } }],
  };
}

/** Relative paths stay relative (forward slashes, percent-encoded); absolute ones become `file://` URIs. */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encodePath(slashed)}`;
  if (slashed.startsWith('/')) return `file://${encodePath(slashed)}`;
  return encodePath(slashed);
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(wellFormed(seg))))
    .join('/');
}
