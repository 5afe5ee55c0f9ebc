import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB211/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 8, column: 22, message: "watchdogSleepTime is set but watchdogEnabled is false (built-in default)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB211 watchdog-sleep-without-watchdog', () => {
  it.each(cases)('%s reports HB211 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB211', 'warning', fixture, expected);
  });
});
