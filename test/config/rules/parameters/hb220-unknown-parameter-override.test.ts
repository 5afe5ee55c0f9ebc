import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB220/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 24, column: 5, message: "overrides 'Timout', which driver 'CTI' does not declare, so the override is ignored; did you mean 'Timeout'?" },
      { line: 25, column: 5, message: "overrides 'Colour', which driver 'CTI' does not declare, so the override is ignored; existing: 'Service', 'Timeout'" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB220 unknown-parameter-override', () => {
  it.each(cases)('%s reports HB220 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB220', 'error', fixture, expected);
  });
});
