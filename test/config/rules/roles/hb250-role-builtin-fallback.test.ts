import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB250/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 19, column: 9, message: "BusinessRole IC_MANAGER has no heartbeatProfile and there is no HeartbeatProfile named DEFAULT" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB250 role-builtin-fallback', () => {
  it.each(cases)('%s reports HB250 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB250', 'warning', fixture, expected);
  });
});
