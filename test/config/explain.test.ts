import { describe, expect, it } from 'vitest';
import { explainRole, explainRoleNames, suggestRoleName } from '../../src/config/explain/role.js';
import { checkFiles, compileChecked, compileText, PROFILES_DIR, profileYaml, readYamlDir, roleYaml } from '../helpers/config.js';

const compiled = compileChecked(checkFiles(readYamlDir(PROFILES_DIR)));

describe('explainRole: values and origins', () => {
  it('lists every heartbeat value with its human duration and origin', () => {
    const e = explainRole(compiled, 'IC_AGENT');
    expect(e?.profile).toBe('STRICT');
    const lag = e?.values.find((v) => v.field === 'heartbeatWatchdogLag');
    expect(lag).toMatchObject({ value: 90_000, unit: 'ms', human: '1m30s (90s)', used: true, origin: { source: 'role-profile', profile: 'STRICT' } });
    expect(lag?.originText).toMatch(/^profile STRICT \(profiles\/heartbeat-profiles\.yaml:\d+\)$/);
    const modeALag = e?.values.find((v) => v.field === 'heartbeatLag');
    expect(modeALag).toMatchObject({ value: 150_000, used: false, origin: { source: 'default-profile' } });
  });

  it('says when a value is a built-in default', () => {
    const c = compileText(profileYaml('DEFAULT', { heartbeatLag: 150 }) + roleYaml('R'));
    const ping = explainRole(c, 'R')?.values.find((v) => v.field === 'browserPingInterval');
    expect(ping).toMatchObject({ value: 30_000, originText: 'built-in default', human: '30s' });
  });

  it('is undefined for an unknown role, with a suggestion for a near miss', () => {
    expect(explainRole(compiled, 'IC_AGNET')).toBeUndefined();
    expect(explainRole(compiled, 'toString')).toBeUndefined();
    expect(suggestRoleName(compiled, 'IC_AGNET')).toBe('IC_AGENT');
    expect(explainRoleNames(compiled)).toEqual(['IC_AGENT', 'IC_MANAGER', 'IC_SUPERVISOR']);
  });
});

describe('explainRole: detection bounds', () => {
  it('mode A: the next CMS event after heartbeatLag, one rejected call', () => {
    const e = explainRole(compiled, 'IC_MANAGER');
    expect(e?.mode).toBe('A');
    expect(e?.detection.browserDeath).toMatchObject({ mode: 'A', trigger: 'next-cms-event', lagMs: 150_000, rejectedCalls: 1 });
    expect(e?.detection.cmsOutage).toBeNull();
  });

  it('mode B: between heartbeatWatchdogLag and heartbeatWatchdogLag + watchdogSleepTime', () => {
    const e = explainRole(compiled, 'IC_SUPERVISOR');
    expect(e?.detection.browserDeath).toMatchObject({ mode: 'B', bestCaseMs: 180_000, worstCaseMs: 300_000, rejectedCalls: 0 });
    expect(e?.detection.cmsOutage).toBeNull();
  });

  it('B+CMS: outage found within cmsPingInterval + watchdogSleepTime + ackTimeout, everyone told one sleep later', () => {
    const e = explainRole(compiled, 'IC_AGENT');
    expect(e?.mode).toBe('B+CMS');
    expect(e?.detection.browserDeath).toMatchObject({ bestCaseMs: 90_000, worstCaseMs: 150_000 });
    expect(e?.detection.cmsOutage).toMatchObject({
      detectionMsMax: 30_000 + 60_000 + 5_000,
      allAgentsInformedMsMax: 30_000 + 60_000 + 5_000 + 60_000,
      pingIntervalMs: 30_000,
      sleepMs: 60_000,
      ackTimeoutMs: 5_000,
    });
    expect(e?.detection.cmsOutage?.text).toContain('every agent learns of it within one more sleep time');
  });

  it('notes the background-tab risk when the lag is under 70 s', () => {
    const c = compileText(profileYaml('DEFAULT', { browserPingInterval: 20, heartbeatLag: 60 }) + roleYaml('R'));
    expect(explainRole(c, 'R')?.notes.join('\n')).toContain('background tab');
    expect(explainRole(compiled, 'IC_AGENT')?.notes).toEqual([]);
  });
});

describe('explainRole: communications and CMS', () => {
  it('shows each driver parameter with value and origin, and when changes take effect', () => {
    const comms = explainRole(compiled, 'IC_AGENT')?.communicationsConfiguration;
    expect(comms).toMatchObject({ name: 'IC Push Keep Alive', cached: true, takesEffect: 'server-restart' });
    expect(comms?.takesEffectText).toContain('restarts');
    expect(comms?.parameters).toEqual([{ name: 'ChannelCleanupTimer', value: 600_000, unit: 'ms', human: '10m (600s)' }]);
    expect(comms?.profiles[0]?.parameters[0]).toMatchObject({
      name: 'PushKeepAliveTimer',
      value: 180_000,
      human: '3m (180s)',
      originText: 'override in profile Push Keep Alive',
    });
  });

  it('names the role CMS', () => {
    expect(explainRole(compiled, 'IC_AGENT')?.cms?.endpoints).toHaveLength(2);
  });
});
