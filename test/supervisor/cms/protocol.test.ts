import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, MAX_ID_LENGTH, parseLine, validateMessage, type CmsMessage } from '../../../src/supervisor/cms/protocol.js';

const VALID: [string, CmsMessage][] = [
  ['hello', { type: 'hello', v: 1, peer: 'supervisor' }],
  ['hello with a token', { type: 'hello', v: 1, peer: 'cms', token: 'abcdefghijklmnop' }],
  ['ping', { type: 'ping', id: 7 }],
  ['ack', { type: 'ack', id: 7, timeMs: 1_764_547_200_000 }],
  ['login', { type: 'login', agent: 'agent-1', role: 'IC_AGENT' }],
  ['logoff', { type: 'logoff', agent: 'agent-1', reason: 'watchdog' }],
  ['ready', { type: 'ready', agent: 'agent-1' }],
  ['notReady', { type: 'notReady', agent: 'agent-1' }],
  ['notReady with a reason', { type: 'notReady', agent: 'agent-1', reason: 'noAnswer' }],
  ['offer', { type: 'offer', call: 'c1', agent: 'agent-1' }],
  ['accept', { type: 'accept', call: 'c1', agent: 'agent-1' }],
  ['reject', { type: 'reject', call: 'c1', agent: 'agent-1' }],
  ['end', { type: 'end', call: 'c1', agent: 'agent-1' }],
  ['error', { type: 'error', message: 'line too long' }],
];

const INVALID: [string, string, RegExp][] = [
  ['not JSON', '{"type":"ping"', /not valid JSON/],
  ['an array', '[1,2]', /one JSON object/],
  ['a string', '"ping"', /one JSON object/],
  ['no type', '{"id":1}', /unknown message type null/],
  ['an unknown type', '{"type":"dial","number":"110"}', /unknown message type "dial"/],
  ['an inherited name as type', '{"type":"constructor"}', /unknown message type "constructor"/],
  ['a missing field', '{"type":"login","agent":"a"}', /login: missing field "role"/],
  ['a negative ping id', '{"type":"ping","id":-1}', /ping\.id must be an integer ≥ 0/],
  ['a fractional ping id', '{"type":"ping","id":1.5}', /ping\.id must be an integer/],
  ['an empty agent', '{"type":"ready","agent":""}', /ready\.agent must be a non-empty string/],
  ['an agent id too long', JSON.stringify({ type: 'ready', agent: 'a'.repeat(MAX_ID_LENGTH + 1) }), /ready\.agent must be/],
  ['a numeric call id', '{"type":"accept","call":1,"agent":"a"}', /accept\.call must be/],
  ['an unknown peer', '{"type":"hello","v":1,"peer":"browser"}', /hello\.peer must be "supervisor" or "cms"/],
];

describe('CMS protocol messages', () => {
  it.each(VALID)('a %s message survives encode and parse unchanged', (_name, message) => {
    const line = encodeMessage(message);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(parseLine(line.slice(0, -1))).toEqual({ ok: true, message });
  });

  it.each(INVALID)('a line with %s is refused with a reason', (_name, line, reason) => {
    const r = parseLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(reason);
  });

  it('ignores fields it does not know, so a newer peer can add some', () => {
    expect(validateMessage({ type: 'ping', id: 3, traceId: 'x' })).toEqual({ ok: true, message: { type: 'ping', id: 3 } });
  });

  it('property: every valid message encodes to one line that parses back to it', () => {
    const id = fc.string({ minLength: 1, maxLength: 40 });
    const message: fc.Arbitrary<CmsMessage> = fc.oneof(
      fc.record({ type: fc.constant('ping' as const), id: fc.nat() }),
      fc.record({ type: fc.constant('ack' as const), id: fc.nat(), timeMs: fc.integer() }),
      fc.record({ type: fc.constant('login' as const), agent: id, role: id }),
      fc.record({ type: fc.constant('logoff' as const), agent: id, reason: fc.string() }),
      fc.record({ type: fc.constant('offer' as const), call: id, agent: id }),
      fc.record({ type: fc.constant('error' as const), message: fc.string({ maxLength: 200 }) }),
    );
    fc.assert(
      fc.property(message, (m) => {
        const line = encodeMessage(m);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        expect(parseLine(line.slice(0, -1))).toEqual({ ok: true, message: m });
      }),
    );
  });
});
