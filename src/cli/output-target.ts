import { fstatSync, type BigIntStats } from 'node:fs';
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { IoError } from '../errors.js';
import { reason } from './io-reason.js';
import type { OutStream } from './io.js';

/** A file's identity: what two spellings of one file (a link, `./x`, a hard link) share. */
export interface FileId {
  dev: bigint;
  ino: bigint;
}

/**
 * How an output is written, decided by looking at the target first:
 * - `stream`: standard output or error, however it is spelled (`-`, `/dev/stdout`, `/proc/self/fd/1`);
 * - `in-place`: a character device or FIFO, opened and written into, never replaced;
 * - `replace`: a regular file (links followed) or a new one, replaced atomically by temp file and rename.
 */
export type OutputPlan =
  | { kind: 'stream'; stream: OutStream; shownAs: string }
  | { kind: 'in-place'; path: string; id: FileId; shownAs: string }
  | { kind: 'replace'; file: string; mode?: number; owner?: FileOwner; shownAs: string };

/** Who owns a file being replaced: the new file gets the same owner where the process may give it. */
export interface FileOwner {
  uid: number;
  gid: number;
}

export interface OutputContext {
  cwd: string;
  stdout: OutStream;
  stderr: OutStream;
  /** The files this run read (relative to `cwd` or absolute): an output is never written over one of them. */
  inputs: Iterable<string>;
}

/** Decides where `given` (relative to `ctx.cwd`; `-` is stdout) is written. Throws `IoError` (exit 2) when it must not be. */
export async function planOutput(given: string, ctx: OutputContext): Promise<OutputPlan> {
  if (given === '-') return { kind: 'stream', stream: ctx.stdout, shownAs: 'stdout' };
  const path = resolve(ctx.cwd, given);
  const shownAs = shown(ctx.cwd, path);
  const refuse = (why: string): IoError => new IoError(`cannot write ${shownAs}: ${why}; nothing written`, shownAs);
  // `resolve` drops a trailing slash (and `.`/`..`), which would turn `newdir/` into a new file named `newdir`.
  if (namesDirectory(given)) throw new IoError(`cannot write ${given}: it is a directory path; nothing written`, given);
  let stats: BigIntStats | undefined;
  let file = path;
  try {
    stats = await statTarget(path, refuse);
    file = stats === undefined ? await newFileFor(path, refuse) : stats.isFile() ? await realpath(path) : path;
  } catch (err) {
    if (err instanceof IoError) throw err;
    throw new IoError(`cannot write ${shownAs}: ${reason(err)}`, shownAs);
  }
  if (stats === undefined) return { kind: 'replace', file, shownAs };

  const input = await inputWithId(stats, ctx);
  if (input !== undefined) throw refuse(`it is an input file of this run (${input})`);
  if (sameFile(stats, fdId(ctx.stdout))) return { kind: 'stream', stream: ctx.stdout, shownAs: 'stdout' };
  if (sameFile(stats, fdId(ctx.stderr))) return { kind: 'stream', stream: ctx.stderr, shownAs: 'stderr' };
  if (stats.isFile()) {
    const owner = { uid: Number(stats.uid), gid: Number(stats.gid) };
    return { kind: 'replace', file, mode: Number(stats.mode & 0o7777n), owner, shownAs };
  }
  if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'in-place', path, id: stats, shownAs };
  if (stats.isDirectory()) throw refuse('it is a directory');
  if (stats.isBlockDevice()) throw refuse('it is a block device');
  throw refuse('it is a socket');
}

/** True when `given` can only name a directory: it ends in a slash, or its last segment is `.` or `..`. */
function namesDirectory(given: string): boolean {
  return /(?:^|\/)\.{0,2}$/.test(given);
}

/** The target's own stats with links followed, or undefined when nothing is there. */
async function statTarget(path: string, refuse: (why: string) => IoError): Promise<BigIntStats | undefined> {
  try {
    return await stat(path, { bigint: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw refuse('symbolic link loop');
    throw err;
  }
}

/**
 * Where a new file goes when nothing is at `path`. A single dangling link
 * gets its target created, so the link resolves and stays a link (nothing is
 * replaced). A link to another link that leads nowhere is refused instead:
 * which of the chain's names the user meant to create is a guess, and a
 * wrong guess would leave a stray file or break a link.
 */
async function newFileFor(path: string, refuse: (why: string) => IoError): Promise<string> {
  const link = await lstat(path).catch(() => undefined);
  if (link === undefined || !link.isSymbolicLink()) return path;
  const pointsTo = await readlink(path);
  // The link's directory is resolved first: `..` in the link then means what the kernel makes of it.
  const next = resolve(await realpath(dirname(path)), pointsTo);
  const nextLink = await lstat(next).catch(() => undefined);
  if (nextLink?.isSymbolicLink() === true) throw refuse(`it is a symbolic link to ${pointsTo}, a link that leads nowhere`);
  return next;
}

/** The shown name of the input file that is the target, if one is. */
async function inputWithId(target: FileId, ctx: OutputContext): Promise<string | undefined> {
  const inputs = [...ctx.inputs];
  // Some stats in flight at once: one after another, 10,000 inputs cost a noticeable fraction of a second.
  for (let start = 0; start < inputs.length; start += STATS_IN_FLIGHT) {
    const batch = inputs.slice(start, start + STATS_IN_FLIGHT);
    const ids = await Promise.all(batch.map((input) => stat(resolve(ctx.cwd, input), { bigint: true }).catch(() => undefined)));
    const hit = ids.findIndex((id) => sameFile(target, id));
    if (hit >= 0) return batch[hit];
  }
  return undefined;
}

const STATS_IN_FLIGHT = 64;

function fdId(stream: OutStream): FileId | undefined {
  if (stream.fd === undefined) return undefined;
  try {
    return fstatSync(stream.fd, { bigint: true });
  } catch {
    return undefined;
  }
}

export function sameFile(a: FileId, b: FileId | undefined): boolean {
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

function shown(cwd: string, target: string): string {
  const rel = relative(cwd, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : target;
}
