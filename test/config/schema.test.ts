import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/config/kinds.js';
import { getSchema, getSchemas, validateDocument } from '../../src/config/schema/validate.js';
import { docOf, summary } from '../fixtures/schema/doc.js';

const VALID_DIR = new URL('../fixtures/schema/valid/', import.meta.url);

function check(text: string) {
  return validateDocument(docOf(text));
}

function only(text: string) {
  const findings = check(text);
  expect(findings.map(summary)).toHaveLength(1);
  return findings[0]!;
}

const HEAD = (kind: string, name = 'x') => `apiVersion: hbctl/v1\nkind: ${kind}\nmetadata: {name: ${name}}\n`;

describe('valid documents pass', () => {
  const files = readdirSync(VALID_DIR).filter((f) => f.endsWith('.yaml'));
  it('has a valid fixture for every kind except Scenario', () => {
    const kinds = new Set(files.map((f) => /^kind: (\w+)$/m.exec(readFileSync(new URL(f, VALID_DIR), 'utf8'))?.[1]));
    for (const kind of KINDS.filter((k) => k !== 'Scenario')) expect(kinds).toContain(kind);
  });
  it.each(files)('%s has no findings', (file) => {
    expect(check(readFileSync(new URL(file, VALID_DIR), 'utf8')).map(summary)).toEqual([]);
  });
  it('a null document (~) has nothing to check', () => {
    expect(check('~\n')).toEqual([]);
  });
});

describe('HB103 envelope', () => {
  it('a document that is not a mapping', () => {
    const f = only('- a\n- b\n');
    expect(f).toMatchObject({ rule: 'HB103', severity: 'error', line: 1, column: 1 });
    expect(f.message).toContain('must be a mapping');
  });
  it('missing apiVersion', () => {
    const f = only('kind: Cms\nmetadata: {name: c}\nspec: {endpoints: ["tcp://a:1"]}\n');
    expect(f).toMatchObject({ rule: 'HB103', line: 1, column: 1 });
    expect(f.message).toContain("add 'apiVersion: hbctl/v1'");
  });
  it('wrong apiVersion points at the value', () => {
    const f = only('apiVersion: v1\nkind: BusinessRole\nmetadata: {name: r}\nspec: {}\n');
    expect(f).toMatchObject({ rule: 'HB103', line: 1, column: 13, path: 'apiVersion' });
    expect(f.message).toBe("apiVersion must be hbctl/v1; got the string 'v1'");
  });
  it('unknown kind suggests the nearest kind and skips the spec check', () => {
    const f = only('apiVersion: hbctl/v1\nkind: HeartbeatProfil\nmetadata: {name: p}\nspec: {bogus: 1}\n');
    expect(f).toMatchObject({ rule: 'HB103', severity: 'error', line: 2, column: 7 });
    expect(f.message).toBe("unknown kind 'HeartbeatProfil'; did you mean 'HeartbeatProfile'?");
  });
  it('unknown kind with no near match lists the kinds', () => {
    expect(only('apiVersion: hbctl/v1\nkind: Pod\nmetadata: {name: p}\n').message).toContain('known kinds: HeartbeatProfile, BusinessRole');
  });
  it('kind in the wrong case is suggested', () => {
    expect(only('apiVersion: hbctl/v1\nkind: cms\nmetadata: {name: p}\n').message).toContain("did you mean 'Cms'?");
  });
  it('missing metadata.name', () => {
    const f = only('apiVersion: hbctl/v1\nkind: BusinessRole\nmetadata: {labels: {a: b}}\nspec: {}\n');
    expect(f).toMatchObject({ rule: 'HB103', line: 3, column: 11, path: 'metadata' });
    expect(f.message).toContain('metadata.name is missing');
  });
  it('metadata.name that is not a string', () => {
    const f = only('apiVersion: hbctl/v1\nkind: BusinessRole\nmetadata: {name: 12}\nspec: {}\n');
    expect(f).toMatchObject({ rule: 'HB103', line: 3, column: 18 });
    expect(f.message).toContain('non-empty string');
  });
  it('metadata.name with characters a name cannot have', () => {
    const f = only('apiVersion: hbctl/v1\nkind: BusinessRole\nmetadata: {name: "a/b"}\nspec: {}\n');
    expect(f).toMatchObject({ rule: 'HB103', line: 3, column: 18 });
    expect(f.message).toContain('letters, digits');
  });
});

describe('HB101 unknown key', () => {
  it('suggests the nearest key', () => {
    const f = only(`${HEAD('HeartbeatProfile')}spec:\n  heartbeatLagg: 90\n`);
    expect(f).toMatchObject({ rule: 'HB101', severity: 'error', line: 5, column: 3, path: 'spec.heartbeatLagg' });
    expect(f.message).toBe("unknown key 'heartbeatLagg' in HeartbeatProfile.spec; did you mean 'heartbeatLag'?");
  });
  it('lists the allowed keys when nothing is near', () => {
    const f = only(`${HEAD('Cms')}spec:\n  endpoints: ["tcp://a:1"]\n  zzzzzz: 1\n`);
    expect(f.message).toBe("unknown key 'zzzzzz' in Cms.spec; allowed keys: endpoints, ackTimeout, description");
  });
  it('at the top level', () => {
    const f = only(`${HEAD('BusinessRole')}spec: {}\nspecs: {}\n`);
    expect(f).toMatchObject({ rule: 'HB101', line: 5, column: 1 });
    expect(f.message).toContain("in BusinessRole; did you mean 'spec'?");
  });
  it('in a nested mapping points at the key', () => {
    const f = only(`${HEAD('CommunicationsDriver')}spec:\n  channelType: Voice\n  parameters:\n    PushKeepAliveTimer:\n      type: seconds\n      requird: true\n`);
    expect(f).toMatchObject({ rule: 'HB101', line: 9, column: 7, path: 'spec.parameters.PushKeepAliveTimer.requird' });
    expect(f.message).toContain("CommunicationsDriver.spec.parameters.PushKeepAliveTimer; did you mean 'required'?");
  });
});

describe('HB102 invalid duration', () => {
  it('uses the duration parser message', () => {
    const f = only(`${HEAD('HeartbeatProfile')}spec:\n  heartbeatLag: 90 seconds\n`);
    expect(f).toMatchObject({ rule: 'HB102', severity: 'error', line: 5, column: 17, path: 'spec.heartbeatLag' });
    expect(f.message).toContain('heartbeatLag: "90 seconds" is not a duration');
  });
  it('misordered units', () => {
    expect(only(`${HEAD('KeepAliveSettings')}spec: {idleTime: 30s1m}\n`).message).toContain('largest to smallest');
  });
  it('a wrong type is one finding, not one per alternative', () => {
    const f = only(`${HEAD('Cms')}spec: {endpoints: ["tcp://a:1"], ackTimeout: [5]}\n`);
    expect(f.rule).toBe('HB102');
    expect(f.message).toContain('expected a duration');
  });
  it('longer than a year', () => {
    expect(only(`${HEAD('HeartbeatProfile')}spec: {heartbeatLag: 9000h}\n`).message).toContain('longer than a year');
  });
});

describe('HB100 schema', () => {
  it('a duration below its minimum says what to change', () => {
    const f = only(`${HEAD('HeartbeatProfile')}spec:\n  heartbeatLag: 0\n`);
    expect(f).toMatchObject({ rule: 'HB100', severity: 'error', line: 5, column: 17 });
    expect(f.message).toBe('heartbeatLag must be ≥ 1 s; got 0');
  });
  it('sub-second values for second-scale settings', () => {
    expect(only(`${HEAD('HeartbeatProfile')}spec: {browserPingInterval: 500ms}\n`).message).toBe('browserPingInterval must be ≥ 1 s; got 500ms');
  });
  it('cmsPingInterval may be 0 (off)', () => {
    expect(check(`${HEAD('HeartbeatProfile')}spec: {cmsPingInterval: 0}\n`)).toEqual([]);
  });
  it('wrong type', () => {
    const f = only(`${HEAD('WorkstationListener')}spec: {address: "//h:1", srvid: abc}\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 4, column: 33, path: 'spec.srvid' });
    expect(f.message).toBe("srvid must be an integer; got the string 'abc'");
  });
  it('integer range', () => {
    expect(only(`${HEAD('WorkstationListener')}spec: {address: "//h:1", srvid: 30001}\n`).message).toBe('srvid must be ≤ 30000; got 30001');
    expect(only(`${HEAD('KeepAliveSettings')}spec: {probeCount: 0}\n`).message).toBe('probeCount must be ≥ 1; got 0');
  });
  it('enum lists the values and suggests the nearest', () => {
    const f = only(`${HEAD('CommunicationsDriver')}spec: {channelType: Push Keepalive}\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 4, column: 21 });
    expect(f.message).toContain("channelType 'Push Keepalive' is not one of: Voice, Email");
    expect(f.message).toContain("did you mean 'Push Keep Alive'?");
  });
  it('required key, with what it is for', () => {
    const f = only(`${HEAD('CommunicationsProfile')}spec: {parameterOverrides: {}}\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 4, column: 7, path: 'spec' });
    expect(f.message).toContain("CommunicationsProfile.spec is missing required key 'driver' (Name of the CommunicationsDriver");
  });
  it('an empty spec says how to write an empty mapping', () => {
    const f = only(`${HEAD('HeartbeatProfile')}spec:\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 4, path: 'spec' });
    expect(f.message).toBe("spec is empty; write 'spec: {}' or add its entries");
  });
  it('missing spec', () => {
    expect(only(HEAD('BusinessRole')).message).toContain("BusinessRole needs 'spec'");
  });
  it('positions inside nested paths', () => {
    const f = only(`${HEAD('CommunicationsDriver')}spec:\n  channelType: Push Keep Alive\n  parameters:\n    PushKeepAliveTimer:\n      type: seconds\n      default: 1.5\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 9, column: 16, path: 'spec.parameters.PushKeepAliveTimer.default' });
    expect(f.message).toContain('must be a string, an integer or a boolean (true or false); got the number 1.5');
  });
  it('parameter names are checked at the key', () => {
    const f = only(`${HEAD('CommunicationsProfile')}spec:\n  driver: d\n  parameterOverrides:\n    "bad name": 1\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 7, column: 5 });
    expect(f.message).toContain("invalid key 'bad name'");
  });
  it('endpoint pattern says how to write it', () => {
    const f = only(`${HEAD('Cms')}spec:\n  endpoints:\n    - http://cms:80\n`);
    expect(f).toMatchObject({ line: 6, column: 7, path: 'spec.endpoints.0' });
    expect(f.message).toContain('write tcp://host:port');
  });
  it('duplicate list items point at the repeat', () => {
    const f = only(`${HEAD('CommunicationsConfiguration')}spec:\n  profiles: [a, b, a]\n`);
    expect(f).toMatchObject({ line: 5, column: 20 });
    expect(f.message).toBe("profiles lists 'a' twice (items 1 and 3); remove one");
  });
  it.each([
    ['profiles', 'CommunicationsConfiguration', 'profiles: [a, b, b, a]', "profiles lists 'a' twice (items 1 and 4); remove one"],
    ['endpoints', 'Cms', 'endpoints: ["tcp://a:1", "tcp://b:1", "tcp://b:1", "tcp://a:1"]', "endpoints lists 'tcp://a:1' twice (items 1 and 4); remove one"],
  ])('%s with several repeats: one finding, at the last item that repeats an earlier one', (_, kind, list, message) => {
    expect(only(`${HEAD(kind)}spec:\n  ${list}\n`).message).toBe(message);
  });
  it('empty endpoints', () => {
    expect(only(`${HEAD('Cms')}spec: {endpoints: []}\n`).message).toBe('endpoints needs at least 1 item');
  });
  it('clopt excludes the structured listener fields', () => {
    const f = only(`${HEAD('WorkstationListener')}spec:\n  clopt: "-A -- -n //h:1"\n  keepAlive: both\n`);
    expect(f).toMatchObject({ rule: 'HB100', line: 6, column: 3, path: 'spec.keepAlive' });
    expect(f.message).toBe("'keepAlive' cannot be combined with 'clopt' in WorkstationListener.spec; give either clopt or address/device/keepAlive/maxClients");
  });
  it('a listener needs clopt or address: one finding', () => {
    const f = only(`${HEAD('WorkstationListener')}spec: {srvid: 1}\n`);
    expect(f.message).toBe("WorkstationListener.spec needs 'clopt' or 'address'");
  });
});

describe('schemas', () => {
  it('getSchemas returns the committed schema file of every kind', () => {
    const schemas = getSchemas();
    for (const kind of KINDS) {
      const file = new URL(`../../schemas/${schemaFile(kind)}`, import.meta.url);
      expect(schemas[kind]).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      expect(getSchema(kind)).toBe(schemas[kind]);
    }
  });
  it('every object schema closes its keys and every property has a description', () => {
    for (const kind of KINDS.filter((k) => k !== 'Scenario')) {
      for (const node of objectSchemas(getSchema(kind))) {
        expect(node, `${kind}: additionalProperties`).toHaveProperty('additionalProperties');
        for (const [key, sub] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
          expect(typeof sub.description, `${kind}.${key} description`).toBe('string');
        }
      }
    }
  });
});

function schemaFile(kind: string): string {
  return `${kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
}

function objectSchemas(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (node === null || typeof node !== 'object') return out;
  const n = node as Record<string, unknown>;
  if (n.type === 'object' && n.properties) out.push(n);
  for (const v of Object.values(n)) objectSchemas(v, out);
  return out;
}
