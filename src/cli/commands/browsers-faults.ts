import { Random, sampleIndices, subSeed } from '../../sim/random.js';

export interface FaultPlan {
  /** null: every browser. */
  crashCount: number | null;
  crashAfterMs: number | null;
  freezeCount: number | null;
  freezeAfterMs: number | null;
}

/**
 * The browsers each fault hits, drawn as the simulator draws a scenario's
 * victims (src/sim/faults.ts): the crash is the scenario's fault 0 and the
 * freeze its fault 1, each from its own stream `fault.<index>` of the seed,
 * among the browsers neither crashed nor frozen at that moment. So
 * `--crash-count 2 --seed 7` crashes the same agents as a scenario whose
 * first fault is `browserCrash` of 2 agents, run with seed 7.
 */
export function drawVictims(count: number, plan: FaultPlan, seed: number): { crash: number[]; freeze: number[] } {
  const crash = plan.crashAfterMs === null ? [] : pick(allBrowsers(count), plan.crashCount, new Random(subSeed(seed, 'fault.0')));
  if (plan.freezeAfterMs === null) return { crash, freeze: [] };
  const crashedFirst = plan.crashAfterMs !== null && plan.crashAfterMs <= plan.freezeAfterMs;
  const dead = new Set(crashedFirst ? crash : []);
  const live = allBrowsers(count).filter((i) => !dead.has(i));
  return { crash, freeze: pick(live, plan.freezeCount, new Random(subSeed(seed, 'fault.1'))) };
}

function allBrowsers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function pick(pool: readonly number[], k: number | null, random: Random): number[] {
  if (k === null) return [...pool];
  return sampleIndices(pool.length, k, random).map((rank) => pool[rank]!);
}
