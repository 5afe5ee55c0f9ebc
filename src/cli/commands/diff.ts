import { diffCompiled } from '../../config/compiled/index.js';
import { chalkFor } from '../colour.js';
import { loadCompiledOrYaml } from '../compiled-input.js';
import { printFindings } from '../findings.js';
import { formatDiffText } from '../format/diff.js';
import { escapeControls, jsonText } from '../format/escape.js';
import type { CliIo } from '../io.js';

export interface DiffOptions {
  old: string;
  new: string;
  format: 'text' | 'json';
}

/**
 * Compares two configurations. Exit 0 without changes, 1 with changes (like
 * diff(1)); a YAML side with error findings prints them to stderr and exits
 * 2, because "1" already means "they differ" and a broken side cannot be
 * compared at all.
 */
export async function diff(opts: DiffOptions, io: CliIo): Promise<number> {
  const sides = [];
  for (const path of [opts.old, opts.new]) {
    const side = await loadCompiledOrYaml(path, io);
    if (!side.ok) {
      await printFindings(io.stderr, io, 'text', side.report, { quiet: true });
      io.stderr.write(`hbctl: ${escapeControls(path)} has errors; nothing compared\n`);
      return 2;
    }
    sides.push(side.compiled);
  }
  const [oldC, newC] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const result = diffCompiled(oldC, newC);
  if (opts.format === 'json') {
    io.stdout.write(jsonText(result));
  } else {
    io.stdout.write(formatDiffText(result, { old: opts.old, new: opts.new }, chalkFor(io.stdout, io.env)));
  }
  return result.changed ? 1 : 0;
}
