import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IoError } from '../errors.js';
import { reason } from './io-reason.js';
import type { FileOwner } from './output-target.js';

/**
 * Replaces the regular file `file` (or creates it) with `content` so a reader
 * sees either the old bytes or the new ones, never a mix: write a uniquely
 * named temp file in the same directory (rename is only atomic within one
 * file system), fsync it, rename it over the target. On any failure the temp
 * file is removed and the target is left untouched. `file` is what
 * `planOutput` chose (links already followed); `mode` and `owner` are those
 * of the file it replaces (a new one gets 0644 less the umask, and the
 * process's own user).
 */
export async function writeFileAtomic(file: string, content: string, shownAs: string, mode?: number, owner?: FileOwner): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode ?? 0o644);
    try {
      if (owner !== undefined) await keepOwner(handle, owner);
      // open() applies the umask; a file that existed keeps its exact permissions
      // (after the chown, which may clear set-id bits).
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await refuseNonFile(file, shownAs);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof IoError) throw err;
    throw new IoError(`cannot write ${shownAs}: ${reason(err)}`, file);
  }
  await syncDirectory(dirname(file));
}

/**
 * Root replacing another user's file (a deploy step run under sudo) must not
 * leave it owned by root, where its owner can no longer rewrite it. Only a
 * privileged process may give a file away: for anyone else the new file is
 * theirs, as with any editor that saves by rename.
 */
async function keepOwner(handle: FileHandle, owner: FileOwner): Promise<void> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === owner.uid && gid === owner.gid) return;
  try {
    await handle.chown(owner.uid, owner.gid);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'EPERM' && code !== 'EINVAL') throw err;
  }
}

/**
 * The last look before the rename, which would replace whatever stands at
 * `file`: only a regular file (or nothing) may be replaced, so a device,
 * FIFO, link or directory that appeared since the target was planned stays.
 */
async function refuseNonFile(file: string, shownAs: string): Promise<void> {
  const stats = await lstat(file).catch(() => undefined);
  if (stats !== undefined && !stats.isFile()) {
    throw new IoError(`cannot write ${shownAs}: it is no longer a regular file; nothing written`, file);
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
