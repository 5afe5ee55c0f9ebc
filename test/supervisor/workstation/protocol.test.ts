import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encode,
  isLoopback,
  LineReader,
  parseClientMessage,
  parseListenerAddress,
  parseServerMessage,
} from '../../../src/supervisor/workstation/index.js';

describe('the workstation wire protocol: one JSON object a line', () => {
  it('reads the same lines however the byte stream is split into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n')), { maxLength: 8 }), fc.array(fc.nat(40)), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
        const reader = new LineReader(1000);
        const got: string[] = [];
        let at = 0;
        for (const cut of [...cuts, bytes.length]) {
          const next = Math.min(bytes.length, at + cut);
          const out = reader.push(bytes.subarray(at, next));
          expect(out).not.toBe('too-long');
          if (out !== 'too-long') got.push(...out);
          at = next;
        }
        expect(got).toEqual(lines.map((l) => l.replace(/\r$/, '')));
      }),
    );
  });

  it('refuses a line longer than its limit as soon as the bytes pass it, with or without the newline yet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 50 }), (limit, over) => {
        expect(new LineReader(limit).push(Buffer.alloc(limit + over, 'x'))).toBe('too-long');
        expect(new LineReader(limit).push(Buffer.from(`${'x'.repeat(limit + over)}\n`))).toBe('too-long');
        expect(new LineReader(limit).push(Buffer.from(`${'x'.repeat(limit)}\n`))).toEqual(['x'.repeat(limit)]);
      }),
    );
  });

  it.each([
    ['{"type":"hello"}', { type: 'hello' }],
    ['{"type":"hello","token":"t"}', { type: 'hello', token: 't' }],
    ['{"type":"call","id":3}', { type: 'call', id: 3 }],
    ['{"type":"probe","id":0}', { type: 'probe', id: 0 }],
    ['{"type":"probeAck","id":9}', { type: 'probeAck', id: 9 }],
    ['{"type":"bye"}', { type: 'bye' }],
    ['{"type":"call"}', null],
    ['{"type":"call","id":-1}', null],
    ['{"type":"call","id":1.5}', null],
    ['{"type":"call","id":"1"}', null],
    ['{"type":"hello","token":5}', null],
    ['{"type":"reply","id":1,"result":"ok"}', null],
    ['[1]', null],
    ['null', null],
    ['{"type":"__proto__"}', null],
    ['not json', null],
  ])('a client line %s is %j', (line, expected) => {
    expect(parseClientMessage(line)).toEqual(expected);
  });

  it('every message a listener sends reads back as itself', () => {
    const hello = { type: 'hello', listener: 'WSL', client: 1, keepAlive: 'both', device: null, keepAliveApplied: false, idleTimeMs: 1, probeIntervalMs: 2, probeCount: 3 } as const;
    for (const m of [
      hello,
      { type: 'reply', id: 1, result: 'TPESYSTEM' },
      { type: 'probe', id: 2 },
      { type: 'probeAck', id: 2 },
      { type: 'error', code: 'maxClients', message: 'full' },
      { type: 'bye' },
    ] as const) {
      expect(encode(m).endsWith('\n')).toBe(true);
      expect(parseServerMessage(encode(m).trimEnd())).toEqual(m);
    }
    expect(parseServerMessage('{"type":"reply","id":1,"result":"maybe"}')).toBeNull();
    expect(parseServerMessage(JSON.stringify({ ...hello, keepAlive: 'sometimes' }))).toBeNull();
    expect(parseServerMessage('{"type":"error","code":"other","message":""}')).toBeNull();
  });
});

describe('listener addresses', () => {
  it.each([
    ['//127.0.0.1:5120', { host: '127.0.0.1', port: 5120 }],
    ['//ws.example.com:1', { host: 'ws.example.com', port: 1 }],
    ['//[::1]:65535', { host: '::1', port: 65535 }],
    ['//host:0', null],
    ['//host:65536', null],
    ['host:5120', null],
    [null, null],
  ])('%s is %j', (address, expected) => {
    expect(parseListenerAddress(address)).toEqual(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.0.2.1', false],
    ['::', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
