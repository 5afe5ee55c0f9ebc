import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB240/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 12, column: 7, message: "a second KeepAliveSettings ('faster'): keep-alive timing is system-wide" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB240 second-keepalive-settings', () => {
  it.each(cases)('%s reports HB240 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB240', 'error', fixture, expected);
  });
});
