import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStoreUrl, redactStoreUrl, type StoreTarget } from '../../../src/store/index.js';

function target(url: string): StoreTarget {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
}

describe('store URLs (--store)', () => {
  it.each<[string, StoreTarget]>([
    ['memory', { kind: 'memory' }],
    ['redis://localhost', { kind: 'standalone', endpoint: { host: 'localhost', port: 6379 }, db: 0, tls: false, username: undefined, password: undefined }],
    ['redis://10.0.0.5:6380/3', { kind: 'standalone', endpoint: { host: '10.0.0.5', port: 6380 }, db: 3, tls: false, username: undefined, password: undefined }],
    ['redis://:s%40cret@h:1/', { kind: 'standalone', endpoint: { host: 'h', port: 1 }, db: 0, tls: false, username: undefined, password: 's@cret' }],
    ['redis://ops:pw@h:7000/2', { kind: 'standalone', endpoint: { host: 'h', port: 7000 }, db: 2, tls: false, username: 'ops', password: 'pw' }],
    ['rediss://[::1]:6390', { kind: 'standalone', endpoint: { host: '::1', port: 6390 }, db: 0, tls: true, username: undefined, password: undefined }],
    [
      'redis+sentinel://s1:26379,s2/mymaster/4',
      { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], masterName: 'mymaster', db: 4, username: undefined, password: undefined },
    ],
    [
      'redis://a:7000,redis://b:7001',
      { kind: 'cluster', seeds: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }], tls: false, username: undefined, password: undefined },
    ],
    ['redis://a:7000,b:7001', { kind: 'cluster', seeds: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }], tls: false, username: undefined, password: undefined }],
  ])('%s', (url, expected) => {
    expect(target(url)).toEqual(expected);
  });

  it.each([
    ['localhost:6379', 'no scheme'],
    ['http://h', 'unknown scheme "http"'],
    ['redis://h:0', 'port "0" is not a whole number from 1 to 65535'],
    ['redis://h:65536', 'port "65536"'],
    ['redis://h:port', 'port "port"'],
    ['redis://h/x', 'database "x"'],
    ['redis://h/1/2', 'the path is /db'],
    ['redis://', 'no host'],
    ['redis://h?db=1', 'query strings'],
    ['redis+sentinel://s1', 'no master name'],
    ['redis+sentinel://s1/m/1/x', 'ends with /mastername[/db]'],
    ['redis://a:7000,redis://b:7001/1', 'only database 0'],
    ['redis://a,rediss://b', 'mix redis:// and rediss://'],
    ['redis://h%zz/', 'bad host'],
  ])('refuses %s with a clear message', (url, reason) => {
    const parsed = parseStoreUrl(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain(reason);
      expect(parsed.message).toMatch(/^invalid store URL /);
    }
  });

  it('never shows a password in a message', () => {
    const parsed = parseStoreUrl('redis://ops:hunter2@h:99999');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).not.toContain('hunter2');
    expect(redactStoreUrl('redis://a:x@h,redis://b:y@g')).toBe('redis://a:***@h,redis://b:***@g');
  });

  it('any string gives a target or a message, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `redis://${s}`), fc.string().map((s) => `redis+sentinel://${s}`)), (url) => {
        const parsed = parseStoreUrl(url);
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });

  it('a host, port and database round-trip through the URL', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z0-9-]{1,10}){0,3}$/);
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (h, port, db) => {
        expect(target(`redis://${h}:${port}/${db}`)).toMatchObject({ kind: 'standalone', endpoint: { host: h, port }, db });
      }),
    );
  });
});
