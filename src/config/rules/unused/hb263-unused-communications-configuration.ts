import { unusedRule } from './unused-rule.js';

export const hb263 = unusedRule(
  {
    id: 'HB263',
    name: 'unused-communications-configuration',
    severity: 'warning',
    summary: 'A communications configuration is not assigned to any business role.',
  },
  {
    entities: (l) => l.communicationsConfigurations,
    used: (l) => l.businessRoles.flatMap((r) => (r.spec.communicationsConfiguration === undefined ? [] : [r.spec.communicationsConfiguration])),
    nobody: 'no BusinessRole has it as communicationsConfiguration',
  },
);
