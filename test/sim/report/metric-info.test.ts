import { describe, expect, it } from 'vitest';
import { METRICS, metricInfo } from '../../../src/sim/report/metric-info.js';
import { twoRuns } from './fixtures.js';

describe('metric info', () => {
  const metrics: Record<string, unknown> = { ...twoRuns().runs[0]!.metrics };

  it('has exactly one entry per key of SimMetrics, in a fixed order', () => {
    const keys = METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(metrics).sort());
    expect(keys[0]).toBe('callsOffered');
    expect(keys.indexOf('callsMisrouted')).toBeLessThan(keys.indexOf('detectionMs'));
  });

  it('marks exactly the latency summaries with unit latency', () => {
    for (const m of METRICS) {
      expect(m.unit === 'latency', m.key).toBe(typeof metrics[m.key] === 'object');
    }
  });

  it('gives every metric a label and a description', () => {
    for (const m of METRICS) {
      expect(m.label.length, m.key).toBeGreaterThan(0);
      expect(m.label.length, m.key).toBeLessThanOrEqual(22);
      expect(m.description.length, m.key).toBeGreaterThan(20);
    }
  });

  it('documents a misrouted call as delivered to a browser that cannot present it: crashed, or frozen (SPEC §5)', () => {
    expect(metricInfo('callsMisrouted').description).toMatch(/could not present them \(crashed, or frozen at that moment/);
    expect(metricInfo('callsMisrouted').better).toBe('lower');
  });

  it('documents every cause of a TPESYSTEM failure the workstation engine counts, not only client probing', () => {
    const description = metricInfo('tpesystemFailures').description;
    expect(description).toMatch(/network was down \(any -K\)/);
    expect(description).toMatch(/-K client\/both/);
    expect(description).toMatch(/handler cleaned the entry/);
  });

  it('never flags the traffic itself or pure costs as best', () => {
    expect(metricInfo('callsOffered').better).toBe('none');
    expect(metricInfo('cmsPings').better).toBe('none');
    expect(metricInfo('keepAliveMessages').better).toBe('none');
  });
});
