import { describe, expect, it } from 'vitest';
import { compileLandscape, hashOf } from '../../src/config/compiled/compile.js';
import type { Landscape } from '../../src/config/model.js';
import { profileHeartbeat, SET_ORIGIN, withHeartbeat, withOverrides } from '../../src/sim/compiled-variants.js';
import { MODE_A, MODE_B, prepare, profileYaml, roleYaml, scenarioYaml } from './world/sim-helpers.js';

const P = () =>
  prepare(
    profileYaml('DEFAULT', MODE_A),
    profileYaml('WATCHDOG', MODE_B),
    roleYaml('AGENT'),
    roleYaml('OTHER', 'heartbeatProfile: WATCHDOG'),
    scenarioYaml('duration: 20m\nagents: [ { role: AGENT, count: 1 } ]'),
  );

/** What --compare did before: recompile the landscape with the roles assigned the profile. */
function recompiled(landscape: Landscape, roles: string[], profile: string) {
  return compileLandscape({
    ...landscape,
    businessRoles: landscape.businessRoles.map((r) => (roles.includes(r.name) ? { ...r, spec: { ...r.spec, heartbeatProfile: profile } } : r)),
  });
}

describe('variants of a compiled config (--compare and --set without a recompile)', () => {
  it.each([['WATCHDOG'], ['DEFAULT']])('--compare %s gives the roles exactly what a recompile with that profile assigned gives them', (profile) => {
    const p = P();
    const variant = withHeartbeat(p.compiled, ['AGENT'], profileHeartbeat(p.landscape, profile)!);
    expect(variant).toEqual(recompiled(p.landscape, ['AGENT'], profile));
  });

  it('an unknown profile resolves to nothing', () => {
    expect(profileHeartbeat(P().landscape, 'NOPE')).toBeUndefined();
  });

  it('--set overrides the values of the listed roles only, with the command line as origin and the mode recomputed', () => {
    const p = P();
    const before = JSON.stringify(p.compiled);
    const variant = withOverrides(p.compiled, ['AGENT'], { watchdogEnabled: true, heartbeatWatchdogLagMs: 90_000 });
    const hb = variant.roles['AGENT']!.heartbeat;
    expect(hb.watchdogEnabled).toEqual({ value: true, origin: SET_ORIGIN });
    expect(hb.heartbeatWatchdogLagMs).toEqual({ value: 90_000, origin: SET_ORIGIN });
    expect(hb.browserPingIntervalMs).toEqual(p.compiled.roles['AGENT']!.heartbeat.browserPingIntervalMs);
    expect([p.compiled.roles['AGENT']!.heartbeat.mode, hb.mode]).toEqual(['A', 'B']);
    expect(hb.profile).toBe('DEFAULT');
    expect(variant.roles['OTHER']).toBe(p.compiled.roles['OTHER']);
    expect(JSON.stringify(p.compiled)).toBe(before);
  });

  it('a variant carries the hash of its own contents, and role names stay keys without a prototype', () => {
    const p = P();
    const variant = withOverrides(p.compiled, ['AGENT'], { heartbeatLagMs: 1000 });
    expect(variant.hash).toBe(hashOf(variant));
    expect(variant.hash).not.toBe(p.compiled.hash);
    expect(Object.getPrototypeOf(variant.roles)).toBeNull();
  });
});
