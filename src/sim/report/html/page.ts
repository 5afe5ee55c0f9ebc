import type { SimReport, SimRun } from '../types.js';
import { METRICS } from '../metric-info.js';
import { describeProfile, describeSettings, faultExtras } from '../details.js';
import { escapeHtml } from './escape.js';
import { chartScales, renderTimelineSvg, type ChartScales } from './chart.js';
import { HTML_STYLE } from './style.js';
import { formatCount } from '../format.js';
import { formatDuration } from '../../../config/duration.js';
import { reportSubtitle, summaryRows } from '../summary.js';
import { describeSupervisors, supervisorRows } from '../supervisors.js';

/**
 * The `--html` report: one self-contained page (inline CSS and SVG, no
 * scripts, no external resources) with the summary table and a timeline chart
 * per run. The same report always gives the same bytes.
 */
export function renderReportHtml(report: SimReport): string {
  const title = `hbctl simulate: ${report.scenario}`;
  const scales = chartScales(report.runs);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>Scenario <span class="name">${escapeHtml(report.scenario)}</span></h1>`,
    `<p>${escapeHtml(reportSubtitle(report))}</p>`,
    `<p>Reproduce with <code>--seed ${report.seed}</code>.</p>`,
    '</header>',
    summarySection(report),
    ...supervisorsSection(report),
    ...report.runs.map((run, i) => runSection(run, i, report, scales)),
    metricsSection(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summarySection(report: SimReport): string {
  const compared = report.runs.length >= 2;
  const head = report.runs.map((run, i) => `<th scope="col"><a href="#run-${i + 1}">${escapeHtml(run.label)}</a></th>`).join('');
  const rows = summaryRows(report).map((row) => {
    const cells = row.cells.map((cell, i) => {
      const best = row.best.has(i);
      const flag = best ? ' <span class="flag" aria-label="best">*</span>' : '';
      return `<td${best ? ' class="best"' : ''}>${escapeHtml(cell)}${flag}</td>`;
    });
    const label = `<th scope="row" title="${escapeHtml(row.info.description)}">${escapeHtml(row.info.label)}</th>`;
    return `<tr>${label}${cells.join('')}</tr>`;
  });
  const note = compared
    ? '<p class="note"><span class="flag">*</span> best of the compared runs (ties all marked; no mark when all runs are equal). Latencies: p50 / p95 / max.</p>'
    : '<p class="note">Latencies: p50 / p95 / max.</p>';
  return [
    '<section>',
    '<h2>Summary</h2>',
    '<table class="summary">',
    `<thead><tr><th scope="col">Metric</th>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    note,
    '</section>',
  ].join('\n');
}

function runSection(run: SimRun, index: number, report: SimReport, scales: ChartScales): string {
  const settings = Object.entries(run.settings).map(
    ([role, s]) => `<tr><th scope="row">${escapeHtml(role)}</th><td>${escapeHtml(run.profile.roles[role] ?? '')}</td><td>${escapeHtml(describeSettings(s))}</td></tr>`,
  );
  const faults = run.faults.map(
    (f, i) =>
      `<tr><td>${i + 1}</td><td>${escapeHtml(f.type)}</td><td>${formatDuration(Math.round(f.atMs))}</td>` +
      [f.affected, f.loggedOff, f.stillLoggedIn, f.callsMisrouted].map((n) => `<td class="num">${formatCount(n)}</td>`).join('') +
      `<td>${escapeHtml(faultExtras(f))}</td></tr>`,
  );
  return [
    `<section id="run-${index + 1}">`,
    `<h2>Run ${index + 1}: ${escapeHtml(run.label)}</h2>`,
    `<p>Profiles: ${escapeHtml(describeProfile(run))}. ${formatCount(run.events)} events.</p>`,
    `<figure>${renderTimelineSvg(run, index, report.durationMs, scales)}</figure>`,
    '<h3>Settings</h3>',
    '<table><thead><tr><th scope="col">Role</th><th scope="col">Profile</th><th scope="col">Resolved</th></tr></thead>',
    `<tbody>${settings.join('\n')}</tbody></table>`,
    '<h3>Faults</h3>',
    faults.length === 0
      ? '<p>No faults.</p>'
      : '<table><thead><tr><th scope="col">#</th><th scope="col">Type</th><th scope="col">At</th><th scope="col">Affected</th>' +
        '<th scope="col">Logged off</th><th scope="col">Still logged in</th><th scope="col">Calls misrouted</th><th scope="col">Details</th></tr></thead>' +
        `<tbody>${faults.join('\n')}</tbody></table>`,
    ...supervisorsList(run),
    notesList(run.notes ?? []),
    '</section>',
  ].join('\n');
}

/** The supervisor-nodes table, when a run plans several nodes (otherwise nothing, so other reports keep their bytes). */
function supervisorsSection(report: SimReport): string[] {
  const rows = supervisorRows(report);
  if (rows.length === 0) return [];
  const head = report.runs.map((run, i) => `<th scope="col"><a href="#run-${i + 1}">${escapeHtml(run.label)}</a></th>`).join('');
  const body = rows.map((row) => `<tr><th scope="row" title="${escapeHtml(row.info.description)}">${escapeHtml(row.info.label.trim())}</th>${row.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
  return [
    '<section>',
    '<h2>Supervisor nodes</h2>',
    '<table class="summary">',
    `<thead><tr><th scope="col">Figure</th>${head}</tr></thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody>`,
    '</table>',
    '</section>',
  ];
}

function supervisorsList(run: SimRun): string[] {
  if (run.supervisors === undefined) return [];
  return ['<h3>Supervisor nodes</h3>', `<ul>${describeSupervisors(run.supervisors).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`];
}

function notesList(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `<h3>Notes</h3>\n<ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}

function metricsSection(): string {
  const items = METRICS.map(
    (m) => `<dt>${escapeHtml(m.label)} <code>${m.key}</code></dt><dd>${escapeHtml(m.description)}.</dd>`,
  );
  return ['<section>', '<h2>What the metrics mean</h2>', `<dl>${items.join('\n')}</dl>`, '</section>'].join('\n');
}
