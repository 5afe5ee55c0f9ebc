import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopback, originAllowed, tokenMatches } from '../../../src/supervisor/http/auth.js';
import { connectionCap } from '../../../src/supervisor/http/fd-limit.js';
import { ConnectionRefusalLog } from '../../../src/supervisor/http/connection-refusals.js';
import { parseListenAddress } from '../../../src/supervisor/http/listen-address.js';
import { createSupervisorLogger } from '../../../src/supervisor/log.js';
import { Writable } from 'node:stream';

describe('--listen host:port', () => {
  it.each([
    ['127.0.0.1:7480', { host: '127.0.0.1', port: 7480 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:7480', { host: '::1', port: 7480 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
    ['localhost:9000', { host: 'localhost', port: 9000 }],
  ])('parses %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['7480', '127.0.0.1', '127.0.0.1:65536', ':7480', '::1:7480', 'host:port', '127.0.0.1:74 80'])('refuses %s', (text) => {
    expect(parseListenAddress(text)).toBeNull();
  });
});

describe('loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['127.example.com', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('Origin of a WebSocket upgrade', () => {
  it.each<[Record<string, string>, string[], boolean, string]>([
    [{ host: '127.0.0.1:7480' }, [], true, 'no Origin: not a browser page'],
    [{ host: '127.0.0.1:7480', origin: 'http://127.0.0.1:7480' }, [], true, 'the server’s own origin'],
    [{ host: 'sup.example:7480', origin: 'https://sup.example:7480' }, [], true, 'its own origin behind TLS'],
    [{ host: '127.0.0.1:7480', origin: 'http://127.0.0.1:7481' }, [], false, 'another port'],
    [{ host: '127.0.0.1:7480', origin: 'https://evil.example' }, [], false, 'another site'],
    [{ host: '127.0.0.1:7480', origin: 'null' }, [], false, 'an opaque origin'],
    [{ host: '127.0.0.1:7480', origin: 'https://crm.example' }, ['https://crm.example'], true, 'an allowed origin'],
    [{ origin: 'http://127.0.0.1:7480' }, [], false, 'no Host to compare with'],
  ])('%j with allowed %j: %s (%s)', (headers, allowed, expected, _why) => {
    expect(originAllowed(request(headers), allowed)).toBe(expected);
  });
});

describe('token comparison', () => {
  it.each([
    ['secret-token-0123456789', 'secret-token-0123456789', true],
    ['secret-token-0123456789', 'secret-token-012345678', false],
    ['secret-token-0123456789', 'secret-token-0123456780', false],
    ['secret-token-0123456789', null, false],
  ])('%s vs %s: %s', (expected, presented, ok) => {
    expect(tokenMatches(expected, presented)).toBe(ok);
  });
});

describe('connection cap below the open-file limit', () => {
  it.each([
    [15_000, null, 15_000],
    [15_000, 20_000, 15_000],
    [15_000, 10_000, 9_000],
    [15_000, 64, 32],
    [15_000, 20, 1],
  ])('configured %i, open-file limit %s: %i', (configured, fdLimit, cap) => {
    expect(connectionCap(configured, fdLimit)).toBe(cap);
  });
});

describe('refused connections are logged once per burst', () => {
  it('logs the first refusal of a burst, counts the rest, and reports the count with the next burst', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        cb();
      },
    });
    let now = 1_000_000;
    const log = new ConnectionRefusalLog(createSupervisorLogger({ destination: sink }), () => 32, () => now);
    for (let i = 0; i < 100; i++) {
      log.refused('connection-cap');
      now += 10;
    }
    expect(lines).toHaveLength(1);
    now += 6_000;
    log.refused('accept-failed', 'EMFILE');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ event: 'connections-refused', cause: 'connection-cap', maxConnections: 32, refusedInPreviousBurst: 0 });
    expect(lines[1]).toMatchObject({ event: 'connections-refused', cause: 'accept-failed', code: 'EMFILE', refusedInPreviousBurst: 100 });
  });
});
