import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { diffCompiled } from '../../../src/config/compiled/diff.js';
import { formatDiffText, valueText } from '../../../src/cli/format/diff.js';
import { compiledFixture } from './_compiled.js';

const plain = new Chalk({ level: 0 });
const labels = { old: 'old.json', new: 'new.json' };

describe('diff text format', () => {
  it('says "no changes" for identical configs', () => {
    const text = formatDiffText(diffCompiled(compiledFixture(), compiledFixture()), labels, plain);
    expect(text.trimEnd().split('\n').at(-1)).toBe('no changes');
    expect(text.split('\n')[0]).toMatch(/^old\.json \(sha256:[0-9a-f]{64}\) → new\.json \(sha256:[0-9a-f]{64}\)$/);
  });

  it('prints per role each changed value old → new and a summary', () => {
    const text = formatDiffText(diffCompiled(compiledFixture(150_000), compiledFixture(90_000)), labels, plain);
    expect(text).toContain('~ role agent\n    heartbeatLag  2m30s (150s)  →  1m30s (90s)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 role changed');
  });

  it('shows origin switches, profile and mode changes, added and removed roles', () => {
    const oldC = compiledFixture();
    const newC = compiledFixture();
    const agent = newC.roles['agent'];
    if (agent === undefined) throw new Error('fixture');
    agent.heartbeat = { ...agent.heartbeat, heartbeatLagMs: { value: 150_000, origin: { source: 'builtin' } } };
    newC.roles['newbie'] = { ...agent, name: 'newbie' };
    delete newC.roles['supervisor'];
    const text = formatDiffText(diffCompiled(oldC, newC), labels, plain);
    expect(text).toContain('heartbeatLag origin  profile DEFAULT (profiles/hb.yaml:6)  →  built-in default');
    expect(text).toContain('+ role newbie');
    expect(text).toContain('- role supervisor');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 role changed, 1 added, 1 removed');
  });

  it('lists configuration, driver parameter and CMS changes', () => {
    const newC = compiledFixture();
    const cfg = newC.communicationsConfigurations['Contact Center'];
    const cms = newC.cms['telephony'];
    if (cfg === undefined || cms === undefined) throw new Error('fixture');
    cfg.parameters['ChannelCleanupTimer'] = { value: 300_000, unit: 'ms' };
    const p = cfg.profiles[0]?.parameters['PushKeepAliveTimer'];
    if (p === undefined) throw new Error('fixture');
    cfg.profiles[0]!.parameters['PushKeepAliveTimer'] = { ...p, value: 180_000, origin: { source: 'driver-default', driver: 'PKA' } };
    cms.ackTimeoutMs = 3_000;
    const text = formatDiffText(diffCompiled(compiledFixture(), newC), labels, plain);
    expect(text).toContain('~ communications configuration Contact Center');
    expect(text).toMatch(/parameters\.ChannelCleanupTimer +10m \(600s\) +→ +5m \(300s\)/);
    expect(text).toMatch(/Keep Alive: PushKeepAliveTimer +2m \(120s\) \(override in profile Keep Alive\) +→ +3m \(180s\) \(default of driver PKA\)/);
    expect(text).toMatch(/~ CMS telephony\n +ackTimeoutMs +5s +→ +3s/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('0 roles changed, 2 other changes');
  });

  it.each([
    ['heartbeatLag', 90_000, '1m30s (90s)'],
    ['cmsPingInterval', 0, 'off'],
    ['ackTimeoutMs', 5_000, '5s'],
    ['watchdogEnabled', true, 'true'],
    ['cms', null, '(none)'],
    ['endpoints', ['tcp://a:1'], '["tcp://a:1"]'],
    ['srvid', 100, '100'],
    ['parameters.ChannelCleanupTimer', { value: 600_000, unit: 'ms' }, '10m (600s)'],
    ['parameters.Mode', { value: 'fast' }, 'fast'],
    ['pushKeepAlive', { pushKeepAliveTimerMs: 120_000, channelCleanupTimerMs: 600_000 }, 'channelCleanupTimerMs=10m (600s), pushKeepAliveTimerMs=2m (120s)'],
  ])('shows %s = %j as %j', (field, value, text) => {
    expect(valueText(field, value)).toBe(text);
  });
});
