import { describe, expect, it } from 'vitest';
import { compileLandscape } from '../../../src/config/compiled/compile.js';
import type { CompiledConfig } from '../../../src/config/compiled/types.js';
import { checkText } from '../../../src/config/pipeline.js';
import { cmsOfRole, systemsOfCms } from '../../../src/runtime/index.js';
import { normalizeScenario } from '../../../src/sim/scenario/normalize.js';
import { MODE_B_CMS, profileYaml, roleYaml } from '../world/sim-helpers.js';

/**
 * The simulator looks roles, CMS and listeners up by the names a scenario
 * gives, also in a compiled config read from JSON (whose tables inherit from
 * Object.prototype): a name such as `constructor` is unknown there, never
 * the inherited member.
 */
const CONFIG = [
  profileYaml('DEFAULT', MODE_B_CMS),
  roleYaml('IC_AGENT', 'cms: CMS_MAIN'),
  'apiVersion: hbctl/v1\nkind: Cms\nmetadata: { name: CMS_MAIN }\nspec: { endpoints: [ "tcp://cms1:1" ] }\n',
  'apiVersion: hbctl/v1\nkind: WorkstationListener\nmetadata: { name: WSL }\nspec: { address: "//ws:1", device: /dev/tcp, keepAlive: none }\n',
].join('---\n');

const scenarioText = (name: string) => `apiVersion: hbctl/v1
kind: Scenario
metadata: { name: s }
spec:
  duration: 1h
  agents: [ { role: IC_AGENT, count: 10 }, { role: ${name}, count: 1 } ]
  faults:
    - { at: 1m, type: cmsOutage, cms: ${name}, duration: 1m }
    - { at: 2m, type: workstationDrop, clients: 1, listener: ${name} }
`;

/** As `JSON.parse` of a compiled file gives it: every table with Object.prototype. */
const fromJson = (c: CompiledConfig): CompiledConfig => JSON.parse(JSON.stringify(c)) as CompiledConfig;

describe.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__'])('a scenario name %s the configuration lacks', (name) => {
  const checked = checkText(`${CONFIG}---\n${scenarioText(name)}`, 'scenario.yaml');
  const doc = checked.landscape.scenarios[0];
  const compiled = compileLandscape(checked.landscape);

  it.each([
    ['compiled in this process', compiled],
    ['read back from JSON', fromJson(compiled)],
  ])('is an HB300 for the role, the CMS and the listener, with the config %s', (_label, config) => {
    if (doc === undefined) throw new Error(JSON.stringify(checked.findings));
    const result = normalizeScenario(doc, config);
    expect(result.scenario).toBeUndefined();
    expect(result.findings.filter((f) => f.rule === 'HB300').map((f) => f.path)).toEqual(['spec.agents.1.role', 'spec.faults.0.cms', 'spec.faults.1.listener']);
  });

  it('gives a role of that name the implicit CMS, and a CMS of that name one built-in system', () => {
    const config = fromJson(compiled);
    expect(cmsOfRole(config, name)).toBe('CMS_MAIN');
    expect(systemsOfCms(config, name)).toEqual([{ name, cms: name, endpoint: null, ackTimeoutMs: 5000 }]);
  });
});
