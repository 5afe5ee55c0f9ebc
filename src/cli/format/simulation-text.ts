import { Chalk } from 'chalk';
import { escapeControls as esc } from './escape.js';
import {
  describeFault,
  describeProfile,
  describeSettings,
  describeSupervisors,
  reportSubtitle,
  summaryRows,
  supervisorRows,
  wrapIndented,
  type SimReport,
  type SimRun,
} from '../../sim/report/index.js';
import { layoutTable, type TableStyle } from './simulation-text-table.js';

export interface TextReportOptions {
  color: boolean;
  /** Terminal width; 80 when unknown. */
  width?: number;
}

const DEFAULT_WIDTH = 80;

/**
 * The human report of `hbctl simulate`: header, summary table (best run per
 * metric flagged), then each run's faults and settings. Scenario, role,
 * profile and fault names come from the input: they are escaped (escape.ts)
 * before lines are wrapped, so widths count what is shown.
 */
export function formatReportText(report: SimReport, opts: TextReportOptions): string {
  const width = Math.max(40, opts.width ?? DEFAULT_WIDTH);
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const style: TableStyle = { best: (t) => chalk.bold.green(t), heading: (t) => chalk.bold(t) };

  const lines = [
    chalk.bold(`Scenario ${esc(report.scenario)}`),
    ...wrapIndented(reportSubtitle(report), width, ''),
    `reproduce with --seed ${report.seed}`,
    '',
    ...layoutTable(summaryRows(report), report.runs.map((r) => esc(r.label)), width, style),
    '',
    ...legend(report, width),
  ];
  const nodes = supervisorRows(report);
  if (nodes.length > 0) lines.push('', chalk.bold('Supervisor nodes'), ...layoutTable(nodes, report.runs.map((r) => esc(r.label)), width, style));
  report.runs.forEach((run, i) => lines.push('', ...runSection(run, i, width, (t) => chalk.bold(t))));
  return lines.join('\n') + '\n';
}

function legend(report: SimReport, width: number): string[] {
  const text = ['Latencies: p50 / p95 / max; — where nothing was measured.'];
  if (report.runs.length >= 2) {
    text.unshift('* best of the compared runs (ties all marked; no mark when all runs are equal).');
  }
  return text.flatMap((t) => wrapIndented(t, width, ''));
}

function runSection(run: SimRun, index: number, width: number, bold: (t: string) => string): string[] {
  const lines = [bold(`Run ${index + 1}: ${esc(run.label)}`)];
  lines.push(...wrapIndented(`profile: ${esc(describeProfile(run))}`, width, '  '));
  lines.push('  settings:');
  for (const [role, settings] of Object.entries(run.settings)) {
    lines.push(...wrapIndented(esc(`${role}: ${describeSettings(settings)}`), width, '    '));
  }
  if (run.faults.length === 0) {
    lines.push('  faults: none');
  } else {
    lines.push('  faults:');
    run.faults.forEach((f, i) => lines.push(...wrapIndented(esc(describeFault(f, i + 1)), width, '    ')));
  }
  if (run.supervisors !== undefined) {
    lines.push('  supervisors:');
    for (const line of describeSupervisors(run.supervisors)) lines.push(...wrapIndented(line, width, '    '));
  }
  if (run.notes !== undefined && run.notes.length > 0) {
    lines.push('  notes:');
    for (const note of run.notes) lines.push(...wrapIndented(esc(note), width, '    '));
  }
  return lines;
}
