import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileLandscape } from '../config/compile.js';
import type { CompiledConfig } from '../config/compiled.js';
import { parseCompiled } from '../config/compiled-shape.js';
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

async function readText(full: string, shown: string): Promise<string> {
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    throw new IoError(`cannot read ${shown}: ${reason(err)}`, shown);
  }
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
