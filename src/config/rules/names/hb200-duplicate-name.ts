import { entityLists, whereDefined, type AnyEntity } from '../shared/entities.js';
import { defineRule } from '../types.js';

/** Names are unique per kind; a second definition would silently lose to the first. */
export const hb200 = defineRule(
  {
    id: 'HB200',
    name: 'duplicate-name',
    severity: 'error',
    summary: 'Two documents of the same kind have the same metadata.name.',
  },
  (landscape, report) => {
    for (const list of entityLists(landscape)) {
      // KeepAliveSettings may exist only once whatever its name: HB240 reports the second one.
      if (list[0]?.kind === 'KeepAliveSettings') continue;
      const first = new Map<string, AnyEntity>();
      for (const entity of list) {
        const earlier = first.get(entity.name);
        if (!earlier) {
          first.set(entity.name, entity);
          continue;
        }
        report(
          entity.doc,
          ['metadata', 'name'],
          `${entity.kind} '${entity.name}' is already defined at ${whereDefined(earlier)}; ` +
            `names are unique per kind: rename this one or delete one of the two`,
        );
      }
    }
  },
);
