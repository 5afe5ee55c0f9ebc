import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB263/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 19, column: 9, message: "CommunicationsConfiguration 'Mail' is not used" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB263 unused-communications-configuration', () => {
  it.each(cases)('%s reports HB263 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB263', 'warning', fixture, expected);
  });
});
