import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc, writeYamlFiles } from '../helpers/yaml-files.js';
import { hbctl } from './_io.js';

/**
 * `validate` (and `compile`, `explain`, `diff` on YAML) check Scenario
 * documents as `simulate` does: every name they use against the
 * configuration (HB300, with did-you-mean) and every value the simulator
 * cannot run (HB301), at the YAML position of the offending node.
 */
const CONFIG = [
  doc('HeartbeatProfile', 'DEFAULT', { browserPingInterval: 10, heartbeatLag: 90 }),
  doc('BusinessRole', 'IC_AGENT', { cms: 'CMS_MAIN' }),
  doc('BusinessRole', 'IC_SUPERVISOR', { cms: 'CMS_MAIN' }),
  doc('Cms', 'CMS_MAIN', { endpoints: ['tcp://cms1.example.com:7001', 'tcp://cms2.example.com:7001'] }),
  doc('WorkstationListener', 'WSL', { srvgrp: 'G', srvid: 1, address: '//ws.example.com:5120', device: '/dev/tcp', keepAlive: 'none', maxClients: 10 }),
];

type Fault = Record<string, unknown>;
const scenario = (agents: { role: string; count: number }[], faults: Fault[] = []) =>
  doc('Scenario', 'what-if', { duration: '5m', agents, ...(faults.length > 0 ? { faults } : {}) });
const agents = [{ role: 'IC_AGENT', count: 10 }];

interface Case {
  name: string;
  scenario: object;
  rule: 'HB300' | 'HB301';
  severity: 'error' | 'warning';
  /** Text on the offending line; the finding points at the value after `key: `. */
  line: string;
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a misspelled agents role',
    scenario: scenario([{ role: 'IC_AGNT', count: 10 }]),
    rule: 'HB300', severity: 'error', line: 'role: IC_AGNT',
    message: /no BusinessRole 'IC_AGNT' in the configuration; did you mean 'IC_AGENT'\?/,
  },
  {
    name: 'a fault role without agents in the scenario',
    scenario: scenario(agents, [{ at: '1m', type: 'browserCrash', agents: 1, role: 'IC_SUPERVISOR' }]),
    rule: 'HB300', severity: 'error', line: 'role: IC_SUPERVISOR',
    message: /role 'IC_SUPERVISOR' has no agents in this scenario/,
  },
  {
    name: 'a misspelled listener',
    scenario: scenario(agents, [{ at: '1m', type: 'workstationDrop', clients: 1, listener: 'WLS' }]),
    rule: 'HB300', severity: 'error', line: 'listener: WLS',
    message: /no WorkstationListener 'WLS'; did you mean 'WSL'\?/,
  },
  {
    name: 'a misspelled CMS',
    scenario: scenario(agents, [{ at: '1m', type: 'cmsOutage', cms: 'CMS_MAN', duration: '30s' }]),
    rule: 'HB300', severity: 'error', line: 'cms: CMS_MAN',
    message: /no Cms 'CMS_MAN'; did you mean 'CMS_MAIN'\?/,
  },
  {
    name: 'an endpoint the CMS does not have',
    scenario: scenario(agents, [{ at: '1m', type: 'cmsOutage', cms: 'CMS_MAIN', endpoint: 'tcp://cms3.example.com:7001', duration: '30s' }]),
    rule: 'HB300', severity: 'error', line: 'endpoint: tcp://cms3.example.com:7001',
    message: /Cms 'CMS_MAIN' has no endpoint 'tcp:\/\/cms3\.example\.com:7001'/,
  },
  {
    name: 'more crashed agents than the scenario has',
    scenario: scenario(agents, [{ at: '1m', type: 'browserCrash', agents: 11 }]),
    rule: 'HB301', severity: 'error', line: 'agents: 11',
    message: /11 agents asked for, but there are only 10/,
  },
  {
    name: 'a fault after the end of the run',
    scenario: scenario(agents, [{ at: '10m', type: 'browserCrash', agents: 1 }]),
    rule: 'HB301', severity: 'warning', line: 'at: 10m',
    message: /at 10m is not before the end of the run \(5m\): this fault never happens/,
  },
];

const root = await mkdtemp(join(tmpdir(), 'hbctl-scenario-check-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A directory with the configuration under profiles/ and `scenarioDoc` in scenario.yaml. */
async function landscape(name: string, scenarioDoc: object): Promise<string> {
  const dir = join(root, name.replace(/\W+/g, '-'));
  await writeYamlFiles(dir, { 'profiles/config.yaml': CONFIG, 'scenario.yaml': [scenarioDoc] });
  return dir;
}

/** 1-based line and column of the value after `key: ` on the line holding `text`. */
async function positionOf(file: string, text: string): Promise<{ line: number; column: number }> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  expect(line, `"${text}" in ${file}`).toBeGreaterThanOrEqual(0);
  return { line: line + 1, column: (lines[line] as string).indexOf(text) + text.indexOf(': ') + 3 };
}

/** `file:line:col severity rule` of each finding line of text output. */
const findingLines = (text: string): string[] =>
  text.split('\n').filter((l) => /^\S+:\d+:\d+ {2}(error|warning) {2}HB\d+/.test(l)).map((l) => l.replace(/^(\S+) {2}(\S+) {2}(\S+) .*$/, '$1 $2 $3'));

describe.each(CASES)('a Scenario with $name', (c) => {
  let dir: string;
  beforeAll(async () => {
    dir = await landscape(c.name, c.scenario);
  });

  it(`is ${c.rule} (${c.severity}) under validate, at the offending value, in the exit code`, async () => {
    const r = await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']);
    const at = await positionOf(join(dir, 'scenario.yaml'), c.line);
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; severity: string; file: string; line: number; column: number; message: string }[] }).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: c.rule, severity: c.severity, file: 'scenario.yaml', ...at, message: expect.stringMatching(c.message) })]);
    expect(r.code).toBe(c.severity === 'error' ? 1 : 0);
    if (c.severity === 'warning') expect((await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--strict'])).code).toBe(1);
  });

  it('gives validate the same findings as simulate', async () => {
    const validated = await hbctl(dir, ['validate', 'profiles', 'scenario.yaml'], { NO_COLOR: '1' });
    const simulated = await hbctl(dir, ['simulate', 'profiles', '--scenario', 'scenario.yaml', '--format', 'json', '--quiet'], { NO_COLOR: '1' });
    expect(findingLines(validated.stdout)).toHaveLength(1);
    expect(findingLines(validated.stdout)).toEqual(findingLines(simulated.stderr));
  });

  it(`stops compile (with ${c.severity === 'error' ? 'exit 1 and nothing written' : 'a warning, and the output written'})`, async () => {
    const out = join(dir, `compiled-${c.severity}.json`);
    const r = await hbctl(dir, ['compile', 'profiles', 'scenario.yaml', '-o', out]);
    expect(findingLines(r.stderr)).toEqual(findingLines((await hbctl(dir, ['validate', 'profiles', 'scenario.yaml'], { NO_COLOR: '1' })).stdout));
    expect(r.code).toBe(c.severity === 'error' ? 1 : 0);
    const written = await access(out).then(() => true, () => false);
    expect(written).toBe(c.severity !== 'error');
  });
});

describe('Scenario documents and the other commands', () => {
  it('are checked when validate reads them from a directory, as in profiles/scenarios/', async () => {
    const dir = await landscape('in-directory', scenario([{ role: 'IC_AGNT', count: 10 }]));
    const r = await hbctl(dir, ['validate', '.', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['HB300']);
  });

  it('never reach the compiled output: compile gives the same bytes with or without them', async () => {
    const dir = await landscape('output', scenario(agents));
    const withScenario = await hbctl(dir, ['compile', 'profiles', 'scenario.yaml']);
    const without = await hbctl(dir, ['compile', 'profiles']);
    expect(withScenario.code).toBe(0);
    expect(withScenario.stdout).toBe(without.stdout);
    expect(withScenario.stdout).not.toContain('what-if');
  });

  it('are schema-checked first: a Scenario with schema errors gets those, not HB300/HB301 about the same values', async () => {
    const dir = await landscape('schema', scenario([{ role: 'IC_AGNT', count: 0 }]));
    const r = await hbctl(dir, ['validate', 'profiles', 'scenario.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['HB100']);
  });

  it('stop explain and a YAML side of diff like any other error finding', async () => {
    const dir = await landscape('explain-diff', scenario([{ role: 'IC_AGNT', count: 10 }]));
    const explained = await hbctl(dir, ['explain', 'IC_AGENT', 'profiles', 'scenario.yaml']);
    expect(explained.code).toBe(1);
    expect(explained.stderr).toMatch(/HB300/);
    const diffed = await hbctl(dir, ['diff', 'profiles', '.']);
    expect(diffed.code).toBe(2);
    expect(diffed.stderr).toMatch(/HB300/);
  });
});
