import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClopt } from '../../src/config/schema/clopt.js';
import type { KeepAliveMode } from '../../src/config/model.js';

describe('parseClopt', () => {
  it('parses the example of the Tuxedo documentation', () => {
    expect(parseClopt('-A -- -n //ws.beasys.com:5120 -d /dev/tcp -K both')).toEqual({
      ok: true,
      value: {
        address: '//ws.beasys.com:5120',
        device: '/dev/tcp',
        keepAlive: 'both',
        options: ['-A', '--', '-n', '//ws.beasys.com:5120', '-d', '/dev/tcp', '-K', 'both'],
      },
    });
  });

  it('takes -x as maxClients and ignores other listener options', () => {
    const r = parseClopt('-A -r -o out.log -- -n //h:1 -m 2 -M 10 -x 20 -T 60 -I 30 -p 6000 -P 6100 -H //ext:1');
    expect(r).toMatchObject({ ok: true, value: { address: '//h:1', maxClients: 20, keepAlive: 'none' } });
  });

  it('-K none is the same as no -K', () => {
    expect(parseClopt('-- -n //h:1 -K none')).toMatchObject({ ok: true, value: { keepAlive: 'none' } });
    expect(parseClopt('-- -n //h:1')).toMatchObject({ ok: true, value: { keepAlive: 'none' } });
  });

  it('accepts attached values and quoted values', () => {
    expect(parseClopt(`-A -- -n"//h:7" -Khandler -d '/dev/tcp'`)).toMatchObject({
      ok: true,
      value: { address: '//h:7', keepAlive: 'handler', device: '/dev/tcp', options: ['-A', '--', '-n', '//h:7', '-K', 'handler', '-d', '/dev/tcp'] },
    });
  });

  it('joins quoted and unquoted parts of one token; a backslash escapes " and \\ only inside double quotes', () => {
    expect(parseClopt(String.raw`-- -n //h:1 -d /dev/"a\"b\\c\d"'e\"f'g`)).toMatchObject({
      ok: true,
      value: { device: String.raw`/dev/a"b\c\de\"fg` },
    });
  });

  it('converts the hex address form', () => {
    expect(parseClopt('-- -n 0x00021400c0a80001')).toMatchObject({ ok: true, value: { address: '//192.168.0.1:5120' } });
  });

  it.each([
    ['-A -n //h:1', 'no "--"', 0],
    ['-A --', 'no -n', 0],
    ['-A -- -n //h:1 -K always', '-K takes client, handler, both or none; got "always"', 18],
    ['-A -- -n //h:1 -K', '-K needs a value', 17],
    ['-A -- -n //h:1 -Q 3', 'unknown listener option "-Q"', 15],
    ['-A -Z -- -n //h:1', 'unknown server option "-Z"', 3],
    ['-A -- -n host:1', '-n needs a network address', 9],
    ['-A -- -n //h:70000', '-n needs a network address', 9],
    ['-A -- -n //h:1 -x ten', '-x needs a whole number; got "ten"', 18],
    ['-A -- -n //h:1 -K both -K client', '-K is given twice', 23],
    ['-A -- -n "//h:1', 'unterminated double quote', 9],
    ['   ', 'CLOPT is empty', 0],
    ['-A -- stray -n //h:1', 'unexpected "stray"', 6],
  ])('%j fails: %s at offset %i', (text, fragment, offset) => {
    const r = parseClopt(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(fragment);
      expect(r.offset).toBe(offset);
    }
  });
});

const host = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);
const mode = fc.constantFrom<KeepAliveMode | undefined>('client', 'handler', 'both', 'none', undefined);
const listener = fc.record({
  host,
  port: fc.integer({ min: 1, max: 65535 }),
  device: fc.option(fc.constantFrom('/dev/tcp', '/dev/xti/tcp', '/dev/spx'), { nil: undefined }),
  keepAlive: mode,
  maxClients: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
  quote: fc.boolean(),
});

type Listener = typeof listener extends fc.Arbitrary<infer T> ? T : never;

function wslOptions(v: Listener): string[][] {
  const q = (s: string) => (v.quote ? `"${s}"` : s);
  const opts: string[][] = [['-n', q(`//${v.host}:${v.port}`)]];
  if (v.device !== undefined) opts.push(['-d', q(v.device)]);
  if (v.keepAlive !== undefined) opts.push(['-K', v.keepAlive]);
  if (v.maxClients !== undefined) opts.push(['-x', String(v.maxClients)]);
  return opts;
}

describe('parseClopt properties', () => {
  it('generated CLOPTs parse to the generating values, in any option order', () => {
    fc.assert(
      fc.property(listener, fc.infiniteStream(fc.nat()), fc.constantFrom('', '-A ', '-A -r '), (v, order, server) => {
        const opts = wslOptions(v);
        const shuffled = opts.map((o) => ({ o, k: order.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.o);
        const r = parseClopt(`${server}-- ${shuffled.map((o) => o.join(' ')).join(' ')}`);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.address).toBe(`//${v.host}:${v.port}`);
        expect(r.value.device).toBe(v.device);
        expect(r.value.keepAlive).toBe(v.keepAlive ?? 'none');
        expect(r.value.maxClients).toBe(v.maxClients);
      }),
    );
  });

  it('never throws, and failures point inside the string', () => {
    const text = fc.oneof(fc.string(), fc.array(fc.constantFrom('-A', '--', '-n', '//h:1', '-K', 'both', '"', "'", '-x', '5', 'x'), { maxLength: 10 }).map((a) => a.join(' ')));
    fc.assert(
      fc.property(text, (t) => {
        const r = parseClopt(t);
        if (!r.ok) {
          expect(r.offset).toBeGreaterThanOrEqual(0);
          expect(r.offset).toBeLessThanOrEqual(t.length);
          expect(r.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
