import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB232/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 9, column: 16, message: "CommunicationsDriver 'PKA A' has channel type Push Keep Alive but declares no PushKeepAliveTimer" },
      { line: 29, column: 11, message: "CommunicationsProfile 'B' uses Push Keep Alive driver 'PKA B', which has no default PushKeepAliveTimer, and does not override it" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB232 push-keepalive-timer-missing', () => {
  it.each(cases)('%s reports HB232 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB232', 'error', fixture, expected);
  });
});
