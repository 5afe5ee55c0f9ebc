import type { CompiledConfig } from '../config/compiled/index.js';
import { compileLandscape } from '../config/compiled/index.js';
import type { Landscape } from '../config/model.js';
import { BudgetError, checkBudget, DEFAULT_MAX_EVENTS, stoppedExcess } from './scenario/budget.js';
import type { SimReport, SimRun } from './report/types.js';
import { runScenario, type RunInput, type RunResult } from './world/run.js';
import { SCENARIO_DEFAULTS, type Scenario } from './scenario/types.js';
import { buildVariants, isSimProblem, type SimProblem } from './variants.js';
import { ClockLimitError } from './world/virtual-clock.js';
import { estimateWork, type WorkEstimate } from './scenario/work-estimate.js';
import type { RunTrace } from './world/world.js';

export interface SimulateInput {
  /** The configuration (its heartbeat profiles are what --compare names). */
  landscape: Landscape;
  /** The landscape compiled, when the caller has it already (otherwise simulate compiles it, once). */
  compiled?: CompiledConfig;
  scenario: Scenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Heartbeat profile names to run side by side. */
  compare?: string[];
  /** Variants of the roles' profiles: field → values (durations in ms; watchdogEnabled 0/1). */
  set?: Record<string, number[]>;
  /** Events all runs together may process (default DEFAULT_MAX_EVENTS). */
  maxEvents?: number;
  /** Progress over all runs together. */
  onProgress?: (doneMs: number, totalMs: number) => void;
  /** Observation hooks (tests); called for every run with its index. */
  trace?: (runIndex: number) => RunTrace;
}

/**
 * Runs the scenario once per variant on the same seed (so on the same call
 * traffic and the same faults) and returns the report. Pure: the same input
 * gives the same report, byte for byte once serialised. Returns a problem for
 * bad compare/set values; throws BudgetError, before running, when the estimated
 * work is over the budget (or, should the estimate fall short, when a run
 * goes past it); call only with a landscape free of error findings.
 */
export function simulate(input: SimulateInput): SimReport | SimProblem {
  const { landscape, scenario } = input;
  const seed = input.seed ?? scenario.seed ?? SCENARIO_DEFAULTS.seed;
  const compiled = input.compiled ?? compileLandscape(landscape);
  const variants = buildVariants(landscape, compiled, scenario, input.compare, input.set);
  if (isSimProblem(variants)) return variants;
  const maxEvents = input.maxEvents ?? DEFAULT_MAX_EVENTS;
  const estimate = estimateWork(scenario, variants);
  const excess = checkBudget(estimate, maxEvents);
  if (excess !== null) throw new BudgetError(excess);
  const totalMs = scenario.durationMs * variants.length;
  let eventsLeft = maxEvents;
  const runs: SimRun[] = variants.map((variant, i) => {
    const result: RunResult = runWithin(estimate, maxEvents, {
      compiled: variant.compiled,
      scenario: variant.supervisors === undefined ? scenario : { ...scenario, supervisors: variant.supervisors },
      seed,
      eventLimit: eventsLeft,
      ...(input.trace === undefined ? {} : { trace: input.trace(i) }),
      ...(input.onProgress === undefined ? {} : { onProgress: (doneMs: number) => input.onProgress?.(i * scenario.durationMs + doneMs, totalMs) }),
    });
    eventsLeft -= result.events;
    const run: SimRun = {
      label: variant.label,
      profile: variant.profile,
      settings: variant.reportSettings,
      metrics: result.metrics,
      faults: result.faults,
      timeline: result.timeline,
      events: result.events,
    };
    if (result.supervisors !== undefined) run.supervisors = result.supervisors;
    if (result.notes.length > 0) run.notes = result.notes;
    return run;
  });
  return { scenario: scenario.name, seed, durationMs: scenario.durationMs, agents: scenario.totalAgents, runs };
}

function runWithin(estimate: WorkEstimate, maxEvents: number, input: RunInput): RunResult {
  try {
    return runScenario(input);
  } catch (err) {
    if (err instanceof ClockLimitError) throw new BudgetError(stoppedExcess(err, maxEvents, estimate));
    throw err;
  }
}

/** The report as JSON: 2-space indent, trailing newline; key order is fixed by construction. */
export function serializeReport(report: SimReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export { isSimProblem, type SimProblem };
export type { Scenario };
