import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB262/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 12, column: 9, message: "CommunicationsProfile 'Email' is not used" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB262 unused-communications-profile', () => {
  it.each(cases)('%s reports HB262 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB262', 'warning', fixture, expected);
  });
});
