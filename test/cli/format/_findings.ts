import type { Finding } from '../../../src/config/finding.js';
import type { FindingsReport } from '../../../src/cli/format/report.js';

export const SOURCE_A = [
  'apiVersion: hbctl/v1',
  'kind: HeartbeatProfile',
  'metadata:',
  '  name: DEFAULT',
  'spec:',
  '  heartbeatLag: 9o',
  '  browserPingInterval: 30',
  '---',
  'apiVersion: hbctl/v1',
  'kind: BusinessRole',
  'metadata:',
  '  name: agent',
  'spec:',
  '  heartbeatProfile: FAST',
].join('\n');

export const lagError: Finding = {
  rule: 'HB102',
  severity: 'error',
  file: 'profiles/a.yaml',
  line: 6,
  column: 17,
  endLine: 6,
  endColumn: 19,
  message: '"9o" is not a duration; write whole seconds (90) or parts like "90s"',
  path: 'spec.heartbeatLag',
};

export const danglingWarning: Finding = {
  rule: 'HB201',
  severity: 'warning',
  file: 'profiles/a.yaml',
  line: 14,
  column: 21,
  endLine: 14,
  endColumn: 25,
  message: 'heartbeat profile "FAST" does not exist (did you mean "DEFAULT"?)',
  path: 'spec.heartbeatProfile',
};

export function report(findings: Finding[], extraFiles: string[] = []): FindingsReport {
  return {
    findings,
    sources: new Map([['profiles/a.yaml', SOURCE_A]]),
    files: ['profiles/a.yaml', ...extraFiles].sort(),
    documents: [
      { file: 'profiles/a.yaml', index: 0, line: 1, kind: 'HeartbeatProfile', name: 'DEFAULT' },
      { file: 'profiles/a.yaml', index: 1, line: 9, kind: 'BusinessRole', name: 'agent' },
      ...extraFiles.map((file) => ({ file, index: 0, line: 1 })),
    ],
  };
}
