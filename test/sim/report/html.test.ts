import { describe, expect, it } from 'vitest';
import { bandLabel } from '../../../src/sim/report/html/chart.js';
import { renderReportHtml } from '../../../src/sim/report/html/page.js';
import { METRICS } from '../../../src/sim/report/metric-info.js';
import { reportWith, runsWith, threeRuns, twoRuns } from './fixtures.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
const summaryRow = (html: string, label: string) => html.split('\n').find((l) => l.includes(`>${label}</th>`)) ?? '';

describe('HTML report', () => {
  it('is one complete page with a title naming the scenario', () => {
    const html = renderReportHtml(twoRuns());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>hbctl simulate: crash-wave</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<code>--seed 42</code>');
  });

  it('loads nothing from outside the page: no scripts, no external src, href or url()', () => {
    const html = renderReportHtml(threeRuns());
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/url\(|@import|<link|<script/i);
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#run-\d+"$/);
  });

  it('draws one timeline SVG per run, each with a title and a description', () => {
    const html = renderReportHtml(threeRuns());
    expect(count(html, /<svg /g)).toBe(3);
    expect(count(html, /<title id="run-\d-chart-title">/g)).toBe(3);
    expect(count(html, /<desc id="run-\d-chart-desc">/g)).toBe(3);
    expect(html).toContain('aria-labelledby="run-2-chart-title run-2-chart-desc"');
  });

  it('draws the timeline series, a band per CMS, the call bars and a marker per fault', () => {
    const html = renderReportHtml(twoRuns());
    expect(count(html, /class="agents-logged-in"/g)).toBe(2);
    expect(count(html, /class="browsers-alive"/g)).toBe(2);
    expect(html).toContain('cms-east unavailable 41:00–45:30');
    expect(html).toMatch(/fill="#e8710a"/);
    expect(html).toMatch(/fill="#7b3fa0"/);
    expect(count(html, /<g class="fault">/g)).toBe(10);
    expect(html).toContain('#5 workstationDrop</text>');
    expect(html).toMatch(/>60:00<\/text>/);
  });

  it('has the summary table with every metric and the same best flags as the text report', () => {
    const html = renderReportHtml(twoRuns());
    for (const m of METRICS) expect(summaryRow(html, m.label), m.key).not.toBe('');
    expect(summaryRow(html, 'Calls misrouted')).toMatch(/<td>61<\/td><td class="best">4 <span class="flag"/);
    expect(summaryRow(html, 'TPESYSTEM failures')).not.toContain('best');
    const tied = renderReportHtml(reportWith(runsWith([{ falseLogoffs: 0 }, { falseLogoffs: 5 }, { falseLogoffs: 0 }])));
    expect(count(summaryRow(tied, 'False log-offs'), /class="best"/g)).toBe(2);
  });

  it('escapes markup in the scenario name, run labels, roles and fault types', () => {
    const report = twoRuns();
    report.scenario = '<script>alert("x")</script>';
    const run = report.runs[0]!;
    run.label = 'a<b>&"c"';
    run.faults[0]!.type = '<img onerror=x>';
    run.settings = { "<i>'role'": run.settings['IC_AGENT']! };
    const html = renderReportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain("<i>'role'");
  });

  it('shows fault details and engine notes per run', () => {
    const html = renderReportHtml(twoRuns());
    expect(html).toContain('<td>detected after 41s, 947 agents told</td>');
    expect(html).toContain('<li>WSL_SERIAL: keep-alive (-K both) not applied: device /dev/serial is not TCP; processing continues</li>');
  });

  it('gives the same bytes for the same report', () => {
    expect(renderReportHtml(twoRuns())).toBe(renderReportHtml(twoRuns()));
  });

  it('copes with a run without timeline samples or faults', () => {
    const report = twoRuns();
    const run = report.runs[0]!;
    run.faults = [];
    run.timeline = { stepMs: 1000, timesMs: [], agentsLoggedIn: [], browsersAlive: [], cmsAvailable: {}, callsMisrouted: [], callsRejected: [] };
    const html = renderReportHtml(report);
    expect(count(html, /<svg /g)).toBe(2);
    expect(html).toContain('<p>No faults.</p>');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('shares the value axes between runs so compared charts read alike', () => {
    const html = renderReportHtml(twoRuns());
    const charts = html.split('<svg ').slice(1);
    const axisLabels = (svg: string) => svg.match(/text-anchor="end" dominant-baseline="middle">[\d,]+</g);
    expect(axisLabels(charts[0]!)).toEqual(axisLabels(charts[1]!));
  });
});

describe('CMS band labels', () => {
  it('show the host of a load-balanced CMS system and fit left of the plot (regression: labels were cut off)', () => {
    expect(bandLabel('CMS_MAIN@tcp://cms1.example.com:7001')).toBe('cms1');
    expect(bandLabel('cms-east')).toBe('cms-east');
    expect(bandLabel('A_VERY_LONG_CMS_NAME')).toBe('A_VERY_…');
  });
});
