import type { SourcePosition, YamlPath } from '../../document.js';
import type { WorkstationListener } from '../../model.js';

/** Where a listener's keep-alive option is written: inside `clopt`, or the `keepAlive` field. */
export function keepAlivePath(listener: WorkstationListener): YamlPath {
  return listener.spec.clopt !== undefined ? ['spec', 'clopt'] : ['spec', 'keepAlive'];
}

/** Where a listener's device is written. */
export function devicePath(listener: WorkstationListener): YamlPath {
  if (listener.spec.clopt !== undefined) return ['spec', 'clopt'];
  return listener.spec.device !== undefined ? ['spec', 'device'] : ['spec', 'keepAlive'];
}

/**
 * The span of the first match of `option` inside the listener's `clopt`
 * string (e.g. `-d /dev/xti`), so editors underline the option rather than
 * the whole string. Undefined when the source is not the value verbatim (a
 * folded or escaped scalar): offsets inside the value would then not map to
 * columns, and the finding stays on the scalar.
 */
export function cloptOptionPosition(listener: WorkstationListener, option: RegExp): SourcePosition | undefined {
  const clopt = listener.spec.clopt;
  const node = listener.doc.cloptScalar;
  if (clopt === undefined || !node || node.value !== clopt) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (!quoted && node.type !== 'PLAIN') return undefined;
  const [start, valueEnd] = node.range;
  if (valueEnd - start !== clopt.length + (quoted ? 2 : 0)) return undefined;
  const match = option.exec(clopt);
  if (!match) return undefined;
  const from = start + (quoted ? 1 : 0) + match.index;
  const begin = listener.doc.lineCounter.linePos(from);
  const end = listener.doc.lineCounter.linePos(from + match[0].length);
  return { line: begin.line, column: begin.col, endLine: end.line, endColumn: end.col };
}

export const DEVICE_OPTION = /-d\s*\S+/;
export const KEEPALIVE_OPTION = /-K\s*\S+/;
