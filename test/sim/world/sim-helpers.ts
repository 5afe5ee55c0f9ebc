import { compileLandscape } from '../../../src/config/compiled/compile.js';
import type { CompiledConfig } from '../../../src/config/compiled/types.js';
import type { Finding } from '../../../src/config/finding.js';
import type { Landscape } from '../../../src/config/model.js';
import { checkText } from '../../../src/config/pipeline.js';
import type { SimReport } from '../../../src/sim/report/types.js';
import { normalizeScenario } from '../../../src/sim/scenario/normalize.js';
import type { Scenario } from '../../../src/sim/scenario/types.js';
import { isSimProblem, simulate, type SimProblem, type SimulateInput } from '../../../src/sim/simulate.js';
import { buildVariants, type Variant } from '../../../src/sim/variants.js';

/** A heartbeat profile document (the only one of its role), spec fields as YAML flow text. */
export function profileYaml(name: string, spec: string): string {
  return `apiVersion: hbctl/v1
kind: HeartbeatProfile
metadata: { name: ${name} }
spec: { ${spec} }
`;
}

export function roleYaml(name: string, spec = ''): string {
  return `apiVersion: hbctl/v1
kind: BusinessRole
metadata: { name: ${name} }
spec: { ${spec} }
`;
}

export function scenarioYaml(spec: string, name = 'test'): string {
  return `apiVersion: hbctl/v1
kind: Scenario
metadata: { name: ${name} }
spec:
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

export const MODE_B = 'browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 120, heartbeatWatchdogLag: 150';
export const MODE_B_CMS = `${MODE_B}, cmsPingInterval: 60`;
export const MODE_A = 'browserPingInterval: 30, heartbeatLag: 150';

export interface Prepared {
  landscape: Landscape;
  compiled: CompiledConfig;
  scenario: Scenario;
  findings: Finding[];
}

/** Checks the documents (no error findings allowed) and normalises the first scenario. */
export function prepare(...docs: string[]): Prepared {
  const checked = checkText(docs.join('---\n'), 'test.yaml');
  const errors = checked.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(`invalid test input: ${JSON.stringify(errors, null, 2)}`);
  const compiled = compileLandscape(checked.landscape);
  const doc = checked.landscape.scenarios[0];
  if (doc === undefined) throw new Error('no scenario');
  const { scenario, findings } = normalizeScenario(doc, compiled);
  if (scenario === undefined) throw new Error(`invalid scenario: ${JSON.stringify(findings, null, 2)}`);
  return { landscape: checked.landscape, compiled, scenario, findings };
}

/** The report, or the problem `simulate` returns for a bad request (unknown profile, bad --set value, too many runs). */
export function outcome(p: Prepared, extra: Partial<SimulateInput> = {}): SimReport | SimProblem {
  return simulate({ landscape: p.landscape, scenario: p.scenario, ...extra });
}

/** The report of a request that must run. */
export function run(p: Prepared, extra: Partial<SimulateInput> = {}): SimReport {
  const result = outcome(p, extra);
  if (isSimProblem(result)) throw new Error(`simulate returned a problem: ${result.problem}`);
  return result;
}

/** The variants of a request that must be valid. */
export function variantsOf(...args: Parameters<typeof buildVariants>): Variant[] {
  const result = buildVariants(...args);
  if (isSimProblem(result)) throw new Error(`buildVariants returned a problem: ${result.problem}`);
  return result;
}

/** One role AGENT with the given profile as DEFAULT, and the scenario. */
export function oneRole(profileSpec: string, scenarioSpec: string, extraDocs: string[] = []): Prepared {
  return prepare(profileYaml('DEFAULT', profileSpec), roleYaml('AGENT'), ...extraDocs, scenarioYaml(scenarioSpec));
}
