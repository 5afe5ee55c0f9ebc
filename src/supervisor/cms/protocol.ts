/**
 * The CMS wire protocol (docs/cms-protocol.md): one JSON object per line,
 * UTF-8, each with a `type`. Version 1. This file holds the message shapes,
 * their validation and their encoding; it does no I/O.
 */

export const CMS_PROTOCOL_VERSION = 1;
/** A longer line is refused with `error` and the connection is closed. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Agent and call ids, reasons and roles: short identifiers, not documents. */
export const MAX_ID_LENGTH = 256;
export const MAX_TEXT_LENGTH = 1024;

export type Peer = 'supervisor' | 'cms';

export type CmsMessage =
  | { type: 'hello'; v: number; peer: Peer; token?: string }
  | { type: 'ping'; id: number }
  | { type: 'ack'; id: number; timeMs: number }
  | { type: 'login'; agent: string; role: string }
  | { type: 'logoff'; agent: string; reason: string }
  | { type: 'ready'; agent: string }
  | { type: 'notReady'; agent: string; reason?: string }
  | { type: 'offer'; call: string; agent: string }
  | { type: 'accept'; call: string; agent: string }
  | { type: 'reject'; call: string; agent: string }
  | { type: 'end'; call: string; agent: string }
  | { type: 'error'; message: string };

export type CmsMessageType = CmsMessage['type'];

export type ParseResult = { ok: true; message: CmsMessage } | { ok: false; error: string };

type Field = 'id' | 'text' | 'count' | 'time' | 'peer';
/** The fields each type must carry; `?` marks an optional one. */
const SHAPES: ReadonlyMap<string, Readonly<Record<string, Field>>> = new Map<string, Record<string, Field>>([
  ['hello', { v: 'count', peer: 'peer', 'token?': 'text' }],
  ['ping', { id: 'count' }],
  ['ack', { id: 'count', timeMs: 'time' }],
  ['login', { agent: 'id', role: 'id' }],
  ['logoff', { agent: 'id', reason: 'text' }],
  ['ready', { agent: 'id' }],
  ['notReady', { agent: 'id', 'reason?': 'text' }],
  ['offer', { call: 'id', agent: 'id' }],
  ['accept', { call: 'id', agent: 'id' }],
  ['reject', { call: 'id', agent: 'id' }],
  ['end', { call: 'id', agent: 'id' }],
  ['error', { message: 'text' }],
]);

export const MESSAGE_TYPES: readonly CmsMessageType[] = [...SHAPES.keys()] as CmsMessageType[];

function fieldError(kind: Field, value: unknown): string | null {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? null : `a non-empty string of at most ${MAX_ID_LENGTH} characters`;
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_LENGTH ? null : `a string of at most ${MAX_TEXT_LENGTH} characters`;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'an integer ≥ 0';
    case 'time':
      return Number.isSafeInteger(value) ? null : 'an integer (epoch milliseconds)';
    case 'peer':
      return value === 'supervisor' || value === 'cms' ? null : '"supervisor" or "cms"';
  }
}

/** Checks one decoded JSON value against the message table; unknown fields are ignored (forward compatible). */
export function validateMessage(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a line must hold one JSON object' };
  const record = value as Record<string, unknown>;
  const type = Object.hasOwn(record, 'type') ? record['type'] : undefined;
  const shape = typeof type === 'string' ? SHAPES.get(type) : undefined;
  if (shape === undefined) return { ok: false, error: `unknown message type ${JSON.stringify(type ?? null)}` };
  const out: Record<string, unknown> = { type };
  for (const [key, kind] of Object.entries(shape)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const present = Object.hasOwn(record, name) && record[name] !== undefined;
    if (!present) {
      if (optional) continue;
      return { ok: false, error: `${String(type)}: missing field "${name}"` };
    }
    const problem = fieldError(kind, record[name]);
    if (problem !== null) return { ok: false, error: `${String(type)}.${name} must be ${problem}` };
    out[name] = record[name];
  }
  return { ok: true, message: out as CmsMessage };
}

/** Parses one line (without its line break). */
export function parseLine(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: 'a line is not valid JSON' };
  }
  return validateMessage(value);
}

/** One message as a line, line break included. JSON escapes every line break inside strings. */
export function encodeMessage(message: CmsMessage): string {
  return `${JSON.stringify(message)}\n`;
}
