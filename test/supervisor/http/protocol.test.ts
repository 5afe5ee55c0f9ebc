import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../../src/supervisor/http/protocol.js';

const SESSION = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('decodeClientMessage', () => {
  it.each([
    [{ type: 'hello', version: 1, agent: '1001', role: 'IC_AGENT' }],
    [{ type: 'resume', version: 1, session: SESSION }],
    [{ type: 'ping', session: SESSION, seq: 0 }],
    [{ type: 'accept', session: SESSION, callId: 'c-1' }],
    [{ type: 'reject', session: SESSION, callId: 'c:2' }],
    [{ type: 'goodbye', session: SESSION }],
  ])('accepts %j', (message) => {
    expect(decodeClientMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"type":"dance"}', 'unknown message type'],
    ['{"type":"ping","session":"AAAAAAAAAAAAAAAAAAAAAA","seq":1,"agent":"x"}', 'unknown field "agent"'],
    ['{"type":"ping","session":"AAAAAAAAAAAAAAAAAAAAAA"}', 'missing field "seq"'],
    ['{"type":"ping","session":"AAAAAAAAAAAAAAAAAAAAAA","seq":-1}', 'seq must be'],
    ['{"type":"ping","session":"short","seq":1}', 'session must be'],
    ['{"type":"hello","version":0,"agent":"a","role":"r"}', 'version must be'],
    ['{"type":"hello","version":1,"agent":"a b","role":"r"}', 'agent must be'],
    ['{"type":"hello","version":1,"agent":"a","role":""}', 'role must be'],
    ['{"type":"accept","session":"AAAAAAAAAAAAAAAAAAAAAA","callId":"<script>"}', 'callId must be'],
    ['{"__proto__":{"type":"ping"}}', 'unknown message type'],
  ])('rejects %s (%s)', (text, why) => {
    const decoded = decodeClientMessage(text);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toContain(why);
  });

  it('never throws, whatever the frame', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        expect(() => decodeClientMessage(text)).not.toThrow();
      }),
    );
  });

  it('decodes every well-formed ping to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0 }), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), (seq, session) => {
        const message = { type: 'ping', session, seq };
        expect(decodeClientMessage(JSON.stringify(message))).toEqual({ ok: true, message });
      }),
    );
  });
});
