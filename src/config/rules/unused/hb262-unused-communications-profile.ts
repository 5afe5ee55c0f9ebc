import { unusedRule } from './unused-rule.js';

export const hb262 = unusedRule(
  {
    id: 'HB262',
    name: 'unused-communications-profile',
    severity: 'warning',
    summary: 'A communications profile is not listed in any communications configuration.',
  },
  {
    entities: (l) => l.communicationsProfiles,
    used: (l) => l.communicationsConfigurations.flatMap((c) => c.spec.profiles),
    nobody: 'no CommunicationsConfiguration lists it under profiles',
  },
);
