import { escapeControls } from './escape.js';

/**
 * Left-aligned columns, two spaces apart; trailing spaces trimmed. Cells hold
 * names and values from the input, so they are escaped (escape.ts) before
 * they are measured: a row stays one line and its columns stay aligned.
 */
export function table(cells: readonly (readonly string[])[]): string[] {
  const rows = cells.map((row) => row.map(escapeControls));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
