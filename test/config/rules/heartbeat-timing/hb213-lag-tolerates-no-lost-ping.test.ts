import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB213/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 8, column: 17, message: "heartbeatLag (75s) is shorter than 2 × browserPingInterval (40s)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB213 lag-tolerates-no-lost-ping', () => {
  it.each(cases)('%s reports HB213 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB213', 'warning', fixture, expected);
  });
});
