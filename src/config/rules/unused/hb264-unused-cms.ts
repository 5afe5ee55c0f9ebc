import { unusedRule } from './unused-rule.js';

export const hb264 = unusedRule(
  {
    id: 'HB264',
    name: 'unused-cms',
    severity: 'warning',
    summary: 'A CMS is not referenced by any business role.',
  },
  {
    entities: (l) => l.cms,
    used: (l) => l.businessRoles.flatMap((r) => (r.spec.cms === undefined ? [] : [r.spec.cms])),
    nobody: 'no BusinessRole has it as cms',
  },
);
