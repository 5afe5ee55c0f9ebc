import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB210/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 12, column: 25, message: "heartbeatWatchdogLag is set but watchdogEnabled is false (from DEFAULT)" },
      { line: 19, column: 20, message: "cmsPingInterval is set but watchdogEnabled is false (from DEFAULT)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB210 watchdog-setting-without-watchdog', () => {
  it.each(cases)('%s reports HB210 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB210', 'error', fixture, expected);
  });
});
