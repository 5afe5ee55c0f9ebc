import { checkInput, printFindings } from '../findings.js';
import type { FindingsFormat } from '../format/index.js';
import { summarize } from '../format/report.js';
import type { CliIo } from '../io.js';

export interface ValidateOptions {
  paths: string[];
  format: FindingsFormat;
  /** Warnings fail too. */
  strict: boolean;
  /** List errors only. */
  quiet: boolean;
}

/** Exit 0 when valid, 1 on error findings (or warnings under `strict`); I/O problems throw `IoError` (exit 2). */
export async function validate(opts: ValidateOptions, io: CliIo): Promise<number> {
  const { report } = await checkInput(opts.paths, io);
  const flags = { strict: opts.strict, quiet: opts.quiet };
  await printFindings(io.stdout, io, opts.format, report, flags);
  return summarize(report, flags).ok ? 0 : 1;
}
