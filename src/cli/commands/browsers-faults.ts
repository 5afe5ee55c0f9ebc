import { Random, sampleIndices, subSeed } from '../../sim/world/index.js';

export interface FaultPlan {
  /** null: every browser. */
  crashCount: number | null;
  crashAfterMs: number | null;
  freezeCount: number | null;
  freezeAfterMs: number | null;
  freezeForMs: number;
}

/**
 * The browsers each fault hits, drawn as the simulator draws a scenario's
 * victims (src/sim/world/faults.ts): the crash is the scenario's fault 0 and the
 * freeze its fault 1, each from its own stream `fault.<index>` of the seed,
 * among the browsers neither crashed nor frozen at that moment (at equal
 * times the crash comes first, as fault 0 does). So `--crash-count 2 --seed 7`
 * crashes the same agents as a scenario whose first fault is a
 * `browserCrash` of 2 agents, run with seed 7.
 */
export function drawVictims(count: number, plan: FaultPlan, seed: number): { crash: number[]; freeze: number[] } {
  const crashDraw = new Random(subSeed(seed, 'fault.0'));
  const freezeDraw = new Random(subSeed(seed, 'fault.1'));
  const { crashAfterMs, freezeAfterMs } = plan;
  if (crashAfterMs === null) return { crash: [], freeze: freezeAfterMs === null ? [] : pick(allBrowsers(count), plan.freezeCount, freezeDraw) };
  if (freezeAfterMs === null) return { crash: pick(allBrowsers(count), plan.crashCount, crashDraw), freeze: [] };
  if (crashAfterMs <= freezeAfterMs) {
    const crash = pick(allBrowsers(count), plan.crashCount, crashDraw);
    return { crash, freeze: pick(without(count, crash), plan.freezeCount, freezeDraw) };
  }
  const freeze = pick(allBrowsers(count), plan.freezeCount, freezeDraw);
  const stillFrozen = crashAfterMs < freezeAfterMs + plan.freezeForMs;
  return { crash: pick(stillFrozen ? without(count, freeze) : allBrowsers(count), plan.crashCount, crashDraw), freeze };
}

function allBrowsers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function without(count: number, taken: readonly number[]): number[] {
  const skip = new Set(taken);
  return allBrowsers(count).filter((i) => !skip.has(i));
}

function pick(pool: readonly number[], k: number | null, random: Random): number[] {
  if (k === null) return [...pool];
  return sampleIndices(pool.length, k, random).map((rank) => pool[rank]!);
}
