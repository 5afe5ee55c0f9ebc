import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLandscape, compileLandscapeJson, hashOf, serializeCompiled } from '../../src/config/compiled/compile.js';
import { checkText, type CheckResult } from '../../src/config/pipeline.js';
import { parseCompiled } from '../../src/config/compiled/shape.js';
import { checkFiles, checkFixtureDir, compileChecked, compileText, doc, PROFILES_DIR, readYamlDir, RULE_FIXTURES } from '../helpers/config.js';

const bundled = readYamlDir(PROFILES_DIR);

describe('the bundled profiles/ landscape', () => {
  it('validates without errors or warnings', () => {
    expect(checkFiles(bundled).findings).toEqual([]);
  });

  it('compiles every role with its resolved heartbeat in ms', () => {
    const c = compileChecked(checkFiles(bundled));
    expect(Object.keys(c.roles)).toEqual(['IC_AGENT', 'IC_MANAGER', 'IC_SUPERVISOR']);
    expect(c.roles.IC_AGENT?.heartbeat.mode).toBe('B+CMS');
    expect(c.roles.IC_SUPERVISOR?.heartbeat.mode).toBe('B');
    expect(c.roles.IC_MANAGER?.heartbeat).toMatchObject({ profile: 'DEFAULT', mode: 'A', heartbeatLagMs: { value: 150_000 } });
  });
});

describe('compileLandscape: shape', () => {
  const c = compileChecked(checkFiles(bundled));

  it('is an hbctl/v1 CompiledConfig with a sha256 hash', () => {
    expect(c.apiVersion).toBe('hbctl/v1');
    expect(c.kind).toBe('CompiledConfig');
    expect(c.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('merges driver parameters (override over default) and converts seconds to ms', () => {
    const config = c.communicationsConfigurations['IC Push Keep Alive'];
    expect(config).toMatchObject({ cached: true, takesEffect: 'server-restart', parameters: { ChannelCleanupTimer: { value: 600_000, unit: 'ms' } } });
    expect(config?.profiles[0]?.driver).toEqual({ name: 'Push Keep Alive', channelType: 'Push Keep Alive', libraryName: 'sscmimed', inbound: true, outbound: false });
    expect(config?.profiles[0]?.parameters.PushKeepAliveTimer).toEqual({
      type: 'seconds',
      value: 180_000,
      unit: 'ms',
      origin: { source: 'profile-override', profile: 'Push Keep Alive' },
    });
    expect(config?.pushKeepAlive).toEqual({ pushKeepAliveTimerMs: 180_000, channelCleanupTimerMs: 600_000 });
  });

  it('parses the listener clopt and applies keep-alive on /dev/tcp', () => {
    expect(c.listeners.WSL).toMatchObject({
      srvgrp: 'WSLGRP',
      srvid: 1000,
      restart: true,
      grace: 0,
      address: '//ws.beasys.com:5120',
      device: '/dev/tcp',
      keepAlive: 'both',
      keepAliveApplied: true,
    });
    expect(c.keepAlive).toEqual({ idleTimeMs: 300_000, probeIntervalMs: 30_000, probeCount: 4, origin: 'settings' });
    expect(c.cms.CMS_MAIN).toEqual({ name: 'CMS_MAIN', endpoints: ['tcp://cms1.example.com:7001', 'tcp://cms2.example.com:7001'], ackTimeoutMs: 5_000 });
  });

  it('fills built-in keep-alive timing, CMS ackTimeout and a driver default when nothing sets them', () => {
    const small = compileText(`---
apiVersion: hbctl/v1
kind: Cms
metadata: { name: C }
spec: { endpoints: ["tcp://c.example.com:1"] }
---
apiVersion: hbctl/v1
kind: WorkstationListener
metadata: { name: W }
spec: { address: "//w.example.com:5120", device: /dev/xti }
`);
    expect(small.keepAlive).toEqual({ idleTimeMs: 300_000, probeIntervalMs: 30_000, probeCount: 4, origin: 'builtin' });
    expect(small.cms.C?.ackTimeoutMs).toBe(5_000);
    expect(small.listeners.W).toMatchObject({ keepAlive: 'none', keepAliveApplied: false, clopt: null, srvid: null, restart: false });
  });
});

describe('compileLandscape: determinism', () => {
  it('gives the same bytes twice and whatever the file order', () => {
    const first = serializeCompiled(compileChecked(checkFiles(bundled)));
    expect(serializeCompiled(compileChecked(checkFiles(bundled)))).toBe(first);
    expect(serializeCompiled(compileChecked(checkFiles([...bundled].reverse())))).toBe(first);
    const rotated = [...bundled.slice(2), ...bundled.slice(0, 2)];
    expect(serializeCompiled(compileChecked(checkFiles(rotated)))).toBe(first);
  });

  it('changes the hash when a value changes', () => {
    const base = compileChecked(checkFiles(bundled));
    const edited = bundled.map(([f, t]) => [f, t.replace('PushKeepAliveTimer: 180', 'PushKeepAliveTimer: 200')] as [string, string]);
    expect(compileChecked(checkFiles(edited)).hash).not.toBe(base.hash);
  });

  it('hashes the canonical JSON of everything but the hash', () => {
    const c = compileChecked(checkFiles(bundled));
    const { hash, ...body } = c;
    const canonical = serializeCompiled(body as typeof c);
    expect(hash).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
    expect(hashOf(c)).toBe(hash);
  });
});

describe('serializeCompiled: canonical JSON', () => {
  const text = serializeCompiled(compileChecked(checkFiles(bundled)));

  it('sorts keys at every level, indents by two spaces and ends with a newline', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"apiVersion": "hbctl\/v1",$/);
    const keysInOrder = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      if (!Array.isArray(value)) expect(Object.keys(value)).toEqual(Object.keys(value).sort());
      Object.values(value).forEach(keysInOrder);
    };
    keysInOrder(JSON.parse(text));
  });

  it('round-trips through parseCompiled', () => {
    const parsed = parseCompiled(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(serializeCompiled(parsed.value)).toBe(text);
  });
});

describe('compileLandscapeJson: one canonical pass for the hash and the text', () => {
  // Names and values that look like the top-level key the hash line is put before.
  const tricky = [
    'apiVersion: hbctl/v1\nkind: BusinessRole\nmetadata:\n  name: keepAlive\nspec:\n  communicationsConfiguration: hash\n',
    'apiVersion: hbctl/v1\nkind: CommunicationsConfiguration\nmetadata:\n  name: hash\nspec:\n  profiles: []\n  parameters:\n    keepAlive: "x\\n  \\"keepAlive\\": {"\n',
  ].join('---\n');

  // Roles sharing a profile, a role on the built-ins only, parameters declared and written out of
  // name order (some named like numbers), partial listeners and keep-alive settings.
  const varied = [
    doc('HeartbeatProfile', 'HP1', { heartbeatLag: 120, watchdogEnabled: true, watchdogSleepTime: '60s', heartbeatWatchdogLag: '2m30s' }),
    doc('HeartbeatProfile', 'HP2', { browserPingInterval: 20, heartbeatLag: 100, cmsPingInterval: 0 }),
    doc('BusinessRole', 'Z_ROLE', { heartbeatProfile: 'HP1', communicationsConfiguration: 'C1', cms: 'CMS1' }),
    doc('BusinessRole', 'A_ROLE', { heartbeatProfile: 'HP1' }),
    doc('BusinessRole', 'M_ROLE', { heartbeatProfile: 'HP2' }),
    doc('BusinessRole', 'B_ROLE', {}),
    doc('CommunicationsDriver', 'D1', {
      channelType: 'Voice',
      inbound: true,
      libraryName: 'sscmctid',
      parameters: {
        Zeta: { type: 'string', default: 'z' },
        lower: { type: 'seconds', default: '1m' },
        '10': { type: 'integer', default: 10 },
        _under: { type: 'integer', default: 1 },
        '9': { type: 'seconds', default: 9 },
        Alpha: { type: 'boolean', default: true },
      },
    }),
    doc('CommunicationsDriver', 'D0', { channelType: 'Push Keep Alive', parameters: { PushKeepAliveTimer: { type: 'seconds', default: 180 } } }),
    doc('CommunicationsProfile', 'P2', { driver: 'D1', parameterOverrides: { Zeta: 'y', '10': 3 } }),
    doc('CommunicationsProfile', 'P1', { driver: 'D0', parameterOverrides: { PushKeepAliveTimer: '2m' } }),
    doc('CommunicationsConfiguration', 'C1', { profiles: ['P2', 'P1'], parameters: { ZTimer: 5, ChannelCleanupTimer: 600, '2': 'x', Mode: 'on' }, cached: false }),
    doc('Cms', 'CMS1', { endpoints: ['tcp://b.example.com:7001', 'tcp://a.example.com:7001'] }),
    doc('Cms', 'CMS0', { endpoints: ['tcp://c.example.com:7001'], ackTimeout: '3s' }),
    doc('WorkstationListener', 'WSL2', { srvgrp: 'G', srvid: 2, clopt: '-A -- -n //ws.example.com:5000 -d /dev/tcp -K both -x 10' }),
    doc('WorkstationListener', 'WSL1', { srvid: 1, address: '//ws.example.com:5001', device: '/dev/tcp' }),
    doc('KeepAliveSettings', 'system', { idleTime: '5m' }),
  ].join('---\n');

  it.each<[string, CheckResult]>([
    ['the bundled profiles', checkFiles(bundled)],
    ['a role named keepAlive and a value that spells the key', checkText(tricky)],
    ['an empty landscape', checkText('')],
    ['a landscape of every kind, names out of order', checkText(varied)],
    ['the bundled profiles without their DEFAULT profile', checkFiles(bundled.map(([f, t]) => [f, t.replace(/\bname: DEFAULT\b/, 'name: NOT_DEFAULT')] as const))],
    ...readdirSync(RULE_FIXTURES).map((rule): [string, CheckResult] => [`the ${rule} fixtures`, checkFixtureDir(join(RULE_FIXTURES, rule))]),
  ])('%s: the same config and bytes as compileLandscape + serializeCompiled', (_name, result) => {
    const { compiled, text } = compileLandscapeJson(result.landscape);
    const separate = compileLandscape(result.landscape);
    expect(compiled).toEqual(separate);
    expect(text).toBe(serializeCompiled(separate));
  });

  it('builds every object of the config with its keys in sorted order, so that its plain JSON is canonical', () => {
    const { compiled } = compileLandscapeJson(checkText(varied.replace(/"(10|9|2)":/g, '"N$1":')).landscape);
    const unsorted: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      const keys = Object.keys(value);
      if (!Array.isArray(value) && keys.join() !== [...keys].sort().join()) unsorted.push(`${path}: ${keys.join(', ')}`);
      for (const key of keys) visit((value as Record<string, unknown>)[key], `${path}.${key}`);
    };
    visit(compiled, '');
    expect(unsorted).toEqual([]);
    expect(Object.keys(compiled.roles)).toEqual(['A_ROLE', 'B_ROLE', 'M_ROLE', 'Z_ROLE']);
  });
});

describe('compileLandscapeJson: property', () => {
  // Small pools, so that references hit and miss, names collide and sort in many orders.
  const name = fc.constantFrom('A', 'b', 'B1', '_x', 'DEFAULT', 'Zed', 'm.n');
  const seconds = fc.oneof(fc.integer({ min: 0, max: 900 }), fc.constantFrom('90s', '2m', '1m30s', 'soon'));
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
  const spec = (fields: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const parameter = fc.record({
    type: fc.constantFrom('seconds', 'integer', 'string', 'boolean'),
    default: maybe(fc.oneof(seconds, fc.boolean(), fc.constantFrom('x', 'on'))),
    required: maybe(fc.boolean()),
  });
  const documents = fc.array(
    fc.oneof(
      fc
        .record({ n: name, lag: maybe(seconds), ping: maybe(seconds), watchdog: maybe(fc.boolean()), sleep: maybe(seconds), cms: maybe(seconds) })
        .map((p) => doc('HeartbeatProfile', p.n, spec({ heartbeatLag: p.lag, browserPingInterval: p.ping, watchdogEnabled: p.watchdog, watchdogSleepTime: p.sleep, cmsPingInterval: p.cms }))),
      fc
        .record({ n: name, profile: maybe(name), config: maybe(name), cms: maybe(name) })
        .map((r) => doc('BusinessRole', r.n, spec({ heartbeatProfile: r.profile, communicationsConfiguration: r.config, cms: r.cms }))),
      fc
        .record({ n: name, push: fc.boolean(), parameters: fc.dictionary(fc.constantFrom('PushKeepAliveTimer', 'MaxCalls', 'host', 'A_Timer'), parameter) })
        .map((d) => doc('CommunicationsDriver', d.n, { channelType: d.push ? 'Push Keep Alive' : 'Voice', inbound: true, parameters: d.parameters })),
      fc
        .record({ n: name, driver: name, overrides: fc.dictionary(fc.constantFrom('PushKeepAliveTimer', 'MaxCalls', 'other'), fc.oneof(seconds, fc.boolean())) })
        .map((p) => doc('CommunicationsProfile', p.n, { driver: p.driver, parameterOverrides: p.overrides })),
      fc
        .record({ n: name, profiles: fc.array(name, { maxLength: 3 }), parameters: fc.dictionary(fc.constantFrom('ChannelCleanupTimer', 'ZTimer', 'Mode'), seconds), cached: fc.boolean() })
        .map(({ n, ...c }) => doc('CommunicationsConfiguration', n, c)),
      fc
        .record({ n: name, endpoints: fc.array(fc.constantFrom('tcp://a.example.com:7001', 'tcp://b.example.com:7002'), { minLength: 1, maxLength: 2 }), ack: maybe(seconds) })
        .map((c) => doc('Cms', c.n, spec({ endpoints: c.endpoints, ackTimeout: c.ack }))),
      fc
        .record({ n: name, srvid: maybe(fc.integer({ min: 1, max: 40 })), clopt: fc.boolean(), device: maybe(fc.constantFrom('/dev/tcp', '/dev/udp')) })
        .map((l) =>
          doc('WorkstationListener', l.n, spec(l.clopt ? { srvid: l.srvid, clopt: '-A -- -n //h.example.com:5000 -d /dev/tcp -K both' } : { srvid: l.srvid, address: '//h.example.com:5001', device: l.device })),
        ),
      fc.record({ idle: maybe(seconds), count: maybe(fc.integer({ min: 1, max: 9 })) }).map((k) => doc('KeepAliveSettings', 'system', spec({ idleTime: k.idle, probeCount: k.count }))),
    ),
    { maxLength: 24 },
  );

  it('gives the bytes of compileLandscape + serializeCompiled for any landscape, valid or not', () => {
    fc.assert(
      fc.property(documents, (docs) => {
        const result = checkText(docs.join(''));
        const { compiled, text } = compileLandscapeJson(result.landscape);
        const separate = compileLandscape(result.landscape);
        expect(text).toBe(serializeCompiled(separate));
        expect(compiled).toEqual(separate);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCompiled', () => {
  it.each([
    ['not json', 'not-json'],
    ['[]', 'not-compiled'],
    ['{"apiVersion":"hbctl/v1","kind":"HeartbeatProfile"}', 'not-compiled'],
    ['{"apiVersion":"hbctl/v1","kind":"CompiledConfig","roles":{}}', 'unusable'],
  ])('rejects %s as %s', (text, problem) => {
    expect(parseCompiled(text)).toMatchObject({ ok: false, problem });
  });
});

describe('compileLandscape: purity', () => {
  it('leaves compileLandscape pure: the landscape is not modified', () => {
    const result = checkFiles(bundled);
    const before = JSON.stringify(result.landscape.businessRoles.map((r) => r.spec));
    compileLandscape(result.landscape);
    expect(JSON.stringify(result.landscape.businessRoles.map((r) => r.spec))).toBe(before);
  });
});
