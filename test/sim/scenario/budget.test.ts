import { describe, expect, it } from 'vitest';
import { compileLandscape } from '../../../src/config/compiled/compile.js';
import { loadPaths } from '../../../src/config/yaml/index.js';
import { checkLoaded } from '../../../src/config/pipeline.js';
import { RULES } from '../../../src/config/rules/index.js';
import { BudgetError, checkBudget, DEFAULT_MAX_EVENTS, MAX_REPORT_CHARS, type BudgetExcess } from '../../../src/sim/scenario/budget.js';
import { runScenario } from '../../../src/sim/world/run.js';
import { normalizeScenario } from '../../../src/sim/scenario/normalize.js';
import { ClockLimitError } from '../../../src/sim/world/virtual-clock.js';
import { configuredRun, estimateWork } from '../../../src/sim/scenario/work-estimate.js';
import { MODE_A, MODE_B, MODE_B_CMS, oneRole, prepare, profileYaml, roleYaml, run, scenarioYaml, variantsOf, type Prepared } from '../world/sim-helpers.js';

const EVERY_SECOND = 'browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 1, heartbeatWatchdogLag: 150';

/** The excess `simulate` refuses with, or null when it runs. */
function refusal(p: Prepared, maxEvents?: number): BudgetExcess | null {
  try {
    run(p, maxEvents === undefined ? {} : { maxEvents });
    return null;
  } catch (err) {
    if (err instanceof BudgetError) return err.excess;
    throw err;
  }
}

describe('simulate refuses work it cannot finish, before running', () => {
  it.each([
    ['a year of 1,000,000 watchdogs waking every second', EVERY_SECOND, 'duration: 8760h\nagents: [ { role: AGENT, count: 1000000 } ]', ['spec', 'agents', 0, 'count'], /about 31,536,00\d,\d{3},\d{3} events.*1,000,000 AGENT watchdogs waking every 1s.*budget is 100,000,000 events/],
    ['10,000 calls a second for a year', MODE_A, 'duration: 8760h\nagents: [ { role: AGENT, count: 1000000 } ]\ncalls: { ratePerSecond: 10000, handleTime: 1m }', ['spec', 'calls', 'ratePerSecond'], /about 630,72\d,\d{3},\d{3} events.*calls/],
    ['10,000 calls a second that 10 agents cannot answer', MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 10 } ]\ncalls: { ratePerSecond: 10000, handleTime: 3m }', ['spec', 'calls', 'ratePerSecond'], /about 35,99\d,\d{3} would be waiting.*at most 1,000,000/],
    ['a timeline sample every second for a year', MODE_A, 'duration: 8760h\ntimelineStep: 1s\nagents: [ { role: AGENT, count: 1 } ]', ['spec', 'timelineStep'], /31,536,001 timeline samples.*timers waiting at once; the simulator holds at most 16,777,216/],
    ['a report too big for one string', MODE_A, 'duration: 8760h\ntimelineStep: 10s\nagents: [ { role: AGENT, count: 100 } ]', ['spec', 'timelineStep'], /3,153,601 timeline samples make a report of about [\d,]+ characters; at most 268,435,456 fit/],
  ])('%s', (_name, profile, spec, path, message) => {
    const started = performance.now();
    const excess = refusal(oneRole(profile, spec));
    expect(excess?.path).toEqual(path);
    expect(excess?.message).toMatch(message);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('--max-events lowers the budget: a run over it is refused with the estimate and the budget', () => {
    const p = oneRole(MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 100 } ]');
    expect(refusal(p)).toBeNull();
    expect(refusal(p, 1000)?.message).toMatch(/about 3,\d{3} events.*the budget is 1,000 events.*--max-events/);
  });

  it('--max-events raises the budget: a run refused under half its estimate runs under the whole of it', () => {
    const p = oneRole(MODE_B, 'duration: 24h\nagents: [ { role: AGENT, count: 1000 } ]\ntimelineStep: 1s');
    const events = estimateWork(p.scenario, [configuredRun(p.compiled, p.scenario)]).events;
    expect(refusal(p, Math.floor(events / 2))).not.toBeNull();
    expect(refusal(p, Math.ceil(events))).toBeNull();
  });

  it('counts every run of a comparison against one budget', () => {
    const p = oneRole(MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 100 } ]');
    const one = estimateWork(p.scenario, [configuredRun(p.compiled, p.scenario)]).events;
    const set = { watchdogSleepTime: [120_000, 60_000, 30_000] };
    expect(refusal(p, Math.ceil(one * 2))).toBeNull();
    expect(() => run(p, { maxEvents: Math.ceil(one * 2), set })).toThrow(/over 3 runs/);
  });

  it('stops a run that goes past the budget with a ClockLimitError, not a plain error', () => {
    const p = oneRole(MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 100 } ]');
    const [variant] = variantsOf(p.landscape, p.compiled, p.scenario);
    const input = { compiled: variant!.compiled, scenario: p.scenario, seed: 1 };
    expect(() => runScenario({ ...input, eventLimit: 500 })).toThrow(ClockLimitError);
    expect(runScenario({ ...input, eventLimit: 1_000_000 }).events).toBeLessThan(1_000_000);
  });

  it('leaves the report limit to the string length, not to --max-events', () => {
    const p = oneRole(MODE_A, 'duration: 8760h\ntimelineStep: 10s\nagents: [ { role: AGENT, count: 100 } ]');
    const e = estimateWork(p.scenario, [configuredRun(p.compiled, p.scenario)]);
    expect(e.reportChars).toBeGreaterThan(MAX_REPORT_CHARS);
    expect(checkBudget(e, Number.MAX_SAFE_INTEGER)?.message).toMatch(/report/);
  });
});

describe('HB302', () => {
  it('is in the rule catalogue beside HB300 and HB301 (for SARIF and the docs)', () => {
    expect(RULES.find((r) => r.id === 'HB302')).toMatchObject({ name: 'simulation-too-large', severity: 'error' });
  });
});

describe('the default budget', () => {
  it('runs every bundled scenario, compared across every bundled profile', async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    const result = checkLoaded(await loadPaths(['profiles'], { cwd: root }));
    const compiled = compileLandscape(result.landscape);
    const profiles = result.landscape.heartbeatProfiles.map((h) => h.name);
    expect(result.landscape.scenarios.length).toBeGreaterThanOrEqual(5);
    for (const doc of result.landscape.scenarios) {
      const { scenario } = normalizeScenario(doc, compiled);
      const variants = variantsOf(result.landscape, compiled, scenario!, profiles);
      expect(checkBudget(estimateWork(scenario!, variants)), doc.name).toBeNull();
    }
  });

  const calls = 'calls: { ratePerSecond: 2, handleTime: 3m }';
  it.each([
    ['the bench: 1,000,000 agents × 1 h in mode B with the CMS check and 2 calls/s', ['AGENT'], `agents: [ { role: AGENT, count: 1000000 } ]`],
    ['the most agents a scenario may have (2 roles × 1,000,000) × 1 h', ['A', 'B'], `agents: [ { role: A, count: 1000000 }, { role: B, count: 1000000 } ]`],
  ])('runs %s', (_name, roles, agents) => {
    const p = prepare(profileYaml('DEFAULT', MODE_B_CMS), ...roles.map((r) => roleYaml(r)), scenarioYaml(`duration: 1h\n${agents}\n${calls}`));
    const e = estimateWork(p.scenario, [configuredRun(p.compiled, p.scenario)]);
    expect(checkBudget(e)).toBeNull();
    expect(e.events).toBeLessThan(DEFAULT_MAX_EVENTS);
  });
});
