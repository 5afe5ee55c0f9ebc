import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IoError } from '../errors.js';
import { reason } from './io-reason.js';

/**
 * Replaces `file` with `content` so a reader sees either the old bytes or the
 * new ones, never a mix: write a uniquely named temp file in the same
 * directory (rename is only atomic within one file system), fsync it, rename
 * it over the target. On any failure the temp file is removed and the target
 * is left untouched (renaming onto a directory fails, so a directory is
 * never replaced).
 */
export async function writeFileAtomic(path: string, content: string, shownAs = path): Promise<void> {
  const { file, mode } = await replaceTarget(path);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode ?? 0o644);
    try {
      // open() applies the umask; a file that existed keeps its exact permissions.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new IoError(`cannot write ${shownAs}: ${reason(err)}`, file);
  }
  await syncDirectory(dirname(file));
}

/**
 * What to replace: an existing symlink is followed, so the link keeps
 * pointing at the new content instead of being replaced by a plain file, and
 * an existing file keeps its permissions (a new one gets 0644 less the umask).
 */
async function replaceTarget(path: string): Promise<{ file: string; mode?: number }> {
  try {
    const file = await realpath(path);
    return { file, mode: (await stat(file)).mode & 0o7777 };
  } catch {
    // A dangling link: create the file it points at, so the link then resolves.
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink() === true) return { file: resolve(dirname(path), await readlink(path)) };
    return { file: path };
  }
}

/** Makes the rename itself durable; some platforms cannot open directories, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only: the file content is already synced.
  }
}
