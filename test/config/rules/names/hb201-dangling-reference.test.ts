import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB201/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 16, column: 21, message: "BusinessRole IC_AGENT refers to HeartbeatProfile 'STRIKT', which does not exist; did you mean 'STRICT'?" },
      { line: 17, column: 8, message: "refers to Cms 'TELEPHONY', which does not exist; existing: 'CMS_MAIN'" },
      { line: 32, column: 7, message: "refers to CommunicationsProfile 'Voice', which does not exist; no CommunicationsProfile is defined" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB201 dangling-reference', () => {
  it.each(cases)('%s reports HB201 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB201', 'error', fixture, expected);
  });
});
