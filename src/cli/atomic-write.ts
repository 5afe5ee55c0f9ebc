import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IoError } from '../errors.js';
import { reason } from './io-reason.js';

/**
 * Replaces the regular file `file` (or creates it) with `content` so a reader
 * sees either the old bytes or the new ones, never a mix: write a uniquely
 * named temp file in the same directory (rename is only atomic within one
 * file system), fsync it, rename it over the target. On any failure the temp
 * file is removed and the target is left untouched. `file` is what
 * `planOutput` chose (links already followed); `mode` is the permissions of
 * the file it replaces (a new one gets 0644 less the umask).
 */
export async function writeFileAtomic(file: string, content: string, shownAs: string, mode?: number): Promise<void> {
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
