import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB260/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 12, column: 9, message: "HeartbeatProfile 'OLD' is not used" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB260 unused-heartbeat-profile', () => {
  it.each(cases)('%s reports HB260 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB260', 'warning', fixture, expected);
  });
});
