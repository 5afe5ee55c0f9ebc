import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB222/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 18, column: 11, message: "driver 'CTI' requires parameter Service (type string) and has no default for it; add it to parameterOverrides of CommunicationsProfile 'Voice'" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB222 required-parameter-missing', () => {
  it.each(cases)('%s reports HB222 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB222', 'error', fixture, expected);
  });
});
