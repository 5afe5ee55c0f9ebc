import { describe, expect, it } from 'vitest';
import { formatReportText } from '../../../src/cli/format/simulation-text.js';
import { METRICS } from '../../../src/sim/report/metric-info.js';
import { reportWith, runsWith, threeRuns, twoRuns } from '../../sim/report/fixtures.js';

const ANSI = /\x1b\[/;
const plain = (report = twoRuns(), width?: number) => formatReportText(report, { color: false, width });
const rowOf = (text: string, label: string) => text.split('\n').find((line) => line.startsWith(label)) ?? '';

describe('text report', () => {
  it('starts with the scenario, seed, duration, agents and how to reproduce', () => {
    const lines = plain().split('\n');
    expect(lines[0]).toBe('Scenario crash-wave');
    expect(lines[1]).toBe('seed 42 · 1h simulated · 1,000 agents · 2 runs');
    expect(lines[2]).toBe('reproduce with --seed 42');
  });

  it('has a row for every metric label and a column for every run label', () => {
    const text = plain();
    for (const m of METRICS) expect(rowOf(text, m.label), m.key).not.toBe('');
    expect(text).toContain('mode A (DEFAULT)');
    expect(text).toContain('(WATCHDOG_FAST)');
  });

  it('writes counts with thousands separators and latencies as p50 / p95 / max', () => {
    const text = plain();
    expect(rowOf(text, 'Calls offered')).toMatch(/7,214\s+7,214$/);
    expect(rowOf(text, 'Detection time')).toContain('3m41s / 4m52s / 4m59s');
    expect(rowOf(text, 'Caller wait added')).toContain('32m35s');
    expect(rowOf(text, 'CMS outage detection')).toContain('—');
  });

  it('flags the best run per metric with *, and nothing where all runs are equal', () => {
    const text = plain();
    expect(rowOf(text, 'Calls misrouted')).toMatch(/61\s+4 \*$/);
    expect(rowOf(text, 'False log-offs')).toMatch(/0 \*\s+1$/);
    expect(rowOf(text, 'TPESYSTEM failures')).not.toContain('*');
    expect(rowOf(text, 'CMS pings')).not.toContain('*');
  });

  it('flags every tied run', () => {
    const text = plain(reportWith(runsWith([{ falseLogoffs: 0 }, { falseLogoffs: 5 }, { falseLogoffs: 0 }])));
    expect(rowOf(text, 'False log-offs')).toMatch(/^False log-offs\s+0 \*\s+5\s+0 \*$/);
  });

  it('flags nothing for a single run', () => {
    const report = twoRuns();
    report.runs.splice(1);
    const text = plain(report);
    expect(text).not.toMatch(/ \*/);
    expect(text).toContain('1 run');
  });

  it('has no ANSI codes without colour, and bold green best values with colour', () => {
    expect(plain()).not.toMatch(ANSI);
    const colored = formatReportText(twoRuns(), { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\x1b[1m\x1b[32m4 *\x1b[39m\x1b[22m');
    expect(colored.replace(/\x1b\[\d+m/g, '')).toBe(plain());
  });

  it('keeps every line within 80 columns with three runs and long labels', () => {
    const text = plain(threeRuns(), 80);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(rowOf(text, 'Detection time')).toMatch(/p50 3m41s\s+p50 1m58s\s+p50 1m01s \*$/);
    expect(text).toMatch(/\n\s+p95 4m52s\s+p95 2m27s\s+p95 1m28s\n/);
  });

  it('keeps latencies on one line when the width allows', () => {
    const text = plain(threeRuns(), 140);
    expect(rowOf(text, 'Detection time')).toContain('1m01s / 1m28s / 1m29s *');
  });

  it('lists per run the fault outcomes and the resolved settings per role', () => {
    const text = plain();
    expect(text).toContain('Run 2: mode B + CMS check (WATCHDOG_FAST)');
    expect(text).toContain('#1 browserCrash at 10m: 50 affected; 50 logged off, 0 still logged in, 58');
    expect(text).toContain('#4 cmsOutage at 40m: 1 affected; never detected, 0 agents told\n');
    expect(text).toContain('#4 cmsOutage at 40m: 1 affected; detected after 41s, 947 agents told\n');
    expect(text).toContain('#5 workstationDrop at 50m: 10 affected; 10 entries cleaned, 0 TPESYSTEM');
    expect(text).toContain('IC_AGENT: mode A, ping 30s, heartbeatLag 2m30s');
    expect(text).toMatch(/IC_AGENT: mode B\+CMS, ping 30s, watchdog sleep 1m, watchdog lag 1m30s, CMS\n\s+ping 30s/);
    expect(text).toContain('overrides\n    cmsPingInterval=30000');
  });

  it('lists the messages the engines logged under the run', () => {
    expect(plain()).toMatch(/  notes:\n    WSL_SERIAL: keep-alive \(-K both\) not applied: device \/dev\/serial is not TCP;\n      processing continues\n/);
  });

  it('is the same text for the same report', () => {
    expect(plain()).toBe(plain());
  });
});
