import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/config/rules/index.js';
import { METRICS } from '../../src/sim/report/metric-info.js';

const DOCS_DIR = resolve(import.meta.dirname, '../../docs');

/**
 * The cells of every markdown table row whose first cell matches `firstCell`
 * (a row is a line starting with `|`). Escaped pipes (`\|`) stay inside their
 * cell, and surrounding spaces are trimmed, so column widths do not matter.
 */
function tableRows(markdown: string, firstCell: RegExp): { line: number; cells: string[] }[] {
  return markdown
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text.startsWith('|'))
    .map((l) => ({ line: l.line, cells: splitRow(l.text) }))
    .filter((row) => row.cells[0] !== undefined && firstCell.test(row.cells[0]));
}

function splitRow(row: string): string[] {
  const inner = row.replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The rows keyed by (a function of) their first cell; a key listed twice is reported, not silently merged. */
function byFirstCell(rows: { line: number; cells: string[] }[], key: (cell: string) => string) {
  const map = new Map<string, string[]>();
  const duplicates: string[] = [];
  for (const row of rows) {
    const k = key(row.cells[0]!);
    if (map.has(k)) duplicates.push(`${k} (line ${row.line})`);
    map.set(k, row.cells);
  }
  return { map, duplicates };
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

describe('docs/rules.md: the rule catalogue', () => {
  const markdown = readFileSync(resolve(DOCS_DIR, 'rules.md'), 'utf8');
  // Columns: id | name | severity | catches | fix
  const { map: documented, duplicates } = byFirstCell(tableRows(markdown, /^HB\d{3}$/), (cell) => cell);

  it('lists every rule id of the code exactly once, and no id the code lacks', () => {
    expect(RULES.length).toBeGreaterThan(30);
    expect(duplicates, 'rule ids listed twice in docs/rules.md').toEqual([]);
    const missing = RULES.map((r) => r.id).filter((id) => !documented.has(id));
    const unknown = sorted(documented.keys()).filter((id) => !RULES.some((r) => r.id === id));
    expect(missing, 'rule ids in RULES (src/config/rules/) without a row in docs/rules.md').toEqual([]);
    expect(unknown, 'rule ids in docs/rules.md that RULES (src/config/rules/) does not have').toEqual([]);
  });

  it('gives each rule the name and severity the code gives it', () => {
    const docs = RULES.filter((r) => documented.has(r.id)).map((r) => {
      const cells = documented.get(r.id)!;
      return { id: r.id, name: cells[1], severity: cells[2] };
    });
    const code = RULES.filter((r) => documented.has(r.id)).map((r) => ({ id: r.id, name: r.name, severity: r.severity }));
    expect(docs).toEqual(code);
  });
});

describe('docs/metrics.md: the metric catalogue', () => {
  const markdown = readFileSync(resolve(DOCS_DIR, 'metrics.md'), 'utf8');
  // Columns: `key` | label | unit | better | meaning
  const rows = tableRows(markdown, /^`[A-Za-z]+`$/);
  const { map: documented, duplicates } = byFirstCell(rows, (cell) => cell.slice(1, -1));

  it('lists every metric of the simulator exactly once, in report order, and no metric the simulator lacks', () => {
    expect(METRICS.length).toBeGreaterThan(10);
    expect(duplicates, 'metric keys listed twice in docs/metrics.md').toEqual([]);
    expect(rows.map((row) => row.cells[0]!.slice(1, -1))).toEqual(METRICS.map((m) => m.key));
  });

  it('gives each metric the label, unit, direction and meaning of src/sim/report/metric-info.ts', () => {
    const docs = METRICS.filter((m) => documented.has(m.key)).map((m) => {
      const cells = documented.get(m.key)!;
      return { key: m.key, label: cells[1], unit: cells[2], better: cells[3], description: cells[4]?.replace(/\.$/, '') };
    });
    const code = METRICS.filter((m) => documented.has(m.key)).map(({ key, label, unit, better, description }) => ({
      key,
      label,
      unit,
      better,
      description,
    }));
    expect(docs).toEqual(code);
  });
});
