import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB214/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 10, column: 25, message: "heartbeatWatchdogLag (60s) cannot absorb the one-minute ping gap" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB214 background-tab-gap', () => {
  it.each(cases)('%s reports HB214 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB214', 'warning', fixture, expected);
  });
});
