import type { LoadedDocument } from '../config/document.js';
import { checkLoaded, type CheckResult, type LandscapeCheck } from '../config/pipeline.js';
import { loadPaths } from '../config/yaml/index.js';
import { UsageError } from '../errors.js';
import { chalkFor } from './colour.js';
import { renderFindings, type FindingsFormat } from './format/index.js';
import { buildReport, type FindingsOptions, type FindingsReport } from './format/report.js';
import type { SarifRuleInfo } from './format/sarif.js';
import type { CliIo, OutStream } from './io.js';
import { packageVersion } from './version.js';

/** The directory every command reads when no path is given. */
export const DEFAULT_PATHS: readonly string[] = ['profiles'];

export interface CheckedInput {
  result: CheckResult;
  report: FindingsReport;
}

/**
 * Reads and checks `paths` (or `profiles/`) relative to `io.cwd`, Scenario
 * documents included (HB300/HB301, as `simulate` reports them), so that
 * `validate`, `compile`, `explain` and `diff` agree on what is valid. Throws
 * `IoError` for unreadable input.
 */
export async function checkInput(paths: readonly string[], io: CliIo): Promise<CheckedInput> {
  // An empty argument would resolve to the working directory and read every YAML file under it.
  if (paths.includes('')) {
    throw new UsageError('an empty path was given (an unset variable?): name a file or directory, or none to read profiles/');
  }
  const loaded = await loadPaths(paths.length > 0 ? paths : DEFAULT_PATHS, { cwd: io.cwd });
  const result = checkLoaded(loaded, await scenarioChecks(loaded.documents));
  return { result, report: buildReport(result.documents, result.findings, result.sources) };
}

/**
 * The Scenario check, loaded only when a document says `kind: Scenario`
 * (only those become the landscape's scenarios): it brings the simulator's
 * runtime and store modules, which took as long to load as the whole
 * config pipeline, for input that has nothing for it to check.
 */
async function scenarioChecks(documents: readonly LoadedDocument[]): Promise<LandscapeCheck[]> {
  if (!documents.some((doc) => (doc.data as { kind?: unknown } | null)?.kind === 'Scenario')) return [];
  const { checkScenarios } = await import('../sim/scenario/index.js');
  return [checkScenarios];
}

export function hasErrors(report: FindingsReport): boolean {
  return report.findings.some((f) => f.severity === 'error');
}

/** Writes the findings report to `stream` in `format`, coloured for that stream when it is text. */
export async function printFindings(
  stream: OutStream,
  io: CliIo,
  format: FindingsFormat,
  report: FindingsReport,
  opts: FindingsOptions = {},
): Promise<void> {
  const rules = format === 'sarif' ? await loadRules() : [];
  const chalk = chalkFor(stream, io.env);
  stream.write(renderFindings(format, report, { ...opts, chalk, rules, version: packageVersion() }));
}

/** Loaded only for SARIF, which is the one format that lists every rule. */
async function loadRules(): Promise<readonly SarifRuleInfo[]> {
  const mod = await import('../config/rules/index.js');
  return mod.RULES;
}
