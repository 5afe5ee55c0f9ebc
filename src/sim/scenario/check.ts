import { compileLandscape } from '../../config/compiled/index.js';
import type { LoadedDocument } from '../../config/document.js';
import type { Finding } from '../../config/finding.js';
import type { Landscape } from '../../config/model.js';
import { normalizeScenario } from './normalize.js';

/**
 * The HB300/HB301 findings of every Scenario document, the same that
 * `hbctl simulate` reports for the one it runs, for the commands that check
 * without simulating. The configuration is compiled once, and only when a
 * Scenario is there to check. A Scenario with schema errors is left to
 * those, as simulate leaves it: its values are not yet what this check reads,
 * and reporting them twice under two rules would only be noise.
 */
export function checkScenarios(landscape: Landscape, hasSchemaErrors: (doc: LoadedDocument) => boolean): Finding[] {
  const scenarios = landscape.scenarios.filter((s) => !hasSchemaErrors(s.doc));
  if (scenarios.length === 0) return [];
  const compiled = compileLandscape(landscape);
  return scenarios.flatMap((s) => normalizeScenario(s, compiled).findings);
}
