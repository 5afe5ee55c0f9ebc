import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { excerptFor } from '../../../src/cli/format/excerpt.js';
import { formatText } from '../../../src/cli/format/text.js';
import { danglingWarning, lagError, report } from './_findings.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

describe('text format', () => {
  // Regression: every excerpt split its whole file again, so 20,000 findings in a 2 MB file took minutes.
  it('splits each source once however many findings point into it', () => {
    const lineCount = 200_000;
    const source = Array.from({ length: lineCount }, (_, i) => `  key${i}: value`).join('\n');
    const findings = Array.from({ length: 1_000 }, (_, i) => ({ ...lagError, line: i * 200 + 1, column: 3, endLine: i * 200 + 1, endColumn: 6 }));
    const big = { ...report(findings), sources: new Map([['profiles/a.yaml', source]]) };
    const started = performance.now();
    const out = formatText(big, { chalk: plain });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(out).toContain('  199801 |   key199800: value');
  });

  it('prints file:line:column, severity, rule and message, then the source line with a caret', () => {
    const out = formatText(report([lagError]), { chalk: plain });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`profiles/a.yaml:6:17  error  HB102  ${lagError.message}`);
    expect(lines[1]).toBe('  6 |   heartbeatLag: 9o');
    expect(lines[2]).toBe('    |                 ^^');
  });

  it('puts the caret under column..endColumn (endColumn exclusive)', () => {
    const ex = excerptFor(lagError, 'x\nx\nx\nx\nx\n  heartbeatLag: 9o');
    expect(ex?.marker).toBe(`${' '.repeat(16)}^^`);
    expect(ex?.text.indexOf('9o')).toBe(ex?.marker.indexOf('^'));
  });

  it.each([
    ['no end column', { endColumn: undefined, endLine: undefined }, '^^'],
    ['a multi-line node (to the end of the first line)', { endLine: 7, endColumn: 3 }, '^^'],
    ['an end before the start', { endColumn: 2 }, '^'],
  ])('underlines sensibly with %s', (_name, patch, marker) => {
    const ex = excerptFor({ ...lagError, ...patch } as typeof lagError, 'a\nb\nc\nd\ne\n  heartbeatLag: 9o\n');
    expect(ex?.marker.trim()).toBe(marker);
  });

  it('shows tabs as \\t and lines the caret up under the escaped text', () => {
    const ex = excerptFor({ ...lagError, line: 1, column: 3, endColumn: 4 }, '\t\tx');
    expect(ex?.text).toBe('\\t\\tx');
    expect(ex?.marker).toBe('    ^');
  });

  it('omits the excerpt when the source or the line is unknown', () => {
    expect(excerptFor(lagError, undefined)).toBeUndefined();
    expect(excerptFor({ ...lagError, line: 99 }, 'one line')).toBeUndefined();
  });

  it('places a caret past the end of the line when the column is beyond it', () => {
    const ex = excerptFor({ ...lagError, line: 1, column: 50, endColumn: undefined, endLine: undefined }, 'abc');
    expect(ex?.marker).toBe('   ^');
  });

  it.each([
    [[lagError, danglingWarning], false, '1 error, 1 warning in 1 file'],
    [[lagError], false, '1 error, 0 warnings in 1 file'],
    [[danglingWarning], false, '✓ 2 documents in 1 file valid, 1 warning'],
    [[danglingWarning], true, '0 errors, 1 warning in 1 file (--strict: warnings fail)'],
    [[], false, '✓ 2 documents in 1 file are valid'],
  ])('ends with a summary line (%#)', (findings, strict, summary) => {
    const out = formatText(report(findings), { chalk: plain, strict });
    expect(out.trimEnd().split('\n').at(-1)).toBe(summary);
    expect(out.endsWith('\n')).toBe(true);
  });

  it('counts files and documents in the success line', () => {
    const out = formatText(report([], ['profiles/b.yaml', 'profiles/c.yaml']), { chalk: plain });
    expect(out).toBe('✓ 4 documents in 3 files are valid\n');
  });

  it('uses no escape codes at colour level 0 and ANSI colours at level 1', () => {
    const bare = formatText(report([lagError]), { chalk: plain });
    const ansi = formatText(report([lagError]), { chalk: coloured });
    expect(bare).not.toMatch(/\u001b\[/);
    expect(ansi).toMatch(/\u001b\[31m/);
    expect(ansi.replace(/\u001b\[[0-9;]*m/g, '')).toBe(bare);
  });

  it('lists errors only with quiet, but still counts warnings in the summary', () => {
    const out = formatText(report([lagError, danglingWarning]), { chalk: plain, quiet: true });
    expect(out).not.toContain('HB201');
    expect(out).toContain('1 error, 1 warning in 1 file');
  });

  it('still lists warnings with quiet when strict makes them fail', () => {
    const out = formatText(report([danglingWarning]), { chalk: plain, quiet: true, strict: true });
    expect(out).toContain('HB201');
  });

  it('can leave out the excerpts', () => {
    const out = formatText(report([lagError]), { chalk: plain, noExcerpt: true });
    expect(out).not.toContain(' | ');
  });
});
