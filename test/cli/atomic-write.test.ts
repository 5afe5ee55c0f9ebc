import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import type { OutputContext } from '../../src/cli/output-target.js';
import { writeOutput } from '../../src/cli/write-output.js';
import { IoError } from '../../src/errors.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbctl-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(inputs: string[] = []): OutputContext & { out: () => string } {
  let out = '';
  return { cwd: dir, stdout: { write: (s) => void (out += s) }, stderr: { write: () => undefined }, inputs, out: () => out };
}

describe('writeOutput to a regular file (temp file, fsync, rename)', () => {
  it('creates the file and leaves no temp file behind', async () => {
    await writeOutput('out.json', '{}\n', context());
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('{}\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('replaces an existing file', async () => {
    await writeFile(join(dir, 'out.json'), 'old');
    await writeOutput('out.json', 'new', context());
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    await writeFile(join(dir, 'out.json'), 'old');
    await chmod(join(dir, 'out.json'), 0o600);
    await writeOutput('out.json', 'new', context());
    expect((await stat(join(dir, 'out.json'))).mode & 0o777).toBe(0o600);
  });

  const isRoot = process.getuid?.() === 0;
  it.runIf(isRoot)('keeps the owner of the file it replaces when run as root (a deploy under sudo leaves the file to its owner)', async () => {
    await writeFile(join(dir, 'out.json'), 'old');
    await chmod(join(dir, 'out.json'), 0o640);
    await chown(join(dir, 'out.json'), 4321, 8765);
    await writeOutput('out.json', 'new', context());
    const after = await stat(join(dir, 'out.json'));
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([4321, 8765, 0o640]);
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('new');
  });

  it('gives a new file the process own user', async () => {
    await writeOutput('out.json', 'new', context());
    const after = await stat(join(dir, 'out.json'));
    expect([after.uid, after.gid]).toEqual([process.getuid?.(), process.getgid?.()]);
  });

  it('writes through a symbolic link instead of replacing the link with a plain file', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'out.json'), 'old');
    await symlink(join(dir, 'real', 'out.json'), join(dir, 'link.json'));
    await writeOutput('link.json', 'new', context());
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real', 'out.json'), 'utf8')).toBe('new');
    expect((await readdir(join(dir, 'real'))).sort()).toEqual(['out.json']);
  });

  it('creates the target of a single dangling symbolic link, and the link stays a link', async () => {
    await mkdir(join(dir, 'real'));
    await symlink(join('real', 'new.json'), join(dir, 'link.json'));
    await writeOutput('link.json', 'new', context());
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'link.json'), 'utf8')).toBe('new');
  });

  it('throws a one-line IoError for a missing directory', async () => {
    await expect(writeOutput('missing/out.json', 'x', context())).rejects.toThrow(
      'cannot write missing/out.json: no such file or directory',
    );
  });

  it('refuses to replace a directory and leaves no temp file', async () => {
    await mkdir(join(dir, 'out.json'));
    await writeFile(join(dir, 'out.json', 'keep'), 'x');
    const attempt = writeOutput('out.json', 'new', context());
    await expect(attempt).rejects.toBeInstanceOf(IoError);
    await expect(attempt).rejects.toThrow(/^cannot write out\.json: it is a directory; nothing written$/);
    expect(await readdir(dir)).toEqual(['out.json']);
    expect(await readdir(join(dir, 'out.json'))).toEqual(['keep']);
  });

  it('refuses a target that is an input file, named relative to cwd, and leaves it byte-identical', async () => {
    await writeFile(join(dir, 'in.yaml'), 'kind: x\n');
    await symlink('in.yaml', join(dir, 'alias.yaml'));
    await expect(writeOutput('alias.yaml', 'new', context(['in.yaml']))).rejects.toThrow(
      'cannot write alias.yaml: it is an input file of this run (in.yaml); nothing written',
    );
    expect(await readFile(join(dir, 'in.yaml'), 'utf8')).toBe('kind: x\n');
  });

  it('writes "-" to the injected stdout and touches no file', async () => {
    const ctx = context();
    const plan = await writeOutput('-', 'json\n', ctx);
    expect(plan.shownAs).toBe('stdout');
    expect(ctx.out()).toBe('json\n');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileAtomic: the rename replaces only a regular file', () => {
  it('refuses when a FIFO stands at the target by the time of the rename, and removes its temp file', async () => {
    const fifo = join(dir, 'out.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(writeFileAtomic(fifo, 'new', 'out.json')).rejects.toThrow(
      'cannot write out.json: it is no longer a regular file; nothing written',
    );
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['out.json']);
  });
});
