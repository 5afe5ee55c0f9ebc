import { describe, expect, it } from 'vitest';
import { compileLandscape } from '../../../src/config/compiled/compile.js';
import { checkText } from '../../../src/config/pipeline.js';
import { normalizeScenario } from '../../../src/sim/scenario/normalize.js';
import { MODE_B_CMS, profileYaml, roleYaml } from '../world/sim-helpers.js';

const CONFIG = [
  profileYaml('DEFAULT', MODE_B_CMS),
  roleYaml('IC_AGENT', 'cms: CMS_MAIN'),
  roleYaml('IC_MANAGER', 'cms: CMS_MAIN'),
  `apiVersion: hbctl/v1
kind: Cms
metadata: { name: CMS_MAIN }
spec: { endpoints: [ "tcp://cms1:1", "tcp://cms2:1" ] }
`,
].join('---\n');

/** Line 1 of the scenario document is the line after CONFIG. */
function normalize(scenario: string) {
  const text = `${CONFIG}---\n${scenario}`;
  const checked = checkText(text, 'scenario.yaml');
  const offset = CONFIG.split('\n').length;
  const doc = checked.landscape.scenarios[0];
  if (doc === undefined) throw new Error(JSON.stringify(checked.findings));
  const result = normalizeScenario(doc, compileLandscape(checked.landscape));
  const findings = result.findings.map((f) => ({ rule: f.rule, severity: f.severity, line: f.line - offset, column: f.column, path: f.path, message: f.message }));
  return { ...result, findings, schemaFindings: checked.findings.filter((f) => f.file === 'scenario.yaml' && /^HB1/.test(f.rule)) };
}

const HEAD = `apiVersion: hbctl/v1
kind: Scenario
metadata: { name: s }
spec:
`;

describe('Scenario normalisation', () => {
  it('converts durations to ms, resolves shares to counts and applies the defaults', () => {
    const { scenario, findings } = normalize(`${HEAD}  duration: 1h
  agents: [ { role: IC_AGENT, count: 1000 }, { role: IC_MANAGER, count: 10 } ]
  calls: { ratePerSecond: 2, handleTime: 3m }
  network: { latency: 40ms }
  faults:
    - { at: 10m, type: browserCrash, agents: 5%, role: IC_AGENT, relogin: true }
    - { at: 20m, type: networkDelay, duration: 2m, latency: 5s }
    - { at: 30m, type: cmsOutage, cms: CMS_MAIN, endpoint: "tcp://cms2:1", duration: 1m }
`);
    expect(findings).toEqual([]);
    expect(scenario).toMatchObject({
      durationMs: 3_600_000,
      seed: null,
      totalAgents: 1010,
      calls: { ratePerSecond: 2, handleTimeMs: 180_000, ringTimeoutMs: 20_000, rerouteDelayMs: 2_000 },
      network: { latencyMs: 40, jitterMs: 20, loss: 0 },
      reloginAfterFalseLogoffMs: 60_000,
      timelineStepMs: 15_000,
    });
    expect(scenario?.faults[0]).toMatchObject({ atMs: 600_000, agents: { count: 50, role: 'IC_AGENT' }, relogin: true, reloginAfterMs: 120_000 });
    expect(scenario?.faults[1]).toMatchObject({ durationMs: 120_000, latencyMs: 5_000 });
    expect(scenario?.faults[2]).toMatchObject({ cmsSystems: ['CMS_MAIN@tcp://cms2:1'] });
  });

  it('HB300: an unknown role is reported at its position with the nearest name', () => {
    const { scenario, findings } = normalize(`${HEAD}  duration: 1h
  agents:
    - { role: IC_AGENT, count: 10 }
    - { role: IC_AGENTS, count: 10 }
`);
    expect(scenario).toBeUndefined();
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'HB300', severity: 'error', line: 8, column: 15, path: 'spec.agents.1.role' }),
    ]);
    expect(findings[0]!.message).toContain("did you mean 'IC_AGENT'?");
  });

  it('HB300: unknown fault role, CMS and endpoint', () => {
    const { findings } = normalize(`${HEAD}  duration: 1h
  agents: [ { role: IC_AGENT, count: 10 } ]
  faults:
    - { at: 1m, type: browserCrash, agents: 1, role: IC_MANAGER }
    - { at: 2m, type: cmsOutage, cms: CMS_MAINN, duration: 1m }
    - { at: 3m, type: cmsOutage, cms: CMS_MAIN, endpoint: "tcp://cms3:1", duration: 1m }
`);
    expect(findings.map((f) => [f.rule, f.line, f.path])).toEqual([
      ['HB300', 8, 'spec.faults.0.role'],
      ['HB300', 9, 'spec.faults.1.cms'],
      ['HB300', 10, 'spec.faults.2.endpoint'],
    ]);
    expect(findings[1]!.message).toContain("did you mean 'CMS_MAIN'?");
  });

  it('HB301: more agents than exist, a missing duration, a fault after the end, a field the type ignores', () => {
    const { scenario, findings } = normalize(`${HEAD}  duration: 30m
  agents: [ { role: IC_AGENT, count: 10 } ]
  faults:
    - { at: 1m, type: browserCrash, agents: 11 }
    - { at: 40m, type: browserCrash, agents: 1 }
    - { at: 2m, type: browserCrash, agents: 1, latency: 5s }
    - { at: 3m, type: workstationDrop, clients: 1 }
`);
    expect(scenario).toBeUndefined();
    expect(findings.map((f) => [f.rule, f.severity, f.line, f.path])).toEqual([
      ['HB301', 'error', 8, 'spec.faults.0.agents'],
      ['HB301', 'warning', 9, 'spec.faults.1.at'],
      ['HB301', 'warning', 10, 'spec.faults.2.latency'],
      ['HB301', 'error', 11, 'spec.faults.3.type'],
    ]);
    expect(findings[0]!.message).toContain('only 10');
  });

  it('HB301 warning only: a share that hits nobody still simulates', () => {
    const { scenario, findings } = normalize(`${HEAD}  duration: 30m
  agents: [ { role: IC_AGENT, count: 10 } ]
  faults: [ { at: 1m, type: browserCrash, agents: 1% } ]
`);
    expect(scenario?.faults[0]?.agents?.count).toBe(0);
    expect(findings).toEqual([expect.objectContaining({ rule: 'HB301', severity: 'warning', path: 'spec.faults.0.agents' })]);
  });

  it('is schema-checked like every other kind (unknown key, bad duration, missing fault fields)', () => {
    const { schemaFindings } = normalize(`${HEAD}  duration: 1hour
  agents: [ { role: IC_AGENT, count: 10 } ]
  faultz: []
`);
    expect(schemaFindings.map((f) => f.rule).sort()).toEqual(expect.arrayContaining(['HB101']));
    expect(schemaFindings.some((f) => f.path === 'spec.duration')).toBe(true);
  });
});
