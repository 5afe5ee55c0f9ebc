import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN_KEYS } from '../../src/config/yaml/ast.js';
import { sha256Of } from '../../src/config/compiled/canonical-json.js';
import { isYaml11Boolean } from '../../src/config/hazards.js';
import { REPO_ROOT } from '../helpers/config.js';
import { doc, writeYamlFiles } from '../helpers/yaml-files.js';
import { hasStack, hbctl, type RunResult } from './_io.js';

/**
 * Names users may give roles, CMS, profiles, drivers, listeners and
 * parameters that are also members of every JavaScript object. Each must be
 * an entry like any other: never a lookup that finds Object.prototype.
 */
const schemaPattern = (file: string, def: string): RegExp => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8')) as { $defs: Record<string, { pattern: string }> };
  return new RegExp((schema.$defs[def] as { pattern: string }).pattern);
};
const ENTITY_NAME = schemaPattern('business-role.schema.json', 'name');
const PARAMETER_NAME = schemaPattern('communications-configuration.schema.json', 'parameterName');
const isEntityName = (name: string): boolean => ENTITY_NAME.test(name);
/** `__proto__` as a YAML key is an HB008 error by design (it would set a prototype); every other legal key is a parameter name. */
const isParameterName = (name: string): boolean => PARAMETER_NAME.test(name) && !FORBIDDEN_KEYS.has(name);

const ENTITY_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
const PARAMETER_NAMES = [...ENTITY_NAMES.filter(isParameterName), 'prototype', '__proto__x', '_proto_', '__defineGetter__', '__lookupSetter__', 'x__proto__'];
/** Parameter names HB008 refused until it refused only `__proto__`, and other members of every object. */
const KEY_NAMES = ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
/** A scenario names roles and CMS in values, not keys: any string may appear there. */
const REFERENCE_NAMES = [...ENTITY_NAMES, '__proto__', '__defineSetter__', 'prototype', '__proto__x'];

interface Names {
  /** Every role, heartbeat profile, CMS, driver, communications profile and configuration, and listener. */
  entity: string;
  parameter: string;
  /** The role the scenario's agents have (and the CMS of its fault). */
  scenarioRole?: string;
}

/** One configuration that uses `entity` for a name of every kind and `parameter` for driver, override and configuration parameters. */
function landscape({ entity: e, parameter: p, scenarioRole = e }: Names): Record<string, object[]> {
  return {
    'profiles/config.yaml': [
      // heartbeatLag 60s: an HB214 warning, so that findings are compared, not just their absence.
      doc('HeartbeatProfile', e, { browserPingInterval: 10, heartbeatLag: 60 }),
      doc('BusinessRole', e, { heartbeatProfile: e, communicationsConfiguration: e, cms: e }),
      doc('Cms', e, { endpoints: ['tcp://cms.example.com:7001'] }),
      doc('CommunicationsDriver', e, { channelType: 'Voice', parameters: { [p]: { type: 'integer', default: 1 } } }),
      doc('CommunicationsProfile', e, { driver: e, parameterOverrides: { [p]: 2 } }),
      doc('CommunicationsConfiguration', e, { profiles: [e], parameters: { [p]: 3 } }),
      doc('WorkstationListener', e, { srvgrp: 'G', srvid: 1, address: '//ws.example.com:5120', device: '/dev/tcp', keepAlive: 'handler', maxClients: 10 }),
    ],
    'scenario.yaml': [
      doc('Scenario', 'run', {
        duration: '2m',
        agents: [{ role: scenarioRole, count: 2 }],
        faults: [
          { at: '30s', type: 'cmsOutage', cms: scenarioRole, duration: '10s' },
          { at: '40s', type: 'workstationDrop', clients: 1, listener: e },
          // After the end: an HB301 warning.
          { at: '5m', type: 'browserCrash', agents: 1 },
        ],
      }),
    ],
  };
}

const NEUTRAL: Names = { entity: 'Neutral', parameter: 'Param' };
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function workDir(files: Record<string, object[]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hbctl-names-'));
  dirs.push(dir);
  await writeYamlFiles(dir, files);
  return dir;
}

function expectNoCrash(r: RunResult): void {
  expect(r.stderr).not.toMatch(/internal error/);
  expect(hasStack(r.stderr + r.stdout)).toBe(false);
}

const simulate = (dir: string) => hbctl(dir, ['simulate', 'profiles', '--scenario', 'scenario.yaml', '--format', 'json', '--quiet'], { NO_COLOR: '1' });

describe.each(ENTITY_NAMES)('every kind of entity named %s', (name) => {
  let dir: string;
  beforeAll(async () => {
    dir = await workDir(landscape({ entity: name, parameter: 'Param' }));
  });

  it('validates with the warnings of any other name (HB214, HB243, HB301) and no error', async () => {
    const r = await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const rules = (JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(rules).toEqual(['HB214', 'HB243', 'HB301']);
  });

  it('compiles to an entry of its own in every table, resolved through its own profile', async () => {
    const r = await hbctl(dir, ['compile', 'profiles']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as Record<string, Record<string, { name: string }>>;
    for (const table of ['roles', 'communicationsConfigurations', 'listeners', 'cms']) {
      expect(Object.keys(c[table] ?? {})).toEqual([name]);
      expect(Object.hasOwn(c[table] ?? {}, name)).toBe(true);
    }
    expect(c.roles?.[name]).toMatchObject({ heartbeat: { profile: name, heartbeatLagMs: { value: 60_000 } }, cms: name });
  });

  it('is explained with its own profile, driver and CMS', async () => {
    const r = await hbctl(dir, ['explain', name, 'profiles', '--format', 'json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ role: name, profile: name, cms: { name }, communicationsConfiguration: { name } });
  });

  it('diffs its compiled file against its YAML as "no changes" (the hash check reads it back)', async () => {
    const compiled = await hbctl(dir, ['compile', 'profiles', '-o', 'compiled.json']);
    expect(compiled.code).toBe(0);
    const r = await hbctl(dir, ['diff', 'compiled.json', 'profiles']);
    expectNoCrash(r);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
    expect(r.code).toBe(0);
  });

  it('is simulated: its agents log in to its CMS, which the fault takes down', async () => {
    const r = await simulate(dir);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { agents: number; runs: { faults: { affected?: number }[] }[] };
    expect(report.agents).toBe(2);
    expect(report.runs[0]?.faults[0]).toMatchObject({ affected: 1 });
  });
});

// Regression: `simulate` looked the scenario's role up with compiled.roles[role], found Object.prototype.constructor and crashed.
describe.each(REFERENCE_NAMES)('a scenario naming a role and a CMS %s that the configuration lacks', (name) => {
  it.each(['validate', 'simulate'])('is an HB300 error at the reference under %s, not an internal error', async (command) => {
    const dir = await workDir(landscape({ ...NEUTRAL, scenarioRole: name }));
    const r = command === 'validate' ? await hbctl(dir, ['validate', 'profiles', 'scenario.yaml'], { NO_COLOR: '1' }) : await simulate(dir);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    const quoted = name.replace(/\W/g, '\\$&');
    const text = r.stdout + r.stderr;
    expect(text).toMatch(new RegExp(`^scenario\\.yaml:8:13 +error +HB300 +no BusinessRole '${quoted}'`, 'm'));
    expect(text).toMatch(new RegExp(`^scenario\\.yaml:13:12 +error +HB300 +no Cms '${quoted}'`, 'm'));
  });
});

describe.each(PARAMETER_NAMES)('a parameter named %s', (name) => {
  it('compiles as the driver default, the override and the configuration parameter', async () => {
    const dir = await workDir(landscape({ ...NEUTRAL, parameter: name }));
    const r = await hbctl(dir, ['compile', 'profiles']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const config = (JSON.parse(r.stdout) as { communicationsConfigurations: Record<string, { parameters: object; profiles: { parameters: object }[] }> })
      .communicationsConfigurations['Neutral'];
    expect(Object.entries(config?.parameters ?? {})).toEqual([[name, { value: 3 }]]);
    expect(Object.entries(config?.profiles[0]?.parameters ?? {})).toEqual([[name, { type: 'integer', value: 2, origin: { source: 'profile-override', profile: 'Neutral' } }]]);
  });

  // Regression: diff read the side without the parameter as old[name], which is Object.prototype's member, not "absent".
  it('on one side of diff only is reported as added, old value null', async () => {
    const before = landscape(NEUTRAL);
    const after = landscape({ ...NEUTRAL, parameter: name });
    const dir = await workDir({ 'old/config.yaml': before['profiles/config.yaml'] ?? [], 'new/config.yaml': after['profiles/config.yaml'] ?? [] });
    const r = await hbctl(dir, ['diff', 'old', 'new', '--format', 'json']);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.stdout) as { communicationsConfigurations: { changed: { fields: unknown[]; driverParameters: unknown[] }[] } };
    const changed = diff.communicationsConfigurations.changed[0];
    expect(changed?.fields).toContainEqual({ field: `parameters.${name}`, old: null, new: { value: 3 } });
    expect(changed?.driverParameters).toContainEqual({
      profile: 'Neutral',
      parameter: name,
      old: null,
      new: { type: 'integer', value: 2, origin: { source: 'profile-override', profile: 'Neutral' } },
    });
  });
});

// Regression: HB008 refused `constructor` and `prototype` as keys ("could alter JavaScript object prototypes"), so no parameter could have those names.
describe.each(KEY_NAMES)('a parameter named %s, a key in the YAML', (name) => {
  let dir: string;
  let neutralDir: string;
  beforeAll(async () => {
    dir = await workDir(landscape({ ...NEUTRAL, parameter: name }));
    neutralDir = await workDir(landscape(NEUTRAL));
  });

  it('is a legal parameter name for the schema', () => {
    expect(isParameterName(name)).toBe(true);
  });

  it('validates with the findings of a neutral name, no HB008', async () => {
    const [r, neutral] = [await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']), await hbctl(neutralDir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json'])];
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(shapeOf(r)).toEqual(shapeOf(neutral));
    expect(r.stdout).not.toMatch(/HB008/);
  });

  it('compiles as the driver default, the override and the configuration parameter, own entries only', async () => {
    const r = await hbctl(dir, ['compile', 'profiles']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const config = (JSON.parse(r.stdout) as { communicationsConfigurations: Record<string, { parameters: object; profiles: { parameters: object }[] }> })
      .communicationsConfigurations['Neutral'];
    expect(Object.entries(config?.parameters ?? {})).toEqual([[name, { value: 3 }]]);
    expect(Object.keys(config?.profiles[0]?.parameters ?? {})).toEqual([name]);
  });

  it('is explained with its value and origin', async () => {
    const r = await hbctl(dir, ['explain', 'Neutral', 'profiles', '--format', 'json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(JSON.stringify(name));
    const text = await hbctl(dir, ['explain', 'Neutral', 'profiles'], { NO_COLOR: '1' });
    expectNoCrash(text);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(name);
  });

  it('diffs its compiled file against its YAML as "no changes", and against a neutral name as a change', async () => {
    expect((await hbctl(dir, ['compile', 'profiles', '-o', 'compiled.json'])).code).toBe(0);
    const same = await hbctl(dir, ['diff', 'compiled.json', 'profiles']);
    expectNoCrash(same);
    expect(same.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
    expect(same.code).toBe(0);
    const changed = await hbctl(dir, ['diff', join(neutralDir, 'profiles'), 'profiles', '--format', 'json']);
    expectNoCrash(changed);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(`"parameters.${name}"`);
  });

  it('is simulated like a neutral name', async () => {
    const r = await simulate(dir);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { agents: number }).agents).toBe(2);
  });
});

// A lookup of an absent name must find nothing: `parameters[name]` on a plain object would find Object.prototype.constructor.
describe('a parameter the driver does not declare', () => {
  const undeclared = (name: string): Record<string, object[]> => ({
    'profiles/config.yaml': [
      doc('CommunicationsDriver', 'D', { channelType: 'Voice', parameters: { P: { type: 'integer', default: 1 } } }),
      doc('CommunicationsProfile', 'CP', { driver: 'D', parameterOverrides: { [name]: 2 } }),
      doc('CommunicationsConfiguration', 'CC', { profiles: ['CP'], parameters: { [name]: 3 } }),
    ],
  });
  it.each(KEY_NAMES)('named %s gives the findings of an undeclared neutral name', async (name) => {
    const run = async (n: string) => hbctl(await workDir(undeclared(n)), ['validate', 'profiles', '--format', 'json']);
    const [r, neutral] = [await run(name), await run('Undeclared')];
    expectNoCrash(r);
    expect(r.code).toBe(neutral.code);
    expect(shapeOf(r)).toEqual(shapeOf(neutral));
    expect(shapeOf(neutral).length).toBeGreaterThan(0);
  });
});

describe('diff refuses a compiled file that holds a key hbctl compile never writes', () => {
  let dir: string;
  let compiledText: string;
  beforeAll(async () => {
    dir = await workDir(landscape(NEUTRAL));
    const r = await hbctl(dir, ['compile', 'profiles']);
    compiledText = r.stdout;
  });

  /** Parsed compiled config, edited by `edit`, rehashed by `rehash`, written as `name`. */
  async function tampered(name: string, edit: (c: Record<string, Record<string, unknown>>) => void, rehash: boolean): Promise<void> {
    const c = JSON.parse(compiledText) as Record<string, Record<string, unknown>>;
    edit(c);
    if (rehash) {
      const { hash: _old, ...body } = c;
      c['hash'] = sha256Of(body) as unknown as Record<string, unknown>;
    }
    await writeFile(join(dir, name), JSON.stringify(c));
  }
  const smuggle = (table: Record<string, unknown> | undefined, value: unknown) =>
    Object.defineProperty(table, '__proto__', { value, enumerable: true, configurable: true, writable: true });

  it.each([
    // The old hash check copied `__proto__` into a fresh object, which set that object's prototype: the key was not hashed and the file passed.
    ['a "__proto__" role under the hash hbctl computed without it', 'proto-role.json', false, /"__proto__" key at roles/],
    ['a "__proto__" role with a hash over every key', 'proto-role-rehashed.json', true, /"__proto__" key at roles/],
    ['a "__proto__" key inside keepAlive', 'proto-keepalive.json', true, /"__proto__" key at keepAlive/],
    ['a role entry whose name is not its key', 'renamed.json', true, /roles\.Other\.name is not 'Other'/],
  ] as const)('%s: exit 2, one line', async (_label, file, rehash, message) => {
    await tampered(
      file,
      (c) => {
        const role = c['roles']?.['Neutral'];
        if (file === 'renamed.json') Object.assign(c['roles'] ?? {}, { Other: role });
        else if (file === 'proto-keepalive.json') smuggle(c['keepAlive'], 1);
        else smuggle(c['roles'], { ...(role as object), name: '__proto__' });
      },
      rehash,
    );
    expect(await readFile(join(dir, file), 'utf8')).toMatch(file === 'renamed.json' ? /"Other"/ : /"__proto__"/);
    const r = await hbctl(dir, ['diff', file, 'profiles']);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

/** What a finding is, without its message (which quotes the name): rule, severity and position. */
const shapeOf = (r: RunResult): string[] =>
  (JSON.parse(r.stdout) as { findings: { rule: string; severity: string; file: string; line: number; column: number }[] }).findings.map(
    (f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}`,
  );

describe('property: any name, Object.prototype member or generated identifier', () => {
  const names = fc.oneof(
    fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
  )
    // `y`, `on`, `off`…: a plain scalar YAML 1.1 reads as a boolean has a hazard warning (HB104) of its own, wherever it stands.
    .filter((n) => n !== NEUTRAL.entity && n !== NEUTRAL.parameter && !isYaml11Boolean(n));

  it('never makes validate, compile or simulate fail internally, and gives the findings and exit codes of a neutral name', async () => {
    const run = async (n: Names) => {
      const dir = await workDir(landscape(n));
      const results = [
        await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']),
        await hbctl(dir, ['compile', 'profiles', '-o', 'out.json']),
        await simulate(dir),
      ];
      await rm(dir, { recursive: true, force: true });
      return results;
    };
    const neutral = await run(NEUTRAL);
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const results = await run({ entity: isEntityName(name) ? name : NEUTRAL.entity, parameter: isParameterName(name) ? name : NEUTRAL.parameter });
        for (const r of results) expectNoCrash(r);
        expect(results.map((r) => r.code)).toEqual(neutral.map((r) => r.code));
        expect(shapeOf(results[0] as RunResult)).toEqual(shapeOf(neutral[0] as RunResult));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('as a role and CMS the configuration lacks, always gives HB300 where a neutral missing name does', async () => {
    const run = async (scenarioRole: string) => {
      const dir = await workDir(landscape({ ...NEUTRAL, scenarioRole }));
      const results = [await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']), await simulate(dir)];
      await rm(dir, { recursive: true, force: true });
      return results;
    };
    const [missing] = await run('Missing');
    await fc.assert(
      fc.asyncProperty(names.filter((n) => n !== 'Missing'), async (name) => {
        const [validate, simulated] = await run(name);
        expectNoCrash(simulated as RunResult);
        expect(simulated?.code).toBe(1);
        expect(shapeOf(validate as RunResult)).toEqual(shapeOf(missing as RunResult));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
