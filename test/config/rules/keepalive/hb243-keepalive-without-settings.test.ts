import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB243/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 9, column: 54, message: "WorkstationListener 'WSL' uses keep-alive (-K both) but no KeepAliveSettings states the timing" },
      { line: 18, column: 14, message: "WorkstationListener 'WSL2' uses keep-alive (-K handler)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB243 keepalive-without-settings', () => {
  it.each(cases)('%s reports HB243 (warning) where expected', (fixture, expected) => {
    expectRuleFixture('HB243', 'warning', fixture, expected);
  });
});
