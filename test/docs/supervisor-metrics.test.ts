import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_METRICS, SupervisorMetrics } from '../../src/supervisor/metrics.js';

const DOCS_DIR = resolve(import.meta.dirname, '../../docs');

function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\| `hbctl_/.test(l))
    .map((l) =>
      l
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    );
}

const ticks = (list: readonly string[]): string => (list.length === 0 ? '—' : list.map((x) => `\`${x}\``).join(', '));

describe('docs/supervisor-metrics.md: the supervisor metric catalogue', () => {
  const markdown = readFileSync(resolve(DOCS_DIR, 'supervisor-metrics.md'), 'utf8');

  it('lists every metric of src/supervisor/metrics.ts once, in order, with its type, labels, recorder and meaning', () => {
    expect(SUPERVISOR_METRICS.length).toBe(14);
    const docs = rows(markdown);
    const code = SUPERVISOR_METRICS.map((m) => [
      `\`${m.name}\``,
      m.type,
      ticks(m.labels),
      m.recordedBy === null ? '—' : ticks(m.recordedBy.split(', ')),
      `${m.help}.`,
    ]);
    expect(docs).toEqual(code);
  });

  it('names recorders that SupervisorMetrics has', () => {
    const methods = SUPERVISOR_METRICS.flatMap((m) => m.recordedBy?.split(', ') ?? []);
    const missing = methods.filter((name) => typeof (SupervisorMetrics.prototype as unknown as Record<string, unknown>)[name] !== 'function');
    expect(missing).toEqual([]);
  });

  it('exports exactly the catalogue’s hbctl_ metrics', async () => {
    const text = await new SupervisorMetrics({ version: 't', processMetrics: false }).text();
    const exported = [...text.matchAll(/^# TYPE (hbctl_\w+) (\w+)$/gm)].map((m) => ({ name: m[1], type: m[2] }));
    expect(exported).toEqual(SUPERVISOR_METRICS.map((m) => ({ name: m.name, type: m.type })));
  });
});

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(resolve(DOCS_DIR, 'grafana-dashboard.json'), 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
  const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bhbctl_\w+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))));

  it('charts every supervisor metric', () => {
    expect(SUPERVISOR_METRICS.map((m) => m.name).filter((n) => !used.has(n))).toEqual([]);
  });

  it('charts no metric the supervisor lacks', () => {
    const known = new Set(SUPERVISOR_METRICS.map((m) => m.name));
    expect([...used].filter((n) => !known.has(n))).toEqual([]);
  });
});
