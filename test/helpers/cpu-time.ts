/**
 * The CPU time `run` takes in this process, in ms. Tests that compare the
 * cost of two input sizes use it rather than wall time: other processes on a
 * busy machine stretch wall time, not the CPU time this process spends.
 */
export function cpuMs<T>(run: () => T): { ms: number; result: T } {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

/** The smallest CPU time of a few runs: scheduling and GC only ever add time. */
export function bestCpuMs(run: () => unknown, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, cpuMs(run).ms);
  return best;
}
