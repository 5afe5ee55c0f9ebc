import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB221/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 11, column: 16, message: "default of MaxCalls (type integer): \"ten\" is not an integer" },
      { line: 23, column: 14, message: "Timeout is declared as seconds by driver 'CTI': \"three minutes\" is not a duration" },
      { line: 32, column: 26, message: "ChannelCleanupTimer is a timer in seconds: true is not a duration" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB221 parameter-type', () => {
  it.each(cases)('%s reports HB221 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB221', 'error', fixture, expected);
  });
});
