import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB212/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 9, column: 17, message: "heartbeatLag (20s) is not longer than browserPingInterval (30s, built-in default)" },
      { line: 19, column: 25, message: "heartbeatWatchdogLag (30s) is not longer than browserPingInterval (30s): every agent would be logged off between two pings; make heartbeatWatchdogLag at least 2 × the ping interval (60s)" },
    ],
  ],
  [
    'trigger-mixed.yaml',
    [
      { line: 24, column: 21, message: "BusinessRole IC_AGENT combines HeartbeatProfile 'FAST' with values from DEFAULT: heartbeatLag (45s, from FAST) is not longer than browserPingInterval (60s, from DEFAULT)" },
    ],
  ],
  [
    'trigger-inherited.yaml',
    [
      { line: 12, column: 17, message: "heartbeatLag (60s) is not longer than browserPingInterval (60s)" },
      { line: 26, column: 17, message: "heartbeatLag (50s) is not longer than browserPingInterval (60s, from DEFAULT)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB212 lag-not-longer-than-ping-interval', () => {
  it.each(cases)('%s reports HB212 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB212', 'error', fixture, expected);
  });
});
