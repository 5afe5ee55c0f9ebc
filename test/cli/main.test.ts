import { describe, expect, it } from 'vitest';
import { FIXTURES, hasStack, hbctl } from './_io.js';

const valid = `${FIXTURES}valid`;

describe('hbctl entry point', () => {
  it.each([['--help'], ['-h']])('shows usage with %s and exits 0', async (flag) => {
    const r = await hbctl(valid, [flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: hbctl');
    for (const cmd of ['validate', 'compile', 'explain', 'schema', 'diff', 'simulate']) expect(r.stdout).toContain(cmd);
    expect(r.stderr).toBe('');
  });

  it.each([['--version'], ['-V']])('prints the package version with %s and exits 0', async (flag) => {
    const r = await hbctl(valid, [flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('shows command help with `validate --help` and exits 0', async () => {
    const r = await hbctl(valid, ['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--strict');
    expect(r.stdout).toContain('Exit codes: 0 valid, 1 error findings');
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const r = await hbctl(valid, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: hbctl');
  });

  it.each([
    [['validate', '--bogus'], /^hbctl: unknown option '--bogus'/],
    [['valdate'], /^hbctl: unknown command 'valdate' \(did you mean validate\?\)/],
    [['validate', '--format', 'xml'], /^hbctl: option '--format <format>' argument 'xml' is invalid/],
    [['explain'], /^hbctl: missing required argument 'role'/],
    [['diff', 'a'], /^hbctl: missing required argument 'new'/],
    [['schema', 'a', 'b'], /^hbctl: too many arguments/],
    [['simulate'], /^hbctl: required option '--scenario <file>' not specified/],
  ])('turns the usage error %j into one line and exit 2', async (argv, line) => {
    const r = await hbctl(valid, argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(line);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reports a missing path as one line and exit 2, without a stack trace', async () => {
    const r = await hbctl(valid, ['validate', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hbctl: .*no\/such\/dir/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(hasStack(r.stderr)).toBe(false);
  });
});
