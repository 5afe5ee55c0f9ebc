import { resolve, sep } from 'node:path';
import { compileLandscape } from '../../config/compiled/index.js';
import { parseDuration } from '../../config/duration.js';
import type { Finding } from '../../config/finding.js';
import type { ScenarioDocument } from '../../config/model.js';
import type { LoadResult } from '../../config/document.js';
import { loadPaths } from '../../config/yaml/index.js';
import { checkLoaded, type CheckResult } from '../../config/pipeline.js';
import { suggestion } from '../../config/rules/shared/suggest.js';
import { UsageError } from '../../errors.js';
import { isSimProblem, MAX_VARIANTS, serializeReport, SETTABLE_FIELDS, simulate } from '../../sim/index.js';
import { renderReportHtml, type SimReport } from '../../sim/report/index.js';
import { BudgetError, budgetFinding, normalizeScenario } from '../../sim/scenario/index.js';
import { createProgress } from '../progress.js';
import { formatReportText } from '../format/simulation-text.js';
import { colourLevel } from '../colour.js';
import { DEFAULT_PATHS, hasErrors, printFindings } from '../findings.js';
import { escapeControls } from '../format/escape.js';
import { buildReport } from '../format/report.js';
import type { CliIo } from '../io.js';
import { planOutput } from '../output-target.js';
import { writePlanned } from '../write-output.js';
import type { SimulateCliOptions } from './simulate-options.js';

interface Parsed {
  format: 'text' | 'json';
  seed: number | undefined;
  compare: string[];
  set: Record<string, number[]>;
  maxEvents: number | undefined;
}

/**
 * `hbctl simulate`: check the configuration and the scenario file, run the
 * scenario (one run per compared variant) and print the report. Exit 0 after
 * a run, 1 when the input has error findings (printed to stderr), 2 (thrown
 * UsageError/IoError) for bad options or unreadable files.
 */
export async function simulateCommand(opts: SimulateCliOptions, io: CliIo): Promise<number> {
  const parsed = parseOptions(opts);
  const scenarioPath = resolve(io.cwd, opts.scenario);
  const paths = opts.paths.length > 0 ? [...opts.paths] : [...DEFAULT_PATHS];
  if (!paths.some((p) => covers(resolve(io.cwd, p), scenarioPath))) paths.push(opts.scenario);
  const result = checkLoaded(withoutOtherScenarios(await loadPaths(paths, { cwd: io.cwd }), scenarioPath, io.cwd));
  if (await printFindingsOf(result.findings, result, io, false)) return 1;

  const docs = result.landscape.scenarios.filter((s) => resolve(io.cwd, s.doc.file) === scenarioPath);
  const doc: ScenarioDocument | undefined = docs[0];
  if (doc === undefined) throw new UsageError(`--scenario ${opts.scenario}: the file holds no document of kind Scenario`);
  if (docs.length > 1) {
    io.stderr.write(escapeControls(`hbctl: ${opts.scenario} holds ${docs.length} scenarios; running the first, '${doc.name}'`) + '\n');
  }
  const compiled = compileLandscape(result.landscape);
  const normalized = normalizeScenario(doc, compiled);
  if ((await printFindingsOf(normalized.findings, result, io, true)) || normalized.scenario === undefined) return 1;
  const scenario = normalized.scenario;
  // Planned before the run, so an output that must not be written fails fast.
  const htmlPlan = opts.html === undefined ? undefined : await planOutput(opts.html, { ...io, inputs: [...result.sources.keys()] });

  const showProgress = io.stderr.isTTY === true && opts.quiet !== true;
  const progress = showProgress ? createProgress(io.stderr, scenario.durationMs) : undefined;
  let outcome;
  try {
    outcome = simulate({
      landscape: result.landscape,
      compiled,
      scenario,
      ...(parsed.seed === undefined ? {} : { seed: parsed.seed }),
      ...(parsed.maxEvents === undefined ? {} : { maxEvents: parsed.maxEvents }),
      compare: parsed.compare,
      set: parsed.set,
      ...(progress === undefined ? {} : { onProgress: (doneMs: number, totalMs: number) => progress.update((doneMs / totalMs) * scenario.durationMs) }),
    });
  } catch (err) {
    if (!(err instanceof BudgetError)) throw err;
    progress?.done();
    await printFindingsOf([budgetFinding(doc.doc, err.excess)], result, io, true);
    return 1;
  } finally {
    progress?.done();
  }
  if (isSimProblem(outcome)) throw new UsageError(outcome.problem);
  const report = outcome;
  // With the HTML page on stdout, the page is all stdout carries: text or JSON before it would spoil both.
  if (htmlPlan?.kind !== 'stream' || htmlPlan.stream !== io.stdout) io.stdout.write(reportFor(io, parsed.format, report));
  if (htmlPlan !== undefined) {
    await writePlanned(htmlPlan, renderReportHtml(report));
    io.stderr.write(`hbctl: HTML report written to ${escapeControls(htmlPlan.shownAs)}\n`);
  }
  return 0;
}

function reportFor(io: CliIo, format: Parsed['format'], report: SimReport): string {
  if (format === 'json') return serializeReport(report);
  const color = colourLevel(io.stdout, io.env) > 0;
  return formatReportText(report, { color, ...(io.stdout.columns === undefined ? {} : { width: io.stdout.columns }) });
}

/**
 * Prints findings to stderr when one is an error (or, with `warnings`, when
 * there are any: scenario warnings such as a fault after the end matter for
 * the run; configuration warnings are `hbctl validate`'s business). True when
 * one is an error.
 */
async function printFindingsOf(
  findings: readonly Finding[],
  result: CheckResult,
  io: CliIo,
  warnings: boolean,
): Promise<boolean> {
  if (findings.length === 0) return false;
  const report = buildReport(result.documents, findings, result.sources);
  const failed = hasErrors(report);
  if (!failed && !warnings) return false;
  await printFindings(io.stderr, io, 'text', report);
  if (failed) io.stderr.write('hbctl: no report: fix the errors above first\n');
  return failed;
}

export function parseOptions(opts: SimulateCliOptions): Parsed {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError(`simulate: unknown format "${opts.format}" (text or json)`);
  }
  return {
    format: opts.format,
    seed: parseSeed(opts.seed),
    compare: parseCompare(opts.compare),
    set: parseSet(opts.set),
    maxEvents: parseMaxEvents(opts.maxEvents),
  };
}

function parseMaxEvents(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/_/g, '');
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--max-events ${raw}: write a whole number of events of at least 1, e.g. 500000000`);
  }
  return Number(text);
}

function parseSeed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff) {
    throw new UsageError(`--seed ${raw}: write a whole number from 0 to 4294967295`);
  }
  return Number(text);
}

function parseCompare(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const names = raw.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--compare ${raw}: write profile names separated by commas, e.g. DEFAULT,STRICT`);
  if (names.length > MAX_VARIANTS) {
    throw new UsageError(`--compare names ${names.length} profiles; at most ${MAX_VARIANTS} runs fit in one report: drop some`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new UsageError(`--compare: ${name} is listed twice`);
    seen.add(name);
  }
  return names;
}

function parseSet(items: readonly string[]): Record<string, number[]> {
  const set: Record<string, number[]> = {};
  for (const item of items) {
    const m = /^\s*([A-Za-z]+)\s*=(.*)$/.exec(item);
    if (m === null) throw new UsageError(`--set ${item}: write field=value,value,…, e.g. heartbeatLag=30,60,90`);
    const field = m[1] as string;
    if (!SETTABLE_FIELDS.includes(field)) {
      throw new UsageError(`--set ${item}: '${field}' is not a heartbeat field; ${suggestion(field, SETTABLE_FIELDS, '')}`);
    }
    if (set[field] !== undefined) throw new UsageError(`--set: ${field} is given twice; list all its values in one --set`);
    set[field] = (m[2] as string).split(',').map((v) => parseSetValue(field, v.trim(), item));
  }
  return set;
}

function parseSetValue(field: string, value: string, item: string): number {
  if (field === 'watchdogEnabled') {
    if (value === 'true') return 1;
    if (value === 'false') return 0;
    throw new UsageError(`--set ${item}: watchdogEnabled takes true or false`);
  }
  if (field === 'supervisorNodes') {
    if (!/^\d+$/.test(value)) throw new UsageError(`--set ${item}: supervisorNodes takes whole numbers of nodes`);
    return Number(value);
  }
  const parsed = parseDuration(/^\d+$/.test(value) ? Number(value) : value);
  if (!parsed.ok) throw new UsageError(`--set ${item}: ${parsed.message}`);
  return parsed.ms;
}

/**
 * Drops the Scenario documents of every file but the `--scenario` one: they
 * are not part of this run, so a copy of a bundled scenario kept under its
 * name (or a broken scenario elsewhere) must not stop it (HB200, HB301).
 * `hbctl validate` still checks them all.
 */
function withoutOtherScenarios(loaded: LoadResult, scenarioPath: string, cwd: string): LoadResult {
  const documents = loaded.documents.filter((doc) => !isScenario(doc.data) || resolve(cwd, doc.file) === scenarioPath);
  return { ...loaded, documents };
}

function isScenario(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'Scenario';
}

/** Whether loading `path` (a file, or a directory recursively) already reads `file`. */
function covers(path: string, file: string): boolean {
  return path === file || file.startsWith(path.endsWith(sep) ? path : path + sep);
}
