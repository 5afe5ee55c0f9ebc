import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledCms } from '../../../src/config/compiled/types.js';
import { systemsOfCms } from '../../../src/runtime/cms-systems.js';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../../src/supervisor/cms/backoff.js';
import { cmsTargets, parseHostPort } from '../../../src/supervisor/cms/endpoints.js';

function config(...docs: CompiledCms[]): { cms: Record<string, CompiledCms> } {
  const cms = Object.create(null) as Record<string, CompiledCms>;
  for (const d of docs) cms[d.name] = d;
  return { cms };
}

describe('parseHostPort', () => {
  it.each([
    ['tcp://cms1.example.com:7001', { host: 'cms1.example.com', port: 7001 }],
    ['127.0.0.1:7481', { host: '127.0.0.1', port: 7481 }],
    ['tcp://[::1]:9000', { host: '::1', port: 9000 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('reads %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each([['cms1'], ['tcp://cms1:'], ['cms1:65536'], ['http://cms1:80'], ['::1:80'], ['cms 1:80']])('refuses %s', (text) => {
    expect(parseHostPort(text)).toBeNull();
  });
});

describe('cmsTargets: the connections a compiled configuration asks for', () => {
  it('connects once to a Cms with one endpoint, under the Cms name', () => {
    expect(cmsTargets(config({ name: 'voice', endpoints: ['tcp://cms1:7001'], ackTimeoutMs: 3000 }))).toEqual([
      { system: 'voice', cms: 'voice', endpoint: 'tcp://cms1:7001', host: 'cms1', port: 7001, ackTimeoutMs: 3000 },
    ]);
  });

  it('connects to every endpoint of a Cms behind a load balancer, each a system NAME@endpoint', () => {
    const targets = cmsTargets(config({ name: 'voice', endpoints: ['tcp://a:1', 'tcp://b:2'], ackTimeoutMs: 5000 }));
    expect(targets.map((t) => [t.system, t.host, t.port])).toEqual([
      ['voice@tcp://a:1', 'a', 1],
      ['voice@tcp://b:2', 'b', 2],
    ]);
  });

  it('names its systems exactly as the simulator does, so both drive the same CMS entries', () => {
    const compiled = config(
      { name: 'zeta', endpoints: ['tcp://z:9'], ackTimeoutMs: 1000 },
      { name: 'alpha', endpoints: ['tcp://a:1', 'tcp://b:2', 'tcp://c:3'], ackTimeoutMs: 2000 },
    );
    const fromSim = ['alpha', 'zeta'].flatMap((name) => systemsOfCms(compiled as never, name)).map((s) => [s.name, s.ackTimeoutMs]);
    expect(cmsTargets(compiled).map((t) => [t.system, t.ackTimeoutMs])).toEqual(fromSim);
  });

  it('is empty without Cms documents, and reads a Cms named like an Object member as a name', () => {
    expect(cmsTargets(config())).toEqual([]);
    expect(cmsTargets(config({ name: 'constructor', endpoints: ['tcp://h:1'], ackTimeoutMs: 1 }))[0]?.system).toBe('constructor');
  });
});

describe('reconnect backoff', () => {
  it('property: waits grow from the initial wait, never exceed the cap, and never drop below half the ceiling', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, initialMs, maxMs, r) => {
        const ceilingMs = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
        const delayMs = backoffDelayMs(attempt, { initialMs, maxMs }, () => r);
        expect(delayMs).toBeLessThanOrEqual(maxMs);
        expect(delayMs).toBeGreaterThanOrEqual(Math.floor(ceilingMs / 2));
      }),
    );
  });

  it('is capped at 5 s by default after a few failures', () => {
    expect(DEFAULT_BACKOFF.maxMs).toBe(5000);
    expect(backoffDelayMs(0, DEFAULT_BACKOFF, () => 0)).toBe(50);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(100);
    for (const attempt of [6, 20, 1000]) {
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0)).toBe(2500);
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0.999_999)).toBe(5000);
    }
  });
});
