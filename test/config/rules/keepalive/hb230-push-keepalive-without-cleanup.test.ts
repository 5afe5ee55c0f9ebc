import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB230/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 32, column: 5, message: "('channelCleanupTimer' is not it: parameter names are case-sensitive)" },
      { line: 40, column: 7, message: "CommunicationsConfiguration 'IC2' uses Push Keep Alive driver 'Push Keep Alive' (profile 'Push Keep Alive') but does not set ChannelCleanupTimer" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB230 push-keepalive-without-cleanup', () => {
  it.each(cases)('%s reports HB230 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB230', 'error', fixture, expected);
  });
});
