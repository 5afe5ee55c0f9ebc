import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import { IoError } from '../../src/errors.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbctl-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the file and leaves no temp file behind', async () => {
    await writeFileAtomic(join(dir, 'out.json'), '{}\n');
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('{}\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('replaces an existing file', async () => {
    await writeFile(join(dir, 'out.json'), 'old');
    await writeFileAtomic(join(dir, 'out.json'), 'new');
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    await writeFile(join(dir, 'out.json'), 'old');
    await chmod(join(dir, 'out.json'), 0o600);
    await writeFileAtomic(join(dir, 'out.json'), 'new');
    expect((await stat(join(dir, 'out.json'))).mode & 0o777).toBe(0o600);
  });

  it('writes through a symbolic link instead of replacing the link with a plain file', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'out.json'), 'old');
    await symlink(join(dir, 'real', 'out.json'), join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real', 'out.json'), 'utf8')).toBe('new');
    expect((await readdir(join(dir, 'real'))).sort()).toEqual(['out.json']);
  });

  it('creates the target of a dangling symbolic link, and the link stays a link', async () => {
    await mkdir(join(dir, 'real'));
    await symlink(join('real', 'new.json'), join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'link.json'), 'utf8')).toBe('new');
  });

  it('throws a one-line IoError for a missing directory', async () => {
    const target = join(dir, 'missing', 'out.json');
    await expect(writeFileAtomic(target, 'x', 'missing/out.json')).rejects.toThrow(
      'cannot write missing/out.json: no such file or directory',
    );
  });

  it('refuses to replace a directory and removes its temp file', async () => {
    await mkdir(join(dir, 'out.json'));
    await writeFile(join(dir, 'out.json', 'keep'), 'x');
    const attempt = writeFileAtomic(join(dir, 'out.json'), 'new', 'out.json');
    await expect(attempt).rejects.toBeInstanceOf(IoError);
    await expect(attempt).rejects.toThrow(/^cannot write out\.json: /);
    expect(await readdir(dir)).toEqual(['out.json']);
    expect(await readdir(join(dir, 'out.json'))).toEqual(['keep']);
  });
});
