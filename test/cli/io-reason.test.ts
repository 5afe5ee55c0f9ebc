import { describe, expect, it } from 'vitest';
import { reason } from '../../src/cli/io-reason.js';

describe('file-system error reasons', () => {
  it.each([
    [{ code: 'EACCES' }, 'permission denied'],
    [{ code: 'EWEIRD' }, 'EWEIRD'],
    [{ code: 'ENOENT' }, 'no such file or directory'],
    [new Error('boom'), 'boom'],
  ])('explains %j as %j', (err, text) => {
    expect(reason(err)).toBe(text);
  });
});
