import { wrapText, type TableRow } from '../../sim/report/index.js';

export interface TableStyle {
  best(text: string): string;
  heading(text: string): string;
}

const GAP = '  ';
const FLAG = ' *';
const NO_FLAG = '  ';
/** Run columns are never made narrower than this, however many runs there are. */
const MIN_COLUMN = 8;

/**
 * The summary table: a metric per row, a run per column, values right-aligned.
 * When `p50 / p95 / max` on one line would overflow `width`, latencies are
 * stacked over three lines and long run labels wrap inside their column.
 */
export function layoutTable(rows: readonly TableRow[], labels: readonly string[], width: number, style: TableStyle): string[] {
  const flagged = labels.length >= 2;
  const suffix = flagged ? FLAG.length : 0;
  const labelWidth = Math.max('Metric'.length, ...rows.map((r) => r.info.label.length));
  const fits = (cells: (r: TableRow) => string[][]) =>
    labelWidth + labels.reduce((sum, _l, i) => sum + GAP.length + valueWidth(rows, cells, i) + suffix, 0) <= width;
  const wide = (r: TableRow) => r.cells.map((c) => [c]);
  const cellsOf = fits(wide) ? wide : (r: TableRow) => r.stacked;

  const share = Math.floor((width - labelWidth) / Math.max(1, labels.length)) - GAP.length;
  const columnWidths = labels.map((label, i) => {
    const values = valueWidth(rows, cellsOf, i) + suffix;
    return Math.max(values, MIN_COLUMN, Math.min(label.length, share));
  });
  const headers = labels.map((label, i) => wrapText(label, columnWidths[i] as number));
  const headerHeight = Math.max(1, ...headers.map((h) => h.length));

  const lines: string[] = [];
  for (let line = 0; line < headerHeight; line++) {
    const first = line === headerHeight - 1 ? 'Metric' : '';
    const cells = headers.map((h, i) => padLeft(h[line - (headerHeight - h.length)] ?? '', columnWidths[i] as number));
    lines.push(style.heading(joinRow(first.padEnd(labelWidth), cells).trimEnd()));
  }
  lines.push('-'.repeat(labelWidth + columnWidths.reduce((sum, w) => sum + GAP.length + w, 0)));
  for (const row of rows) lines.push(...rowLines(row, cellsOf(row), labelWidth, columnWidths, flagged, style));
  return lines;
}

function rowLines(
  row: TableRow,
  cells: string[][],
  labelWidth: number,
  widths: readonly number[],
  flagged: boolean,
  style: TableStyle,
): string[] {
  const height = Math.max(1, ...cells.map((c) => c.length));
  const out: string[] = [];
  for (let line = 0; line < height; line++) {
    const label = (line === 0 ? row.info.label : '').padEnd(labelWidth);
    const rendered = cells.map((c, i) => {
      const isBest = row.best.has(i);
      const text = c[line] ?? '';
      const flag = !flagged ? '' : isBest && line === 0 ? FLAG : NO_FLAG;
      const padding = ' '.repeat(Math.max(0, (widths[i] as number) - text.length - flag.length));
      return padding + (isBest && text !== '' ? style.best(text + flag) : text + flag);
    });
    out.push(joinRow(label, rendered).trimEnd());
  }
  return out;
}

function valueWidth(rows: readonly TableRow[], cellsOf: (r: TableRow) => string[][], run: number): number {
  return Math.max(0, ...rows.flatMap((r) => (cellsOf(r)[run] ?? []).map((line) => line.length)));
}

function joinRow(label: string, cells: readonly string[]): string {
  return label + cells.map((c) => GAP + c).join('');
}

function padLeft(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}
