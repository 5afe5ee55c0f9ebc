/**
 * Splits text into lines of at most `width` characters, breaking at spaces, else after
 * separators (`=`, `,`, `-`, `_`, `/`, `.`, `:`, `)`) where it can, and cutting
 * words that are longer than a line.
 */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(1, width);
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = breakAt(rest, max);
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest);
  return lines;
}

/** Breaks at the last space, else after the last separator, else mid-word. */
function breakAt(text: string, max: number): number {
  for (let i = max; i > 0; i--) if (text[i] === ' ') return i;
  for (let i = max; i > 0; i--) if (/[=,\-_/.:)]/.test(text[i - 1] as string)) return i;
  return max;
}

/** Wraps `text` to `width` with `indent` before every line and `hanging` more before continuation lines. */
export function wrapIndented(text: string, width: number, indent: string, hanging = '  '): string[] {
  const first = wrapText(text, width - indent.length);
  const [head = '', ...tail] = first;
  if (tail.length === 0) return [indent + head];
  const rest = wrapText(tail.join(' '), width - indent.length - hanging.length);
  return [indent + head, ...rest.map((line) => indent + hanging + line)];
}
