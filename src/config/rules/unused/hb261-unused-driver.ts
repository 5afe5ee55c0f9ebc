import { unusedRule } from './unused-rule.js';

export const hb261 = unusedRule(
  {
    id: 'HB261',
    name: 'unused-driver',
    severity: 'warning',
    summary: 'A communications driver is not used by any communications profile.',
  },
  {
    entities: (l) => l.communicationsDrivers,
    used: (l) => l.communicationsProfiles.map((p) => p.spec.driver),
    nobody: 'no CommunicationsProfile uses it as driver',
  },
);
