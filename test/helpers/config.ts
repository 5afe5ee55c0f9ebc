import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLandscape } from '../../src/config/compiled/compile.js';
import type { CompiledConfig } from '../../src/config/compiled/types.js';
import type { LoadedDocument } from '../../src/config/document.js';
import type { Finding } from '../../src/config/finding.js';
import { parseYamlText } from '../../src/config/yaml/index.js';
import { checkLoaded, checkText, type CheckResult } from '../../src/config/pipeline.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RULE_FIXTURES = join(REPO_ROOT, 'test/fixtures/rules');
export const PROFILES_DIR = join(REPO_ROOT, 'profiles');

export { checkText };

/** The whole pipeline over several in-memory files, in the given order (file name → YAML text). */
export function checkFiles(files: Record<string, string> | readonly (readonly [string, string])[]): CheckResult {
  const entries = Array.isArray(files) ? files : Object.entries(files);
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  for (const [file, text] of entries) {
    const parsed = parseYamlText(text, file);
    documents.push(...parsed.documents);
    findings.push(...parsed.findings);
    sources.set(file, text);
  }
  return checkLoaded({ documents, findings, sources });
}

/** The YAML files of a directory (sorted, not recursive) as [repo-relative name, text]. */
export function readYamlDir(dir: string): [string, string][] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => [relative(REPO_ROOT, join(dir, f)), readFileSync(join(dir, f), 'utf8')]);
}

/** Checks one fixture file under test/fixtures/rules (e.g. `HB212/trigger.yaml`), named repo-relative. */
export function checkRuleFixture(name: string): CheckResult {
  const path = join(RULE_FIXTURES, name);
  return checkFiles([[relative(REPO_ROOT, path), readFileSync(path, 'utf8')]]);
}

/** Checks every YAML file of a fixture directory together. */
export function checkFixtureDir(dir: string): CheckResult {
  return checkFiles(readYamlDir(dir));
}

export function findingsOf(result: CheckResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

export function errorsOf(result: CheckResult): Finding[] {
  return result.findings.filter((f) => f.severity === 'error');
}

/** Compiles YAML text, failing loudly (with the findings) when it has errors. */
export function compileText(text: string, file = 'input.yaml'): CompiledConfig {
  return compileChecked(checkText(text, file));
}

export function compileChecked(result: CheckResult): CompiledConfig {
  const errors = errorsOf(result);
  if (errors.length > 0) {
    throw new Error(`fixture has errors:\n${errors.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`).join('\n')}`);
  }
  return compileLandscape(result.landscape);
}

/** Short YAML documents for table-driven tests. */
export function profileYaml(name: string, spec: Record<string, unknown>): string {
  return doc('HeartbeatProfile', name, spec);
}

export function roleYaml(name: string, spec: Record<string, unknown> = {}): string {
  return doc('BusinessRole', name, spec);
}

export function doc(kind: string, name: string, spec: Record<string, unknown>): string {
  const body = Object.entries(spec)
    .map(([k, v]) => `  ${k}: ${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`)
    .join('\n');
  return `---\napiVersion: hbctl/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:${body ? `\n${body}` : ' {}'}\n`;
}

/** What a rule test expects of one finding: its position and a fragment of its message. */
export interface ExpectedFinding {
  line: number;
  column: number;
  message: string;
}

/** A row of a rule's fixture table: the fixture file (under test/fixtures/rules/<id>/) and the findings of that rule in it. */
export type RuleCase = readonly [fixture: string, expected: readonly ExpectedFinding[]];

/**
 * Checks `fixture` and compares the findings of `rule` with `expected` (in
 * position order): rule id, severity, line, column and message fragment.
 * Fixtures named `clean*` must also be free of errors from any rule.
 */
export function expectRuleFixture(rule: string, severity: 'error' | 'warning', fixture: string, expected: readonly ExpectedFinding[]): void {
  const result = checkRuleFixture(`${rule}/${fixture}`);
  const found = findingsOf(result, rule);
  const summary = (f: Finding) => `${f.line}:${f.column} ${f.severity} ${f.message}`;
  if (found.length !== expected.length) {
    throw new Error(`expected ${expected.length} ${rule} finding(s) in ${fixture}, got ${found.length}:\n${found.map(summary).join('\n')}`);
  }
  found.forEach((f, i) => {
    const want = expected[i] as ExpectedFinding;
    const label = `${rule} #${i + 1} in ${fixture}: ${summary(f)}`;
    if (f.rule !== rule || f.severity !== severity || f.line !== want.line || f.column !== want.column || !f.message.includes(want.message)) {
      throw new Error(`${label}\n  expected ${want.line}:${want.column} ${severity} …${want.message}…`);
    }
    if (!f.file.endsWith(`${rule}/${fixture}`)) throw new Error(`${label}: reported in ${f.file}`);
  });
  if (fixture.startsWith('clean')) {
    const errors = errorsOf(result);
    if (errors.length > 0) throw new Error(`clean fixture ${rule}/${fixture} has errors:\n${errors.map((f) => `${f.rule} ${summary(f)}`).join('\n')}`);
  }
}
