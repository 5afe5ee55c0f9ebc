import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB215/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 8, column: 22, message: "watchdogSleepTime (300s) is longer than heartbeatWatchdogLag (150s): a dead browser is logged off up to 450s" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB215 watchdog-sleep-exceeds-lag', () => {
  it.each(cases)('%s reports HB215 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB215', 'warning', fixture, expected);
  });
});
