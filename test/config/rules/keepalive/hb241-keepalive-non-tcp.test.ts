import { describe, expect, it } from 'vitest';
import { checkRuleFixture, checkText, expectRuleFixture, type RuleCase } from '../../../helpers/config.js';

// Fixtures: test/fixtures/rules/HB241/
const cases: RuleCase[] = [
  [
    'trigger.yaml',
    [
      { line: 18, column: 42, message: "WorkstationListener 'WSL_XTI' asks for keep-alive (-K handler) but uses device /dev/xti" },
      { line: 26, column: 14, message: "WorkstationListener 'WSL_NODEV' asks for keep-alive (-K both) but names no device (-d)" },
    ],
  ],
  ['clean.yaml', []],
];

describe('HB241 keepalive-non-tcp', () => {
  it.each(cases)('%s reports HB241 (error) where expected', (fixture, expected) => {
    expectRuleFixture('HB241', 'error', fixture, expected);
  });
});

describe('HB241 keepalive-non-tcp inside clopt', () => {
  it('underlines the -d option of a quoted clopt, not the whole string', () => {
    const [finding] = checkRuleFixture('HB241/trigger.yaml').findings.filter((f) => f.rule === 'HB241');
    expect(finding).toMatchObject({ line: 18, column: 42, endLine: 18, endColumn: 53 });
  });

  it('stays on the clopt scalar when the source is folded over several lines', () => {
    const text = `---
apiVersion: hbctl/v1
kind: WorkstationListener
metadata:
  name: WSL
spec:
  clopt: >-
    -A -- -n //ws.example.com:5121
    -d /dev/xti -K handler
`;
    const findings = checkText(text, 'folded.yaml').findings.filter((f) => f.rule === 'HB241');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 7, column: 10 });
  });
});
