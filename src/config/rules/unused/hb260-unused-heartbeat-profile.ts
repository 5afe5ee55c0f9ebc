import { DEFAULT_PROFILE_NAME } from '../../model.js';
import { unusedRule } from './unused-rule.js';

export const hb260 = unusedRule(
  {
    id: 'HB260',
    name: 'unused-heartbeat-profile',
    severity: 'warning',
    summary: 'A heartbeat profile (other than DEFAULT) is not assigned to any business role.',
  },
  {
    entities: (l) => l.heartbeatProfiles,
    used: (l) => l.businessRoles.flatMap((r) => (r.spec.heartbeatProfile === undefined ? [] : [r.spec.heartbeatProfile])),
    nobody: 'no BusinessRole has it as heartbeatProfile',
    // DEFAULT is used by every role without a profile and fills the fields other profiles leave out.
    implicit: (name) => name === DEFAULT_PROFILE_NAME,
  },
);
