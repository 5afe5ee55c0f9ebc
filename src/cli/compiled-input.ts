import { open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileLandscape } from '../config/compiled/index.js';
import type { CompiledConfig } from '../config/compiled/index.js';
import { parseCompiled } from '../config/compiled/index.js';
import { MAX_FILE_BYTES } from '../config/yaml/index.js';
import { IoError, UsageError } from '../errors.js';
import { reason } from './io-reason.js';
import { checkInput, hasErrors } from './findings.js';
import type { FindingsReport } from './format/report.js';
import type { CliIo } from './io.js';

/** A compiled config, or the findings that stopped compiling it. */
export type CompiledInput = { ok: true; compiled: CompiledConfig } | { ok: false; report: FindingsReport };

/** YAML by name: such a file is never taken for JSON, even in flow style (`{apiVersion: ...}`). */
const YAML_NAME = /\.ya?ml$/i;

/**
 * One side of `hbctl diff`: a compiled JSON file (named `*.json`, or any
 * file but `*.yaml`/`*.yml` whose text starts with `{`), or YAML files that
 * are checked and compiled.
 */
export async function loadCompiledOrYaml(path: string, io: CliIo): Promise<CompiledInput> {
  const full = resolve(io.cwd, path);
  const info = await stat(full).catch((err: unknown) => {
    throw new IoError(`cannot read ${path}: ${reason(err)}`, path);
  });
  if (info.isFile() && !YAML_NAME.test(full)) {
    const text = await readText(full, path);
    if (/\.json$/i.test(full) || text.trimStart().startsWith('{')) return { ok: true, compiled: readCompiled(text, path) };
  }
  const { result, report } = await checkInput([path], io);
  if (hasErrors(report)) return { ok: false, report };
  return { ok: true, compiled: compileLandscape(result.landscape) };
}

/**
 * The text of a compiled file, read through one descriptor: its size is
 * checked first (fstat), so that a huge file is refused before it is read,
 * with the limit YAML input has (HB004).
 */
async function readText(full: string, shown: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(full, 'r');
    const { size } = await handle.stat();
    if (size > MAX_FILE_BYTES) throw tooLarge(shown, size);
    const text = await handle.readFile('utf8');
    // A file that grew after fstat, or reports no size, is held to the same limit.
    if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) throw tooLarge(shown, Buffer.byteLength(text, 'utf8'));
    return text;
  } catch (err) {
    if (err instanceof IoError) throw err;
    throw new IoError(`cannot read ${shown}: ${reason(err)}`, shown);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function tooLarge(shown: string, sizeBytes: number): IoError {
  const mib = (sizeBytes / (1024 * 1024)).toFixed(1);
  return new IoError(`cannot read ${shown}: file too large: ${mib} MiB (${sizeBytes} bytes); the limit is 10 MiB (${MAX_FILE_BYTES} bytes)`, shown);
}

function readCompiled(text: string, shown: string): CompiledConfig {
  const parsed = parseCompiled(text);
  if (parsed.ok) return parsed.value;
  if (parsed.problem === 'not-json') throw new UsageError(`${shown} is not valid JSON: ${parsed.message}`);
  if (parsed.problem === 'not-compiled') {
    throw new UsageError(`${shown} is JSON but not a compiled config ("kind": "CompiledConfig"); pass YAML or the output of hbctl compile`);
  }
  throw new UsageError(`${shown} is not a usable compiled config: ${parsed.message}; recompile it with hbctl compile`);
}
