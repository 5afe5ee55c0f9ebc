import type { Entity, Landscape } from '../../model.js';
import type { Kind } from '../../kinds.js';
import { defineRule, type Rule, type RuleInfo } from '../types.js';

interface UnusedSpec {
  entities(landscape: Landscape): readonly Entity<Kind, unknown>[];
  /** Names referenced from elsewhere. */
  used(landscape: Landscape): Iterable<string>;
  /** Who would reference it: "no BusinessRole refers to it". */
  nobody: string;
  /** Entities that count as used without a reference (DEFAULT). */
  implicit?: (name: string) => boolean;
}

/** An unreferenced definition is dead configuration, often a sign of a misspelt reference elsewhere. */
export function unusedRule(info: RuleInfo, spec: UnusedSpec): Rule {
  return defineRule(info, (landscape, report) => {
    const used = new Set(spec.used(landscape));
    for (const entity of spec.entities(landscape)) {
      if (used.has(entity.name) || spec.implicit?.(entity.name)) continue;
      report(
        entity.doc,
        ['metadata', 'name'],
        `${entity.kind} '${entity.name}' is not used: ${spec.nobody}; reference it or delete it`,
      );
    }
  });
}
