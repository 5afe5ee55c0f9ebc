import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { IoError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { reason } from './io-reason.js';
import { planOutput, sameFile, type FileId, type OutputContext, type OutputPlan } from './output-target.js';

/** Writes `content` to `given` as `planOutput` decides; returns the plan (its `shownAs` names the target). */
export async function writeOutput(given: string, content: string, ctx: OutputContext): Promise<OutputPlan> {
  const plan = await planOutput(given, ctx);
  await writePlanned(plan, content);
  return plan;
}

export async function writePlanned(plan: OutputPlan, content: string): Promise<void> {
  if (plan.kind === 'stream') plan.stream.write(content);
  else if (plan.kind === 'in-place') await writeInPlace(plan.path, plan.id, content, plan.shownAs);
  else await writeFileAtomic(plan.file, content, plan.shownAs, plan.mode);
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
