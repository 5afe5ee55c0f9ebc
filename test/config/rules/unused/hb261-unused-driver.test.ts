import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB261/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 5, column: 9, message: "CommunicationsDriver 'Legacy Email' is not used" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB261 unused-driver', () => {
  it.each(cases)('%s reports HB261 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB261', 'warning', fixture, expected);
  });
});
