import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB200/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 13, column: 9, message: "HeartbeatProfile 'STRICT' is already defined at test/fixtures/rules/HB200/trigger.yaml:6" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB200 duplicate-name', () => {
  it.each(cases)('%s reports HB200 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB200', 'error', fixture, expected);
  });
});
