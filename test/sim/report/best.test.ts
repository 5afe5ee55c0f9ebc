import { describe, expect, it } from 'vitest';
import { bestRuns } from '../../../src/sim/report/best.js';
import { metricInfo } from '../../../src/sim/report/metric-info.js';
import { NO_SAMPLES, latency, runsWith } from './fixtures.js';

describe('best run per metric', () => {
  it('flags the lowest value where lower is better', () => {
    expect(bestRuns(runsWith([{ callsMisrouted: 61 }, { callsMisrouted: 4 }, { callsMisrouted: 9 }]), metricInfo('callsMisrouted'))).toEqual([1]);
  });

  it('flags the highest value where higher is better', () => {
    expect(bestRuns(runsWith([{ callsDelivered: 7103 }, { callsDelivered: 7210 }]), metricInfo('callsDelivered'))).toEqual([1]);
  });

  it('flags every tied best run', () => {
    const runs = runsWith([{ falseLogoffs: 0 }, { falseLogoffs: 3 }, { falseLogoffs: 0 }]);
    expect(bestRuns(runs, metricInfo('falseLogoffs'))).toEqual([0, 2]);
  });

  it('flags nothing when all runs are equal', () => {
    expect(bestRuns(runsWith([{ falseLogoffs: 2 }, { falseLogoffs: 2 }]), metricInfo('falseLogoffs'))).toEqual([]);
  });

  it('flags nothing for a single run', () => {
    expect(bestRuns(runsWith([{ falseLogoffs: 2 }]), metricInfo('falseLogoffs'))).toEqual([]);
  });

  it('never flags metrics without a better direction', () => {
    expect(bestRuns(runsWith([{ cmsPings: 0 }, { cmsPings: 236 }]), metricInfo('cmsPings'))).toEqual([]);
  });

  it('ranks latencies by p95, then max', () => {
    const runs = runsWith([
      { detectionMs: latency(10_000, 150_000, 151_000) },
      { detectionMs: latency(90_000, 120_000, 149_000) },
      { detectionMs: latency(80_000, 120_000, 140_000) },
    ]);
    expect(bestRuns(runs, metricInfo('detectionMs'))).toEqual([2]);
  });

  it('does not flag a latency with no samples, and flags none when no run has samples', () => {
    const info = metricInfo('cmsOutageDetectionMs');
    expect(bestRuns(runsWith([{ cmsOutageDetectionMs: NO_SAMPLES }, { cmsOutageDetectionMs: latency(41_000, 41_000, 41_000) }]), info)).toEqual([1]);
    expect(bestRuns(runsWith([{ cmsOutageDetectionMs: NO_SAMPLES }, { cmsOutageDetectionMs: NO_SAMPLES }]), info)).toEqual([]);
  });
});
