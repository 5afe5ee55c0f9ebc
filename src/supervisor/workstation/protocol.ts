/**
 * The workstation wire protocol (docs/workstation-protocol.md): one JSON
 * object a line, UTF-8, `\n` terminated, each at most `MAX_LINE_BYTES`.
 */

export const MAX_LINE_BYTES = 4096;

export type CallOutcome = 'ok' | 'TPESYSTEM';

/** Why a listener refuses or drops a connection. */
export type ErrorCode = 'maxClients' | 'tooManyConnections' | 'token' | 'protocol' | 'lineTooLong' | 'rate' | 'helloTimeout' | 'shutdown';

export type ClientMessage =
  | { type: 'hello'; token?: string }
  | { type: 'call'; id: number }
  | { type: 'probe'; id: number }
  | { type: 'probeAck'; id: number }
  | { type: 'bye' };

export interface HelloReply {
  type: 'hello';
  listener: string;
  client: number;
  keepAlive: 'client' | 'handler' | 'both' | 'none';
  /** The listener's -d; null when it names none. */
  device: string | null;
  /** False when the device is not /dev/tcp (or -K is none): nobody probes. */
  keepAliveApplied: boolean;
  idleTimeMs: number;
  probeIntervalMs: number;
  probeCount: number;
}

export type ServerMessage =
  | HelloReply
  | { type: 'reply'; id: number; result: CallOutcome }
  | { type: 'probe'; id: number }
  | { type: 'probeAck'; id: number }
  | { type: 'error'; code: ErrorCode; message: string }
  | { type: 'bye' };

export function encode(message: ClientMessage | ServerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A client's line as a message, or null when it is not one (bad JSON, unknown type, bad id). */
export function parseClientMessage(line: string): ClientMessage | null {
  const v = parseObject(line);
  if (v === null) return null;
  switch (v['type']) {
    case 'hello': {
      const token = v['token'];
      if (token === undefined) return { type: 'hello' };
      return typeof token === 'string' ? { type: 'hello', token } : null;
    }
    case 'call':
    case 'probe':
    case 'probeAck':
      return isId(v['id']) ? { type: v['type'], id: v['id'] } : null;
    case 'bye':
      return { type: 'bye' };
    default:
      return null;
  }
}

const MODES = new Set(['client', 'handler', 'both', 'none']);
const ERROR_CODES = new Set<string>(['maxClients', 'tooManyConnections', 'token', 'protocol', 'lineTooLong', 'rate', 'helloTimeout', 'shutdown']);

/** A listener's line as a message, or null when it is not one. */
export function parseServerMessage(line: string): ServerMessage | null {
  const v = parseObject(line);
  if (v === null) return null;
  switch (v['type']) {
    case 'hello': {
      const { listener, client, keepAlive, device, keepAliveApplied, idleTimeMs, probeIntervalMs, probeCount } = v;
      if (typeof listener !== 'string' || !isId(client) || typeof keepAlive !== 'string' || !MODES.has(keepAlive)) return null;
      if (device !== null && typeof device !== 'string') return null;
      if (typeof keepAliveApplied !== 'boolean' || !isId(idleTimeMs) || !isId(probeIntervalMs) || !isId(probeCount)) return null;
      const mode = keepAlive as HelloReply['keepAlive'];
      return { type: 'hello', listener, client, keepAlive: mode, device, keepAliveApplied, idleTimeMs, probeIntervalMs, probeCount };
    }
    case 'reply': {
      const result = v['result'];
      if (!isId(v['id']) || (result !== 'ok' && result !== 'TPESYSTEM')) return null;
      return { type: 'reply', id: v['id'], result };
    }
    case 'probe':
    case 'probeAck':
      return isId(v['id']) ? { type: v['type'], id: v['id'] } : null;
    case 'error': {
      const { code, message } = v;
      if (typeof code !== 'string' || !ERROR_CODES.has(code) || typeof message !== 'string') return null;
      return { type: 'error', code: code as ErrorCode, message };
    }
    case 'bye':
      return { type: 'bye' };
    default:
      return null;
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * Splits a byte stream into lines, refusing any line longer than `maxLineBytes`
 * before it is buffered whole (a peer cannot make it hold more).
 */
export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** The complete lines in `chunk` (with what came before), or 'too-long'. */
  push(chunk: Buffer): string[] | 'too-long' {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      if (this.pendingBytes + nl - start > this.maxLineBytes) return 'too-long';
      const part = chunk.subarray(start, nl);
      const line = this.pendingBytes === 0 ? part : Buffer.concat([...this.pending, part]);
      this.pending = [];
      this.pendingBytes = 0;
      lines.push(line.toString('utf8').replace(/\r$/, ''));
      start = nl + 1;
    }
    const rest = chunk.length - start;
    if (this.pendingBytes + rest > this.maxLineBytes) return 'too-long';
    if (rest > 0) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += rest;
    }
    return lines;
  }
}
