import { findingAt, type LoadedDocument, type SourcePosition } from '../document.js';
import { parseClopt } from './clopt.js';
import type { Finding } from '../finding.js';
import type { KeepAliveMode, WorkstationListenerSpec } from '../model.js';
import { bool, int, str } from './values.js';

const MODES: readonly string[] = ['client', 'handler', 'both', 'none'];

/**
 * A WorkstationListener spec: the server fields, plus address, device,
 * keepAlive and maxClients either parsed from `clopt` (which wins when both
 * are given; the schema check reports the conflict) or copied as written.
 */
export function normalizeListener(
  doc: LoadedDocument,
  spec: Record<string, unknown>,
): { spec: WorkstationListenerSpec; findings: Finding[] } {
  const out: WorkstationListenerSpec = { keepAlive: 'none' };
  const srvgrp = str(spec.srvgrp);
  if (srvgrp !== undefined) out.srvgrp = srvgrp;
  const srvid = int(spec.srvid);
  if (srvid !== undefined && srvid >= 1 && srvid <= 30000) out.srvid = srvid;
  const restart = bool(spec.restart);
  if (restart !== undefined) out.restart = restart;
  const grace = int(spec.grace);
  if (grace !== undefined && grace >= 0) out.grace = grace;
  const clopt = str(spec.clopt);
  if (clopt === undefined) {
    copyStructured(spec, out);
    return { spec: out, findings: [] };
  }
  out.clopt = clopt;
  const parsed = parseClopt(clopt);
  if (!parsed.ok) {
    const message = `clopt cannot be parsed: ${parsed.message} (at character ${parsed.offset + 1})`;
    return { spec: out, findings: [cloptFinding(doc, parsed.offset, message)] };
  }
  const { address, device, keepAlive, maxClients } = parsed.value;
  if (address !== undefined) out.address = address;
  if (device !== undefined) out.device = device;
  out.keepAlive = keepAlive;
  if (maxClients !== undefined) out.maxClients = maxClients;
  return { spec: out, findings: [] };
}

function copyStructured(spec: Record<string, unknown>, out: WorkstationListenerSpec): void {
  const address = str(spec.address);
  if (address !== undefined) out.address = address;
  const device = str(spec.device);
  if (device !== undefined) out.device = device;
  const keepAlive = str(spec.keepAlive);
  if (keepAlive !== undefined && MODES.includes(keepAlive)) out.keepAlive = keepAlive as KeepAliveMode;
  const maxClients = int(spec.maxClients);
  if (maxClients !== undefined && maxClients >= 1) out.maxClients = maxClients;
}

/**
 * HB242 at the clopt string; when the string sits on one line and is written
 * without escapes, the column points at the offending character itself.
 */
function cloptFinding(doc: LoadedDocument, offset: number, message: string): Finding {
  const finding = findingAt(doc, ['spec', 'clopt'], 'HB242', 'error', message);
  const shift = columnShift(doc, offset);
  if (shift !== undefined) {
    const start: SourcePosition = doc.position(['spec', 'clopt']);
    finding.column = start.column + shift;
    finding.line = start.line;
  }
  return finding;
}

function columnShift(doc: LoadedDocument, offset: number): number | undefined {
  const node = doc.cloptScalar;
  if (!node || typeof node.value !== 'string') return undefined;
  const [start, end] = node.range;
  const { line: startLine } = doc.lineCounter.linePos(start);
  const { line: endLine } = doc.lineCounter.linePos(Math.max(start, end - 1));
  if (startLine !== endLine) return undefined;
  const rawLength = end - start;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  // Escapes (\" or '') make source and value differ in length: then columns cannot be mapped.
  if (rawLength !== node.value.length + (quoted ? 2 : 0)) return undefined;
  return Math.min(offset, node.value.length) + (quoted ? 1 : 0);
}
