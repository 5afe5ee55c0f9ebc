import type { LoadedDocument, LoadResult } from './document.js';
import { appendAll, sortFindings, type Finding } from './finding.js';
import { loadPaths, normalizeLineBreaks, parseYamlText } from './yaml/index.js';
import type { Landscape } from './model.js';
import { runRules } from './rules/index.js';
import { normalize, validateDocument } from './schema/index.js';

/** Everything `validate`, `compile`, `explain` and `simulate` need from the input files. */
export interface CheckResult {
  documents: LoadedDocument[];
  landscape: Landscape;
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  sources: Map<string, string>;
}

/**
 * A check of the whole landscape that runs after the rules and lives outside
 * src/config (which imports nothing beyond itself): the CLI passes the
 * Scenario check of src/sim. `hasSchemaErrors(doc)` tells whether a document
 * already has schema error findings, which a later check would only repeat.
 */
export type LandscapeCheck = (landscape: Landscape, hasSchemaErrors: (doc: LoadedDocument) => boolean) => readonly Finding[];

/** load → schema → normalise → rules → `checks`. Throws `IoError` only for unreadable input. */
export async function checkPaths(
  paths: readonly string[],
  opts: { cwd: string; checks?: readonly LandscapeCheck[] },
): Promise<CheckResult> {
  return checkLoaded(await loadPaths(paths, opts), opts.checks);
}

/** The pure part of the pipeline, after the files are read. */
export function checkLoaded(loaded: LoadResult, checks: readonly LandscapeCheck[] = []): CheckResult {
  const findings: Finding[] = [...loaded.findings];
  const schemaInvalid = new Set<LoadedDocument>();
  for (const doc of loaded.documents) {
    const schemaFindings = validateDocument(doc);
    if (schemaFindings.some((f) => f.severity === 'error')) schemaInvalid.add(doc);
    appendAll(findings, schemaFindings);
  }
  const normalized = normalize(loaded.documents);
  appendAll(findings, normalized.findings);
  appendAll(findings, runRules(normalized.landscape));
  for (const check of checks) appendAll(findings, check(normalized.landscape, (doc) => schemaInvalid.has(doc)));
  return {
    documents: loaded.documents,
    landscape: normalized.landscape,
    findings: sortFindings(dedupe(findings)),
    sources: loaded.sources,
  };
}

/** The whole pipeline on one YAML text (tests, editors). */
export function checkText(text: string, file = 'input.yaml'): CheckResult {
  const parsed = parseYamlText(text, file);
  // The source as parsed, every line break made LF, so that excerpts show the lines the findings name.
  return checkLoaded({ ...parsed, sources: new Map([[file, normalizeLineBreaks(text)]]) });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.rule}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
