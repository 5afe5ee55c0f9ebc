import { describe, it } from 'vitest';
import { expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB231/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 31, column: 26, message: "ChannelCleanupTimer (180s) is not longer than PushKeepAliveTimer (180s, override in profile 'Push Keep Alive')" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB231 cleanup-not-longer-than-keepalive', () => {
  it.each(cases)('%s reports HB231 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB231', 'error', fixture, expected);
  });
});
