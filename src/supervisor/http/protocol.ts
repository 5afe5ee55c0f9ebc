import type { LogoffReason } from './agent-sessions.js';

/** The agent protocol version the server speaks (docs/protocol.md). */
export const PROTOCOL_VERSION = 1;
/** The WebSocket path of the agent protocol. */
export const AGENT_PATH = '/agent';

/** Close codes the server uses (docs/protocol.md#close-codes). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  replaced: 4001,
  channelCleaned: 4002,
  tooManyPings: 4008,
  helloTimeout: 4009,
  unsupportedVersion: 4010,
  badFrames: 4011,
} as const;

export type ClientMessage =
  | { type: 'hello'; version: number; agent: string; role: string }
  | { type: 'resume'; version: number; session: string }
  | { type: 'ping'; session: string; seq: number }
  | { type: 'accept' | 'reject'; session: string; callId: string }
  | { type: 'goodbye'; session: string };

export type ErrorCode =
  | 'bad-frame'
  | 'unsupported-version'
  | 'not-logged-in'
  | 'already-logged-in'
  | 'wrong-session'
  | 'unknown-session'
  | 'unknown-role'
  | 'refused'
  | 'unknown-call'
  | 'draining';

export type ServerMessage =
  | {
      type: 'welcome';
      version: number;
      session: string;
      agent: string;
      role: string;
      resumed: boolean;
      serverTimeMs: number;
      browserPingIntervalMs: number;
      mode: 'A' | 'B' | 'B+CMS';
      pushKeepAliveTimerMs: number | null;
      channelCleanupTimerMs: number | null;
    }
  | { type: 'ack'; seq: number; serverTimeMs: number }
  | { type: 'keepAlive'; serverTimeMs: number }
  | { type: 'callOffer'; callId: string; from: string; serverTimeMs: number }
  | { type: 'callResult'; callId: string; action: 'accept' | 'reject'; outcome: 'done' | 'unknown-call' }
  | { type: 'cmsStatus'; cms: string; available: boolean; message: string; serverTimeMs: number }
  | { type: 'loggedOff'; reason: LogoffReason; serverTimeMs: number }
  | { type: 'error'; code: ErrorCode; message: string };

const NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const SESSION = /^[A-Za-z0-9_-]{22}$/;
const CALL_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The fields each client message has, exactly: no more, no fewer. */
const FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['hello', ['type', 'version', 'agent', 'role']],
  ['resume', ['type', 'version', 'session']],
  ['ping', ['type', 'session', 'seq']],
  ['accept', ['type', 'session', 'callId']],
  ['reject', ['type', 'session', 'callId']],
  ['goodbye', ['type', 'session']],
]);

export type Decoded = { ok: true; message: ClientMessage } | { ok: false; message: string };

function bad(message: string): Decoded {
  return { ok: false, message };
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** Parses and validates one text frame from a browser. Never throws. */
export function decodeClientMessage(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('the frame is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('the frame is not a JSON object');
  const m = value as Record<string, unknown>;
  const type = m['type'];
  const fields = typeof type === 'string' ? FIELDS.get(type) : undefined;
  if (fields === undefined) return bad(`unknown message type ${JSON.stringify(type)}`);
  // Every frame of every browser comes through here: no arrays or closures per frame.
  let present = 0;
  for (const key in m) {
    if (!fields.includes(key)) return bad(`${type}: unknown field ${JSON.stringify(key)}`);
    present += 1;
  }
  if (present < fields.length) {
    for (const key of fields) if (!Object.hasOwn(m, key)) return bad(`${type}: missing field ${JSON.stringify(key)}`);
  }
  if ('version' in m && !isVersion(m['version'])) return bad(`${type}: version must be a positive integer`);
  if ('agent' in m && !(typeof m['agent'] === 'string' && NAME.test(m['agent']))) {
    return bad(`${type}: agent must be 1-64 characters of A-Z a-z 0-9 . _ : -`);
  }
  if ('role' in m && !(typeof m['role'] === 'string' && NAME.test(m['role']))) {
    return bad(`${type}: role must be 1-64 characters of A-Z a-z 0-9 . _ : -`);
  }
  if ('session' in m && !(typeof m['session'] === 'string' && SESSION.test(m['session']))) {
    return bad(`${type}: session must be the 22-character token of the welcome message`);
  }
  if ('seq' in m && !(typeof m['seq'] === 'number' && Number.isSafeInteger(m['seq']) && m['seq'] >= 0)) {
    return bad(`${type}: seq must be a non-negative integer`);
  }
  if ('callId' in m && !(typeof m['callId'] === 'string' && CALL_ID.test(m['callId']))) {
    return bad(`${type}: callId must be 1-128 characters of A-Z a-z 0-9 . _ : -`);
  }
  return { ok: true, message: m as unknown as ClientMessage };
}

export function encodeServerMessage(message: ServerMessage): string {
  return JSON.stringify(message);
}

/** The text of the CMS error message and of its recovery notice. */
export function cmsStatusText(cms: string, available: boolean): string {
  return available
    ? `The communication system ${cms} is available again.`
    : `The communication system ${cms} is not available: calls cannot reach you until it is back.`;
}
