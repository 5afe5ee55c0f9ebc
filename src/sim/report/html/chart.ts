import type { SimRun } from '../types.js';
import { bucketBars, maxOf, minOf, niceRange, niceScale, reduceSeries, runsOf, timeTicks, type Bar, type Point } from './chart-scale.js';
import { COLORS, MAX_BARS, chartDescription, faultMarkers, layoutChart, legend, px, type Geometry } from './chart-parts.js';
import { escapeHtml } from './escape.js';
import { clockTime, formatCount } from '../format.js';

/** Value ranges shared by the charts of all runs, so that compared runs can be read against each other. */
export interface ChartScales {
  agents: { bottom: number; top: number; step: number };
  calls: { top: number; step: number };
}

export function chartScales(runs: readonly SimRun[]): ChartScales {
  const series = runs.flatMap((r) => [r.timeline.agentsLoggedIn, r.timeline.browsersAlive]);
  const lo = series.reduce((m, values) => Math.min(m, minOf(values, Infinity)), Infinity);
  const hi = series.reduce((m, values) => Math.max(m, maxOf(values)), 0);
  const calls = runs.reduce((m, r) => Math.max(m, maxOf(barsOf(r).map((b) => b.misrouted + b.rejected))), 0);
  return { agents: niceRange(Number.isFinite(lo) ? lo : 0, hi), calls: niceScale(calls) };
}

function barsOf(run: SimRun): Bar[] {
  const tl = run.timeline;
  return bucketBars(tl.timesMs, tl.stepMs, tl.callsMisrouted, tl.callsRejected, MAX_BARS);
}

/**
 * The timeline of one run as inline SVG: agents logged in and browsers alive
 * (lines), a status band per CMS, misrouted and rejected calls per step
 * (stacked bars), a shared time axis and a dashed marker per fault.
 */
export function renderTimelineSvg(run: SimRun, runIndex: number, durationMs: number, scales = chartScales([run])): string {
  const tl = run.timeline;
  const spanMs = Math.max(durationMs, tl.timesMs[tl.timesMs.length - 1] ?? 0, 1);
  const cmsNames = Object.keys(tl.cmsAvailable).sort();
  const g = layoutChart(spanMs, cmsNames.length);
  const id = `run-${runIndex + 1}-chart`;
  const parts = [
    `<svg class="timeline" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">Timeline of run ${runIndex + 1}: ${escapeHtml(run.label)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(chartDescription(run, spanMs))}</desc>`,
    legend(g),
    timeAxis(g, spanMs),
    linesPanel(run, g, scales.agents),
    cmsBands(run, cmsNames, g, spanMs),
    barsPanel(run, g, spanMs, scales.calls),
    faultMarkers(run.faults, g, spanMs),
    '</svg>',
  ];
  return parts.join('\n');
}

function timeAxis(g: Geometry, spanMs: number): string {
  const out: string[] = ['<g class="axis time-axis">'];
  for (const t of timeTicks(spanMs)) {
    const x = px(g.x(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${g.linesTop}" y2="${g.barsBottom}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${x}" y="${g.barsBottom + 16}" text-anchor="middle">${clockTime(t, spanMs)}</text>`);
  }
  out.push(`<text x="${px(g.left + g.plotWidth / 2)}" y="${g.barsBottom + 32}" text-anchor="middle" class="axis-title">simulated time</text>`);
  out.push('</g>');
  return out.join('\n');
}

function valueAxis(bottom: number, top: number, step: number, y: (v: number) => number, g: Geometry): string {
  const out: string[] = [];
  for (let v = bottom; v <= top + 1e-9; v += step) {
    const at = px(y(v));
    out.push(`<line x1="${g.left}" x2="${g.left + g.plotWidth}" y1="${at}" y2="${at}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${g.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${formatCount(v)}</text>`);
  }
  return `<g class="axis">${out.join('')}</g>`;
}

function linesPanel(run: SimRun, g: Geometry, { bottom, top, step }: ChartScales['agents']): string {
  const tl = run.timeline;
  const y = (v: number) => g.linesTop + g.linesHeight - ((v - bottom) / (top - bottom)) * g.linesHeight;
  const line = (values: readonly number[], color: string, dash: string, name: string) => {
    const points = reduceSeries(tl.timesMs, values, g.plotWidth * 2);
    if (points.length === 0) return '';
    // Steps, not slopes: a count holds its sampled value until the next sample.
    const coords = points
      .map((p: Point, i) => {
        const prev = points[i - 1];
        const x = px(g.x(p.t));
        return prev === undefined || prev.v === p.v ? `${x},${px(y(p.v))}` : `${x},${px(y(prev.v))} ${x},${px(y(p.v))}`;
      })
      .join(' ');
    return `<polyline class="${name}" fill="none" stroke="${color}" stroke-width="2"${dash} points="${coords}"/>`;
  };
  return [
    valueAxis(bottom, top, step, y, g),
    `<text x="${g.left - 44}" y="${g.linesTop - 8}" class="axis-title">agents</text>`,
    line(tl.browsersAlive, COLORS.alive, ' stroke-dasharray="6 4"', 'browsers-alive'),
    line(tl.agentsLoggedIn, COLORS.loggedIn, '', 'agents-logged-in'),
  ].join('\n');
}

function cmsBands(run: SimRun, names: readonly string[], g: Geometry, spanMs: number): string {
  const tl = run.timeline;
  const out: string[] = [];
  names.forEach((name, i) => {
    const y = g.cmsTop + i * g.bandPitch;
    out.push(
      `<text x="${g.left - 6}" y="${px(y + g.bandHeight / 2)}" text-anchor="end" dominant-baseline="middle" class="band-label">` +
        `<title>${escapeHtml(name)}</title>${escapeHtml(bandLabel(name))}</text>`,
    );
    for (const span of runsOf(tl.cmsAvailable[name] ?? [])) {
      const from = span.from === 0 ? 0 : (tl.timesMs[span.from] as number);
      const to = span.to >= tl.timesMs.length ? spanMs : (tl.timesMs[span.to] as number);
      const color = span.value > 0 ? COLORS.available : COLORS.unavailable;
      const status = span.value > 0 ? 'available' : 'unavailable';
      out.push(
        `<rect x="${px(g.x(from))}" y="${y}" width="${px(Math.max(0.5, g.x(to) - g.x(from)))}" height="${g.bandHeight}" fill="${color}">` +
          `<title>${escapeHtml(name)} ${status} ${clockTime(from, spanMs)}–${clockTime(to, spanMs)}</title></rect>`,
      );
    }
  });
  if (names.length > 0) out.unshift(`<text x="${g.left - 44}" y="${g.cmsTop - 6}" class="axis-title">CMS</text>`);
  return `<g class="cms">${out.join('\n')}</g>`;
}

function barsPanel(run: SimRun, g: Geometry, spanMs: number, { top, step }: ChartScales['calls']): string {
  const bars = barsOf(run);
  const h = (v: number) => (v / top) * g.barsHeight;
  const base = g.barsTop + g.barsHeight;
  const out = [valueAxis(0, top, step, (v) => base - h(v), g), `<text x="${g.left - 44}" y="${g.barsTop - 8}" class="axis-title">calls</text>`];
  for (const b of bars) {
    if (b.misrouted + b.rejected === 0) continue;
    out.push(`<g><title>${clockTime(b.fromMs, spanMs)}–${clockTime(b.toMs, spanMs)}: ${formatCount(b.misrouted)} misrouted, ${formatCount(b.rejected)} rejected</title>`);
    const x = px(g.x(b.fromMs));
    const w = px(Math.max(1, g.x(b.toMs) - g.x(b.fromMs) - 1));
    if (b.misrouted > 0) out.push(`<rect x="${x}" y="${px(base - h(b.misrouted))}" width="${w}" height="${px(h(b.misrouted))}" fill="${COLORS.misrouted}"/>`);
    if (b.rejected > 0) {
      const y = base - h(b.misrouted) - h(b.rejected);
      out.push(`<rect x="${x}" y="${px(y)}" width="${w}" height="${px(h(b.rejected))}" fill="${COLORS.rejected}"/>`);
    }
    out.push('</g>');
  }
  return `<g class="bars">${out.join('\n')}</g>`;
}

/**
 * A CMS system's name fits the 58 px left of the plot: a system behind a load
 * balancer (`CMS@tcp://cms1.example.com:7001`) is shown by its host's first
 * label (`cms1`), which is what tells the bands apart; the full name is the
 * hover title.
 */
export function bandLabel(name: string): string {
  const host = /@[a-z]+:\/\/([^.:/]+)/i.exec(name)?.[1];
  const short = host ?? name;
  return short.length > 8 ? `${short.slice(0, 7)}…` : short;
}
