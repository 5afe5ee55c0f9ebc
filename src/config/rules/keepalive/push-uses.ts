import { isPushKeepAliveChannel, PUSH_KEEP_ALIVE_TIMER } from '../../builtin.js';
import type { ParameterOrigin } from '../../compiled/types.js';
import type { CommunicationsConfiguration, CommunicationsDriver, CommunicationsProfile, Landscape } from '../../model.js';
import { findByName, resolveDriverParameters, secondsValueMs } from '../../compiled/resolve.js';

/** One Push Keep Alive profile inside a communications configuration. */
export interface PushUse {
  profile: CommunicationsProfile;
  /** Index of the profile in the configuration's `profiles` list. */
  index: number;
  driver: CommunicationsDriver;
  /** PushKeepAliveTimer: the profile override, else the driver default; undefined when neither is a duration. */
  timerMs: number | undefined;
  timerOrigin: ParameterOrigin | undefined;
}

export function pushKeepAliveTimer(
  driver: CommunicationsDriver,
  profile: CommunicationsProfile | undefined,
): { timerMs: number | undefined; timerOrigin: ParameterOrigin | undefined } {
  const resolved = resolveDriverParameters(driver, profile)[PUSH_KEEP_ALIVE_TIMER];
  return { timerMs: resolved ? secondsValueMs(resolved.value) : undefined, timerOrigin: resolved?.origin };
}

/** The profiles of `config` whose driver has channel type Push Keep Alive. */
export function pushUses(landscape: Landscape, config: CommunicationsConfiguration): PushUse[] {
  const uses: PushUse[] = [];
  config.spec.profiles.forEach((name, index) => {
    const profile = findByName(landscape.communicationsProfiles, name);
    const driver = findByName(landscape.communicationsDrivers, profile?.spec.driver);
    if (!profile || !driver || !isPushKeepAliveChannel(driver.spec.channelType)) return;
    uses.push({ profile, index, driver, ...pushKeepAliveTimer(driver, profile) });
  });
  return uses;
}

export function parameterOriginText(origin: ParameterOrigin | undefined): string {
  if (!origin) return 'not set';
  return origin.source === 'profile-override' ? `override in profile '${origin.profile}'` : `default of driver '${origin.driver}'`;
}
