import { describe, expect, it } from 'vitest';
import type { ResolvedHeartbeat } from '../../src/config/compiled/types.js';
import { heartbeatSettingsOf } from '../../src/runtime/settings.js';

describe('the engine settings of a resolved profile', () => {
  it('are the six resolved values without their origins', () => {
    const origin = { source: 'builtin' } as const;
    const resolved: ResolvedHeartbeat = {
      profile: null,
      mode: 'B+CMS',
      browserPingIntervalMs: { value: 1, origin },
      heartbeatLagMs: { value: 2, origin },
      watchdogEnabled: { value: true, origin },
      watchdogSleepTimeMs: { value: 3, origin },
      heartbeatWatchdogLagMs: { value: 4, origin },
      cmsPingIntervalMs: { value: 5, origin },
    };
    expect(heartbeatSettingsOf(resolved)).toEqual({
      browserPingIntervalMs: 1,
      heartbeatLagMs: 2,
      watchdogEnabled: true,
      watchdogSleepTimeMs: 3,
      heartbeatWatchdogLagMs: 4,
      cmsPingIntervalMs: 5,
    });
  });
});
