import type { Finding } from '../finding.js';
import type { Landscape } from '../model.js';
import { hb200, hb201 } from './names/index.js';
import { hb210, hb211, hb212, hb213, hb214, hb215 } from './heartbeat-timing/index.js';
import { hb220, hb221, hb222 } from './parameters/index.js';
import { hb230, hb231, hb232, hb240, hb241, hb243 } from './keepalive/index.js';
import { hb250 } from './roles/index.js';
import { hb260, hb261, hb262, hb263, hb264 } from './unused/index.js';
import { withSharedProfileValues } from './shared/index.js';
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
