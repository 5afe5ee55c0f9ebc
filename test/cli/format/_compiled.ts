import type { CompiledConfig, ResolvedHeartbeat } from '../../../src/config/compiled/types.js';

const DEFAULT_AT = { source: 'default-profile', profile: 'DEFAULT', file: 'profiles/hb.yaml', line: 6 } as const;
const WATCHDOG_AT = { source: 'role-profile', profile: 'WATCHDOG', file: 'profiles/hb.yaml', line: 14 } as const;
const BUILTIN = { source: 'builtin' } as const;

function modeA(lagMs: number): ResolvedHeartbeat {
  return {
    profile: 'DEFAULT',
    mode: 'A',
    browserPingIntervalMs: { value: 30_000, origin: DEFAULT_AT },
    heartbeatLagMs: { value: lagMs, origin: DEFAULT_AT },
    watchdogEnabled: { value: false, origin: BUILTIN },
    watchdogSleepTimeMs: { value: 120_000, origin: BUILTIN },
    heartbeatWatchdogLagMs: { value: 150_000, origin: BUILTIN },
    cmsPingIntervalMs: { value: 0, origin: BUILTIN },
  };
}

function modeBCms(): ResolvedHeartbeat {
  return {
    profile: 'WATCHDOG',
    mode: 'B+CMS',
    browserPingIntervalMs: { value: 20_000, origin: WATCHDOG_AT },
    heartbeatLagMs: { value: 150_000, origin: DEFAULT_AT },
    watchdogEnabled: { value: true, origin: WATCHDOG_AT },
    watchdogSleepTimeMs: { value: 60_000, origin: WATCHDOG_AT },
    heartbeatWatchdogLagMs: { value: 120_000, origin: WATCHDOG_AT },
    cmsPingIntervalMs: { value: 30_000, origin: WATCHDOG_AT },
  };
}

/** A small compiled config built by hand, so the formats are tested without the YAML pipeline. */
export function compiledFixture(lagMs = 150_000): CompiledConfig {
  return {
    apiVersion: 'hbctl/v1',
    kind: 'CompiledConfig',
    roles: {
      agent: { name: 'agent', heartbeat: modeA(lagMs), communicationsConfiguration: 'Contact Center', cms: 'telephony' },
      supervisor: { name: 'supervisor', heartbeat: modeBCms(), communicationsConfiguration: null, cms: 'telephony' },
    },
    communicationsConfigurations: {
      'Contact Center': {
        name: 'Contact Center',
        cached: true,
        takesEffect: 'server-restart',
        parameters: { ChannelCleanupTimer: { value: 600_000, unit: 'ms' } },
        profiles: [
          {
            name: 'Keep Alive',
            driver: { name: 'PKA', channelType: 'Push Keep Alive', libraryName: 'sscmimed', inbound: false, outbound: false },
            parameters: {
              PushKeepAliveTimer: { type: 'seconds', value: 120_000, unit: 'ms', origin: { source: 'profile-override', profile: 'Keep Alive' } },
            },
          },
        ],
        pushKeepAlive: { pushKeepAliveTimerMs: 120_000, channelCleanupTimerMs: 600_000 },
      },
    },
    listeners: {},
    keepAlive: { idleTimeMs: 300_000, probeIntervalMs: 30_000, probeCount: 4, origin: 'builtin' },
    cms: { telephony: { name: 'telephony', endpoints: ['tcp://cms1.example.com:7001'], ackTimeoutMs: 5_000 } },
    hash: `sha256:${lagMs.toString(16).padStart(64, '0')}`,
  };
}
