import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB264/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 5, column: 9, message: "Cms 'CMS_OLD' is not used" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB264 unused-cms', () => {
  it.each(cases)('%s reports HB264 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB264', 'warning', fixture, expected);
  });
});
