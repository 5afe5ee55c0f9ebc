import type { Finding } from '../finding.js';
import type { Landscape } from '../model.js';
import { hb200 } from './hb200-duplicate-name.js';
import { hb201 } from './hb201-dangling-reference.js';
import { hb210 } from './hb210-watchdog-setting-without-watchdog.js';
import { hb211 } from './hb211-watchdog-sleep-without-watchdog.js';
import { hb212 } from './hb212-lag-not-longer-than-ping-interval.js';
import { hb213 } from './hb213-lag-tolerates-no-lost-ping.js';
import { hb214 } from './hb214-background-tab-gap.js';
import { hb215 } from './hb215-watchdog-sleep-exceeds-lag.js';
import { hb220 } from './hb220-unknown-parameter-override.js';
import { hb221 } from './hb221-parameter-type.js';
import { hb222 } from './hb222-required-parameter-missing.js';
import { hb230 } from './hb230-push-keepalive-without-cleanup.js';
import { hb231 } from './hb231-cleanup-not-longer-than-keepalive.js';
import { hb232 } from './hb232-push-keepalive-timer-missing.js';
import { hb240 } from './hb240-second-keepalive-settings.js';
import { hb241 } from './hb241-keepalive-non-tcp.js';
import { hb243 } from './hb243-keepalive-without-settings.js';
import { hb250 } from './hb250-role-builtin-fallback.js';
import { hb260 } from './hb260-unused-heartbeat-profile.js';
import { hb261 } from './hb261-unused-driver.js';
import { hb262 } from './hb262-unused-communications-profile.js';
import { hb263 } from './hb263-unused-communications-configuration.js';
import { hb264 } from './hb264-unused-cms.js';
import { withSharedProfileValues } from './_heartbeat.js';
import { STAGE_RULES } from './info.js';
import type { Rule, RuleInfo } from './types.js';

export type { Rule, RuleInfo } from './types.js';

/** The semantic rules, in id order. */
export const SEMANTIC_RULES: readonly Rule[] = [
  hb200, hb201, hb210, hb211, hb212, hb213, hb214, hb215, hb220, hb221, hb222,
  hb230, hb231, hb232, hb240, hb241, hb243, hb250, hb260, hb261, hb262, hb263, hb264,
];

function info({ id, name, severity, summary }: RuleInfo): RuleInfo {
  return { id, name, severity, summary };
}

/** Every rule id hbctl reports (loader, schema, normalise and semantic), sorted by id, for docs and SARIF. */
export const RULES: readonly RuleInfo[] = [...STAGE_RULES, ...SEMANTIC_RULES.map(info)].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);

export function ruleInfo(id: string): RuleInfo | undefined {
  return RULES.find((r) => r.id === id);
}

/** Runs every semantic rule on the normalised landscape. */
export function runRules(landscape: Landscape): Finding[] {
  return withSharedProfileValues(landscape, () => SEMANTIC_RULES.flatMap((rule) => rule.check(landscape)));
}
