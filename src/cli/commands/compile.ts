import { compileLandscapeJson } from '../../config/compiled/index.js';
import type { CompiledConfig } from '../../config/compiled/index.js';
import { UsageError } from '../../errors.js';
import { checkInput, hasErrors, printFindings } from '../findings.js';
import { escapeControls } from '../format/escape.js';
import { plural } from '../format/report.js';
import type { CliIo } from '../io.js';
import { writeOutput } from '../write-output.js';

export interface CompileOptions {
  paths: string[];
  /** Target file; stdout when absent or `-`. */
  output?: string;
  /** Only `json` exists today; the option keeps room for more. */
  format: string;
}

/**
 * Checks the input and writes the compiled JSON. Any error finding stops it
 * before anything is written (exit 1); warnings are printed and compiling
 * goes on. Findings and the summary go to stderr so stdout stays pure JSON.
 */
export async function compile(opts: CompileOptions, io: CliIo): Promise<number> {
  if (opts.format !== 'json') throw new UsageError(`compile: unknown format "${opts.format}" (only "json")`);
  const { result, report } = await checkInput(opts.paths, io);
  if (report.findings.length > 0) {
    await printFindings(io.stderr, io, 'text', report);
  }
  if (hasErrors(report)) {
    io.stderr.write('hbctl: nothing written: fix the errors above first\n');
    return 1;
  }
  const { compiled, text } = compileLandscapeJson(result.landscape);
  const written = await writeOutput(opts.output ?? '-', text, { ...io, inputs: [...result.sources.keys()] });
  io.stderr.write(`${summary(compiled, written.shownAs)}\n`);
  return 0;
}

export function summary(c: CompiledConfig, target: string): string {
  const parts = [
    plural(Object.keys(c.roles).length, 'role'),
    plural(Object.keys(c.communicationsConfigurations).length, 'configuration'),
    plural(Object.keys(c.listeners).length, 'listener'),
    `${Object.keys(c.cms).length} CMS`,
  ];
  return `compiled ${parts.join(', ')} → ${escapeControls(target)} (${c.hash})`;
}
