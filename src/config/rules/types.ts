import { findingAt, type LoadedDocument, type SourcePosition, type YamlPath } from '../document.js';
import type { Finding, Severity } from '../finding.js';
import type { Landscape } from '../model.js';

/** What docs and SARIF list for a rule id. */
export interface RuleInfo {
  id: string;
  name: string;
  severity: Severity;
  summary: string;
}

/** A semantic rule: one small check over the normalised landscape. */
export interface Rule extends RuleInfo {
  check(landscape: Landscape): Finding[];
}

/**
 * Records one finding of the rule at the node `path` of `doc` (its key with
 * `useKey`), or at `at` when a rule can point inside a scalar.
 */
export type Report = (doc: LoadedDocument, path: YamlPath, message: string, useKey?: boolean, at?: SourcePosition) => void;

/** Builds a rule whose findings all carry its id and severity. */
export function defineRule(info: RuleInfo, run: (landscape: Landscape, report: Report) => void): Rule {
  return {
    ...info,
    check(landscape: Landscape): Finding[] {
      const findings: Finding[] = [];
      run(landscape, (doc, path, message, useKey = false, at) => {
        const finding = findingAt(doc, path, info.id, info.severity, message, useKey);
        findings.push(at ? { ...withoutEnd(finding), ...at } : finding);
      });
      return findings;
    },
  };
}

function withoutEnd(finding: Finding): Finding {
  const { endLine: _line, endColumn: _column, ...rest } = finding;
  return rest;
}
