import { describe, expect, it } from 'vitest';
import type { CompiledConfig } from '../../src/config/compiled/types.js';
import { diffCompiled } from '../../src/config/compiled/diff.js';
import { checkFiles, compileChecked, PROFILES_DIR, readYamlDir } from '../helpers/config.js';
import { bestCpuMs } from '../helpers/cpu-time.js';

const bundled = readYamlDir(PROFILES_DIR);

function compileEdited(edit: (file: string, text: string) => string): CompiledConfig {
  return compileChecked(checkFiles(bundled.map(([f, t]) => [f, edit(f, t)] as [string, string])));
}

const base = compileChecked(checkFiles(bundled));

describe('diffCompiled', () => {
  it('reports no change for the same landscape', () => {
    const d = diffCompiled(base, compileChecked(checkFiles([...bundled].reverse())));
    expect(d.changed).toBe(false);
    expect(d.roles).toEqual([]);
    expect(d.oldHash).toBe(d.newHash);
  });

  it('shows a role moving from its own profile to DEFAULT as origin switches and value changes', () => {
    const next = compileEdited((f, t) => (f.endsWith('business-roles.yaml') ? t.replace('  heartbeatProfile: WATCHDOG\n', '') : t));
    const d = diffCompiled(base, next);
    expect(d.changed).toBe(true);
    const role = d.roles.find((r) => r.role === 'IC_SUPERVISOR');
    expect(role?.profile).toEqual({ old: 'WATCHDOG', new: 'DEFAULT' });
    expect(role?.mode).toEqual({ old: 'B', new: 'A' });
    expect(role?.values).toContainEqual({ field: 'watchdogEnabled', old: true, new: false });
    const ping = role?.originSwitches.find((s) => s.field === 'browserPingInterval');
    expect(ping?.old).toMatchObject({ source: 'role-profile', profile: 'WATCHDOG' });
    expect(ping?.new).toMatchObject({ source: 'default-profile', profile: 'DEFAULT' });
    // Same 30 s value from a different place: an origin switch without a value change.
    expect(role?.values.find((v) => v.field === 'browserPingInterval')).toBeUndefined();
    const sleep = role?.originSwitches.find((s) => s.field === 'watchdogSleepTime');
    expect(sleep?.newText).toBe('built-in default');
  });

  it('reports roles added and removed', () => {
    const next = compileEdited((f, t) => (f.endsWith('business-roles.yaml') ? t.replace('name: IC_MANAGER', 'name: IC_BACKOFFICE') : t));
    const d = diffCompiled(base, next);
    expect(d.rolesAdded).toEqual(['IC_BACKOFFICE']);
    expect(d.rolesRemoved).toEqual(['IC_MANAGER']);
  });

  it('reports driver parameter changes per configuration, and configuration parameters', () => {
    const next = compileEdited((f, t) =>
      f.endsWith('siebel-push-keep-alive.yaml') ? t.replace('PushKeepAliveTimer: 180', 'PushKeepAliveTimer: 240').replace('ChannelCleanupTimer: 600', 'ChannelCleanupTimer: 900') : t,
    );
    const [config] = diffCompiled(base, next).communicationsConfigurations.changed;
    expect(config?.name).toBe('IC Push Keep Alive');
    expect(config?.driverParameters).toEqual([
      expect.objectContaining({ profile: 'Push Keep Alive', parameter: 'PushKeepAliveTimer', old: expect.objectContaining({ value: 180_000 }), new: expect.objectContaining({ value: 240_000 }) }),
    ]);
    expect(config?.fields.map((f) => f.field)).toEqual(['pushKeepAlive', 'parameters.ChannelCleanupTimer']);
  });

  it('reports listener, keep-alive and CMS changes', () => {
    const next = compileEdited((f, t) =>
      t.replace(/(clopt: ".*)-K both/, '$1-K handler').replace('probeCount: 4', 'probeCount: 5').replace('ackTimeout: 5', 'ackTimeout: 3'),
    );
    const d = diffCompiled(base, next);
    expect(d.listeners.changed).toEqual([{ name: 'WSL', fields: [
      { field: 'clopt', old: '-A -- -n //ws.beasys.com:5120 -d /dev/tcp -K both', new: '-A -- -n //ws.beasys.com:5120 -d /dev/tcp -K handler' },
      { field: 'keepAlive', old: 'both', new: 'handler' },
    ] }]);
    expect(d.keepAlive).toEqual([{ field: 'probeCount', old: 4, new: 5 }]);
    expect(d.cms.changed).toEqual([{ name: 'CMS_MAIN', fields: [{ field: 'ackTimeoutMs', old: 5_000, new: 3_000 }] }]);
  });

  it('does not count a profile moved to another line as a change', () => {
    const next = compileEdited((f, t) => (f.endsWith('heartbeat-profiles.yaml') ? t.replace('#\n# Heartbeat profiles', '#\n#\n# Heartbeat profiles') : t));
    const d = diffCompiled(base, next);
    expect(next.hash).not.toBe(base.hash);
    expect(d.changed).toBe(false);
  });
});

describe('diffCompiled on a configuration of many profiles', () => {
  /** `base` with its first communications configuration listing `count` renamed copies of its first profile. */
  function withProfiles(count: number, prefix: string): CompiledConfig {
    const [name, config] = Object.entries(base.communicationsConfigurations)[0]!;
    const profile = config.profiles[0]!;
    const profiles = Array.from({ length: count }, (_, i) => ({ ...profile, name: `${prefix}${i}` }));
    return { ...base, communicationsConfigurations: { ...base.communicationsConfigurations, [name]: { ...config, profiles } } };
  }

  const bestMs = (run: () => void): number => bestCpuMs(run, 3);

  it('lists what was added and removed', () => {
    const d = diffCompiled(withProfiles(3, 'p'), withProfiles(4, 'p'));
    expect(d.communicationsConfigurations.changed.flatMap((c) => c.profilesAdded)).toEqual(['p3']);
  });

  // Every name renamed: each profile of one side is looked up among those of the other.
  it('takes time linear in the number of profiles: 4× the profiles, < 8× the time', { timeout: 60_000 }, () => {
    const n = 4_000;
    const [oldSmall, newSmall] = [withProfiles(n, 'p'), withProfiles(n, 'q')];
    const [oldLarge, newLarge] = [withProfiles(4 * n, 'p'), withProfiles(4 * n, 'q')];
    diffCompiled(oldSmall, newSmall);
    const small = bestMs(() => diffCompiled(oldSmall, newSmall));
    const large = bestMs(() => diffCompiled(oldLarge, newLarge));
    expect(large / Math.max(small, 10), `n: ${small.toFixed(1)} ms, 4n: ${large.toFixed(1)} ms`).toBeLessThan(8);
  });
});
