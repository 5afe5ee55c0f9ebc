import { describe, expect, it, vi } from 'vitest';
import { ExitError, IoError, UsageError } from '../../src/errors.js';
import { hasStack, hbctl } from './_io.js';

const thrown = vi.hoisted(() => ({ error: new Error('boom') as Error }));

vi.mock('../../src/cli/commands/schema.js', () => ({
  schema: async () => {
    throw thrown.error;
  },
}));

describe('errors thrown by a command', () => {
  it('reports an unexpected exception as an internal error without a stack, exit 2', async () => {
    thrown.error = new Error('boom');
    const r = await hbctl('/', ['schema']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hbctl: internal error: boom\nhbctl: set HBCTL_DEBUG=1 for the stack\n');
  });

  it('prints the stack only when HBCTL_DEBUG=1', async () => {
    thrown.error = new Error('boom');
    const r = await hbctl('/', ['schema'], { HBCTL_DEBUG: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('hbctl: internal error: boom');
    expect(hasStack(r.stderr)).toBe(true);
  });

  it.each([
    [new UsageError('unknown role "x"'), 2, 'hbctl: unknown role "x"\n'],
    [new IoError('cannot read a.yaml: permission denied', 'a.yaml'), 2, 'hbctl: cannot read a.yaml: permission denied\n'],
    [new ExitError(1), 1, ''],
    [new ExitError(3), 3, ''],
  ])('maps %s to exit %i', async (error, code, stderr) => {
    thrown.error = error;
    const r = await hbctl('/', ['schema']);
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(stderr);
  });

  it('reports a thrown non-Error value too', async () => {
    thrown.error = 'just a string' as unknown as Error;
    const r = await hbctl('/', ['schema']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hbctl: internal error: just a string');
  });
});
