import type { FaultOutcome, SimRun } from '../types.js';
import { maxOf, minOf } from './chart-scale.js';
import { escapeHtml } from './escape.js';
import { clockTime, formatCount } from '../format.js';

export const COLORS = {
  loggedIn: '#1f5fbf',
  alive: '#444',
  available: '#2e7d32',
  unavailable: '#c62828',
  misrouted: '#e8710a',
  rejected: '#7b3fa0',
  fault: '#222',
  grid: '#ddd',
} as const;

/** Coordinates rounded to 0.1 px: small output, and the same bytes on every machine. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

const CHART_WIDTH = 960;
const CHART_LEFT = 64;
export const PLOT_WIDTH = CHART_WIDTH - CHART_LEFT - 24;
/** Bars at least 3 px wide: longer timelines are summed into fewer, wider bars. */
export const MAX_BARS = Math.floor(PLOT_WIDTH / 3);

export interface Geometry {
  width: number;
  height: number;
  left: number;
  plotWidth: number;
  linesTop: number;
  linesHeight: number;
  cmsTop: number;
  bandHeight: number;
  bandPitch: number;
  barsTop: number;
  barsHeight: number;
  barsBottom: number;
  x(ms: number): number;
}

/** Panels from top to bottom: legend, fault labels, lines, CMS bands, bars, time axis. */
export function layoutChart(spanMs: number, cmsCount: number): Geometry {
  const width = CHART_WIDTH;
  const left = CHART_LEFT;
  const plotWidth = PLOT_WIDTH;
  const linesTop = 76;
  const linesHeight = 180;
  const bandHeight = 14;
  const bandPitch = 20;
  const cmsTop = linesTop + linesHeight + (cmsCount > 0 ? 30 : 0);
  const barsTop = cmsTop + cmsCount * bandPitch + 26;
  const barsHeight = 80;
  const barsBottom = barsTop + barsHeight;
  return {
    width, height: barsBottom + 44, left, plotWidth, linesTop, linesHeight, cmsTop, bandHeight, bandPitch,
    barsTop, barsHeight, barsBottom,
    x: (ms) => left + (Math.min(Math.max(ms, 0), spanMs) / spanMs) * plotWidth,
  };
}

export function legend(g: Geometry): string {
  const items: [string, string][] = [
    [`<line x1="0" x2="22" y1="0" y2="0" stroke="${COLORS.loggedIn}" stroke-width="2"/>`, 'agents logged in'],
    [`<line x1="0" x2="22" y1="0" y2="0" stroke="${COLORS.alive}" stroke-width="2" stroke-dasharray="6 4"/>`, 'browsers alive'],
    [`<rect x="0" y="-6" width="22" height="12" fill="${COLORS.available}"/>`, 'CMS available'],
    [`<rect x="0" y="-6" width="22" height="12" fill="${COLORS.unavailable}"/>`, 'CMS unavailable'],
    [`<rect x="0" y="-6" width="22" height="12" fill="${COLORS.misrouted}"/>`, 'calls misrouted'],
    [`<rect x="0" y="-6" width="22" height="12" fill="${COLORS.rejected}"/>`, 'calls rejected'],
    [`<line x1="11" x2="11" y1="-8" y2="8" stroke="${COLORS.fault}" stroke-dasharray="3 3"/>`, 'fault'],
  ];
  const widths = [150, 135, 130, 145, 135, 130, 70];
  let x = g.left;
  const out = items.map(([mark, text], i) => {
    const item = `<g transform="translate(${x},16)">${mark}<text x="28" y="0" dominant-baseline="middle">${text}</text></g>`;
    x += widths[i] ?? 130;
    return item;
  });
  return `<g class="legend">${out.join('')}</g>`;
}

/** Dashed vertical lines at the fault times; labels alternate between two rows so neighbours overlap less. */
export function faultMarkers(faults: readonly FaultOutcome[], g: Geometry, spanMs: number): string {
  const out = faults.map((f, i) => {
    const x = g.x(f.atMs);
    const labelY = g.linesTop - 26 + (i % 2) * 13;
    const anchor = x > g.left + g.plotWidth - 120 ? 'end' : 'start';
    const dx = anchor === 'end' ? -3 : 3;
    const tip = `#${i + 1} ${f.type} at ${clockTime(f.atMs, spanMs)}: ${formatCount(f.affected)} affected`;
    return (
      `<g class="fault"><title>${escapeHtml(tip)}</title>` +
      `<line x1="${px(x)}" x2="${px(x)}" y1="${labelY + 3}" y2="${g.barsBottom}" stroke="${COLORS.fault}" stroke-dasharray="3 3"/>` +
      `<text x="${px(x + dx)}" y="${labelY}" text-anchor="${anchor}">#${i + 1} ${escapeHtml(f.type)}</text></g>`
    );
  });
  return out.join('\n');
}

/** The chart in words, for screen readers and for anyone who cannot see the colours. */
export function chartDescription(run: SimRun, spanMs: number): string {
  const tl = run.timeline;
  const range = (values: readonly number[]) =>
    values.length === 0 ? 'no samples' : `between ${formatCount(minOf(values))} and ${formatCount(maxOf(values))}`;
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const outages = Object.entries(tl.cmsAvailable)
    .filter(([, values]) => values.includes(0))
    .map(([name]) => name);
  const parts = [
    `Over ${clockTime(spanMs, spanMs)} of simulated time, agents logged in ranged ${range(tl.agentsLoggedIn)}`,
    `browsers alive ranged ${range(tl.browsersAlive)}`,
    `${formatCount(sum(tl.callsMisrouted))} calls were misrouted and ${formatCount(sum(tl.callsRejected))} rejected`,
    outages.length > 0 ? `CMS recorded unavailable: ${outages.join(', ')}` : 'no CMS was recorded unavailable',
    `${run.faults.length} fault${run.faults.length === 1 ? '' : 's'}: ${run.faults.map((f) => `${f.type} at ${clockTime(f.atMs, spanMs)}`).join(', ') || 'none'}`,
  ];
  return parts.join('; ') + '.';
}
