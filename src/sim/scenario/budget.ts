import { findingAt, type LoadedDocument, type YamlPath } from '../../config/document.js';
import type { Finding } from '../../config/finding.js';
import { MAX_PENDING_TIMERS, type ClockLimitError } from '../world/virtual-clock.js';
import { count, type WorkEstimate, type WorkTerm } from './work-estimate.js';

export const HB302 = 'HB302';

// HB302 is described with every other rule in src/config/rules/info.ts.

/**
 * Events all runs of one `simulate` may process together unless --max-events
 * says otherwise: a minute or two of wall time at the simulator's 1–2 M
 * events/s, and room for the bench's 1,000,000 agents × 1 h (30 M events)
 * and for the largest scenario (2,000,000 agents × 1 h in mode B, 60 M).
 */
export const DEFAULT_MAX_EVENTS = 100_000_000;

/**
 * The JSON report is built as one string, and V8 caps a string at 2^29 − 24
 * characters; the timeline arrays behind it take as much memory again. Half
 * the cap leaves room for the estimate's error.
 */
export const MAX_REPORT_CHARS = 2 ** 28;

/** Waiting calls held in memory at once (about 50 bytes each). */
export const MAX_WAITING_CALLS = 1_000_000;

/** Why a simulation is refused: the scenario field to point at, and a message stating the estimate and the limit. */
export interface BudgetExcess {
  path: YamlPath;
  message: string;
}

/** Thrown by `simulate` instead of starting (or finishing) a run that is over its budget; the CLI reports it as HB302. */
export class BudgetError extends Error {
  override name = 'BudgetError';
  constructor(readonly excess: BudgetExcess) {
    super(excess.message);
  }
}

/**
 * The first limit the estimate breaks, or null. The event budget is the only
 * one `maxEvents` moves: the others are what one process can hold.
 */
export function checkBudget(estimate: WorkEstimate, maxEvents: number = DEFAULT_MAX_EVENTS): BudgetExcess | null {
  const runs = estimate.runs > 1 ? ` over ${estimate.runs} runs` : '';
  if (estimate.pendingTimers > MAX_PENDING_TIMERS) {
    const top = estimate.pendingTerms[0] as WorkTerm;
    return {
      path: top.path,
      message:
        `simulation too large: ${top.what} need about ${count(estimate.pendingTimers)} timers waiting at once; ` +
        `the simulator holds at most ${count(MAX_PENDING_TIMERS)}`,
    };
  }
  if (estimate.reportChars > MAX_REPORT_CHARS) {
    const top = estimate.terms.find((t) => t.what.includes('timeline samples'));
    return {
      path: top?.path ?? ['spec', 'timelineStep'],
      message:
        `simulation too large: ${count(estimate.timelineSamples)} timeline samples${runs} make a report of about ` +
        `${count(estimate.reportChars)} characters; at most ${count(MAX_REPORT_CHARS)} fit: set a longer spec.timelineStep`,
    };
  }
  if (estimate.waitingCalls > MAX_WAITING_CALLS) {
    return {
      path: ['spec', 'calls', 'ratePerSecond'],
      message:
        `simulation too large: calls arrive faster than the agents can answer them, so about ${count(estimate.waitingCalls)} ` +
        `would be waiting by the end; at most ${count(MAX_WAITING_CALLS)} fit: lower ratePerSecond or handleTime, add agents or shorten spec.duration`,
    };
  }
  if (estimate.events > maxEvents) {
    const top = estimate.terms[0] as WorkTerm;
    return {
      path: top.path,
      message:
        `simulation too large: about ${count(estimate.events)} events${runs}, most of them from ${top.what} ` +
        `(${count(top.events)}); the budget is ${count(maxEvents)} events: shorten spec.duration, make the run smaller, ` +
        'or raise the budget with --max-events',
    };
  }
  return null;
}

/**
 * What a run's hard stop says: the estimate let it start, but the clock then
 * ran past the budget or held more timers than it can.
 */
export function stoppedExcess(err: ClockLimitError, maxEvents: number, estimate: WorkEstimate): BudgetExcess {
  if (err.limit === 'calls') {
    return {
      path: ['spec', 'calls', 'ratePerSecond'],
      message:
        `simulation stopped: more than ${count(MAX_WAITING_CALLS)} calls were waiting for a free agent (dead browsers and outages keep agents from answering), ` +
        'more than the simulator holds: lower ratePerSecond, add agents or shorten spec.duration',
    };
  }
  if (err.limit !== 'events') {
    return {
      path: ['spec'],
      message: `simulation stopped: more than ${count(MAX_PENDING_TIMERS)} timers were waiting at once, more than the simulator holds; make the run smaller`,
    };
  }
  return {
    path: ['spec'],
    message:
      `simulation stopped: it went past the budget of ${count(maxEvents)} events (about ${count(estimate.events)} were estimated); ` +
      'raise the budget with --max-events or make the run smaller',
  };
}

/**
 * The HB302 finding for `excess`, at the node its path names or, when the
 * scenario leaves that field out (a default), at the nearest field it has.
 */
export function budgetFinding(doc: LoadedDocument, excess: BudgetExcess): Finding {
  return findingAt(doc, presentPart(doc.data, excess.path), HB302, 'error', excess.message);
}

function presentPart(data: unknown, path: YamlPath): YamlPath {
  let node = data;
  let depth = 0;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) break;
    node = (node as Record<string | number, unknown>)[key];
    depth++;
  }
  return path.slice(0, depth);
}
