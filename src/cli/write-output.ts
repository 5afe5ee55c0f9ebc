import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { IoError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { reason } from './io-reason.js';
import type { OutStream } from './io.js';
import { planOutput, sameFile, type FileId, type OutputContext, type OutputPlan } from './output-target.js';
import { markReported } from './stream-errors.js';

/** Writes `content` to `given` as `planOutput` decides; returns the plan (its `shownAs` names the target). */
export async function writeOutput(given: string, content: string, ctx: OutputContext): Promise<OutputPlan> {
  const plan = await planOutput(given, ctx);
  await writePlanned(plan, content);
  return plan;
}

export async function writePlanned(plan: OutputPlan, content: string): Promise<void> {
  if (plan.kind === 'stream') await writeStream(plan.stream, content, plan.shownAs);
  else if (plan.kind === 'in-place') await writeInPlace(plan.path, plan.id, content, plan.shownAs);
  else await writeFileAtomic(plan.file, content, plan.shownAs, plan.mode, plan.owner);
}

/**
 * Resolves once the stream has taken the content, so a summary printed after
 * it ("compiled … → stdout") is never followed by a write error. A reader that
 * closed the pipe ends the output quietly, as `hbctl schema | head` should.
 */
function writeStream(stream: OutStream, content: string, shownAs: string): Promise<void> {
  if (!(stream instanceof Writable)) {
    stream.write(content);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    stream.write(content, (err) => {
      const code = (err as { code?: unknown } | null | undefined)?.code;
      if (err == null || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return resolve();
      markReported(err);
      reject(new IoError(`cannot write to standard ${shownAs === 'stderr' ? 'error' : 'output'}: ${reason(err)}`, shownAs));
    });
  });
}

/**
 * Writes into a character device or FIFO as it stands (a FIFO waits for its
 * reader, as a shell redirect does). No O_CREAT and no O_TRUNC: if the node
 * vanished, nothing is created in its place, and the identity check refuses a
 * different file swapped in since the plan.
 */
async function writeInPlace(path: string, id: FileId, content: string, shownAs: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_NOCTTY);
    if (!sameFile(id, await handle.stat({ bigint: true }))) {
      throw new IoError(`cannot write ${shownAs}: it was replaced while being opened; nothing written`, shownAs);
    }
    await handle.writeFile(content, 'utf8');
  } catch (err) {
    if (err instanceof IoError) throw err;
    throw new IoError(`cannot write ${shownAs}: ${reason(err)}`, shownAs);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
