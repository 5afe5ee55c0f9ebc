import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../src/cli/format/json.js';
import { danglingWarning, lagError, report } from './_findings.js';

describe('json format', () => {
  it('has the documented shape, key order and a trailing newline', () => {
    const out = formatJson(report([lagError, danglingWarning]));
    expect(out.endsWith('}\n')).toBe(true);
    const value = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['ok', 'summary', 'findings']);
    expect(value).toEqual({
      ok: false,
      summary: { files: 1, documents: 2, errors: 1, warnings: 1 },
      findings: [
        {
          rule: 'HB102',
          severity: 'error',
          file: 'profiles/a.yaml',
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 19,
          message: lagError.message,
          path: 'spec.heartbeatLag',
        },
        expect.objectContaining({ rule: 'HB201', severity: 'warning' }),
      ],
    });
    const first = (value['findings'] as object[])[0] as object;
    expect(Object.keys(first)).toEqual(['rule', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'path']);
  });

  it('omits unknown end positions', () => {
    const out = JSON.parse(formatJson(report([{ ...lagError, endLine: undefined, endColumn: undefined }]))) as {
      findings: object[];
    };
    expect(Object.keys(out.findings[0] as object)).toEqual(['rule', 'severity', 'file', 'line', 'column', 'message', 'path']);
  });

  it.each([
    [[], false, true],
    [[danglingWarning], false, true],
    [[danglingWarning], true, false],
    [[lagError], false, false],
  ])('ok reflects the exit code (%#)', (findings, strict, ok) => {
    expect((JSON.parse(formatJson(report(findings), { strict })) as { ok: boolean }).ok).toBe(ok);
  });

  it('uses 2-space indentation', () => {
    expect(formatJson(report([]))).toContain('\n  "summary": {\n    "files": 1,');
  });
});
