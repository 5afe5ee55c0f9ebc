import { describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/config/finding.js';

const RULE_FINDINGS = 200_000;

// A landscape of one 10 MiB file can hold ~140,000 tiny documents, each an unused profile (HB260).
vi.mock('../../src/config/rules/index.js', () => ({
  runRules: (): Finding[] =>
    Array.from({ length: RULE_FINDINGS }, (_, i) => ({
      rule: 'HB260',
      severity: 'warning' as const,
      file: 'many.yaml',
      line: i + 1,
      column: 1,
      message: 'unused',
      path: 'metadata.name',
    })),
}));

const { checkText } = await import('../../src/config/pipeline.js');

describe('checkLoaded', () => {
  // Regression: `findings.push(...many)` overflowed the call-argument limit (RangeError, an internal error).
  it('collects more findings than one call takes arguments', () => {
    const result = checkText('apiVersion: hbctl/v1\nkind: HeartbeatProfile\nmetadata: {name: DEFAULT}\nspec: {}\n', 'many.yaml');
    expect(result.findings).toHaveLength(RULE_FINDINGS);
    expect(result.findings[0]?.line).toBe(1);
    expect(result.findings.at(-1)?.line).toBe(RULE_FINDINGS);
  });
});
