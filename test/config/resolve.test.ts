import { describe, expect, it } from 'vitest';
import { BUILTIN_HEARTBEAT } from '../../src/config/builtin.js';
import { findByName, resolveDriverParameters, resolveHeartbeat } from '../../src/config/compiled/resolve.js';
import { checkText, errorsOf, profileYaml, roleYaml } from '../helpers/config.js';

const DEFAULT = profileYaml('DEFAULT', { heartbeatLag: 120, watchdogSleepTime: 60 });
const STRICT = profileYaml('STRICT', { browserPingInterval: 20, watchdogEnabled: true, heartbeatWatchdogLag: 90 });

function landscape(text: string) {
  const result = checkText(text, 'landscape.yaml');
  expect(errorsOf(result)).toEqual([]);
  return result.landscape;
}

describe('resolveHeartbeat: role profile → DEFAULT → built-in, per field', () => {
  const l = landscape(DEFAULT + STRICT + roleYaml('IC_AGENT', { heartbeatProfile: 'STRICT' }) + roleYaml('IC_MANAGER'));

  it('takes each field from the first place that sets it and records where', () => {
    const r = resolveHeartbeat(l, 'IC_AGENT');
    expect(r.profile).toBe('STRICT');
    expect(r.browserPingIntervalMs).toEqual({ value: 20_000, origin: { source: 'role-profile', profile: 'STRICT', file: 'landscape.yaml', line: 15 } });
    expect(r.watchdogEnabled.value).toBe(true);
    expect(r.heartbeatWatchdogLagMs.value).toBe(90_000);
    expect(r.heartbeatLagMs).toEqual({ value: 120_000, origin: { source: 'default-profile', profile: 'DEFAULT', file: 'landscape.yaml', line: 7 } });
    expect(r.watchdogSleepTimeMs.value).toBe(60_000);
    expect(r.watchdogSleepTimeMs.origin.source).toBe('default-profile');
    expect(r.cmsPingIntervalMs).toEqual({ value: 0, origin: { source: 'builtin' } });
  });

  it('gives a role without a profile the DEFAULT profile, then built-ins', () => {
    const r = resolveHeartbeat(l, 'IC_MANAGER');
    expect(r.profile).toBe('DEFAULT');
    expect(r.mode).toBe('A');
    expect(r.heartbeatLagMs.value).toBe(120_000);
    expect(r.browserPingIntervalMs).toEqual({ value: BUILTIN_HEARTBEAT.browserPingIntervalMs, origin: { source: 'builtin' } });
  });

  it('falls back to built-ins only when there is no DEFAULT', () => {
    const r = resolveHeartbeat(landscape(roleYaml('IC_MANAGER')), 'IC_MANAGER');
    expect(r.profile).toBeNull();
    expect(r.mode).toBe('A');
    for (const key of ['browserPingIntervalMs', 'heartbeatLagMs', 'watchdogSleepTimeMs', 'heartbeatWatchdogLagMs', 'cmsPingIntervalMs'] as const) {
      expect(r[key]).toEqual({ value: BUILTIN_HEARTBEAT[key], origin: { source: 'builtin' } });
    }
  });

  it('reports DEFAULT as a default-profile origin even when the role names it explicitly', () => {
    const r = resolveHeartbeat(landscape(DEFAULT + roleYaml('IC_X', { heartbeatProfile: 'DEFAULT' })), 'IC_X');
    expect(r.profile).toBe('DEFAULT');
    expect(r.heartbeatLagMs.origin.source).toBe('default-profile');
  });
});

describe('resolveHeartbeat: mode', () => {
  it.each([
    [{ heartbeatLag: 150 }, 'A'],
    [{ watchdogEnabled: true }, 'B'],
    [{ watchdogEnabled: true, cmsPingInterval: 0 }, 'B'],
    [{ watchdogEnabled: true, cmsPingInterval: 30 }, 'B+CMS'],
  ] as const)('%j is mode %s', (spec, mode) => {
    const l = landscape(profileYaml('P', spec) + roleYaml('R', { heartbeatProfile: 'P' }));
    expect(resolveHeartbeat(l, 'R').mode).toBe(mode);
  });
});

describe('resolveDriverParameters: driver default ← profile override', () => {
  const text = `---
apiVersion: hbctl/v1
kind: CommunicationsDriver
metadata:
  name: PKA
spec:
  channelType: Push Keep Alive
  libraryName: sscmimed
  parameters:
    PushKeepAliveTimer: { type: seconds, default: 300 }
    Label: { type: string, default: keepalive }
    Optional: { type: integer }
---
apiVersion: hbctl/v1
kind: CommunicationsProfile
metadata:
  name: P
spec:
  driver: PKA
  parameterOverrides:
    PushKeepAliveTimer: 180
`;
  it('takes the override where there is one and the default elsewhere, with origins', () => {
    const l = landscape(text);
    const driver = findByName(l.communicationsDrivers, 'PKA');
    const profile = findByName(l.communicationsProfiles, 'P');
    if (!driver) throw new Error('driver missing');
    expect(resolveDriverParameters(driver, profile)).toEqual({
      PushKeepAliveTimer: { type: 'seconds', value: 180, origin: { source: 'profile-override', profile: 'P' } },
      Label: { type: 'string', value: 'keepalive', origin: { source: 'driver-default', driver: 'PKA' } },
    });
  });
});
