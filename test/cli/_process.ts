import { spawnSync, type StdioOptions } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/hbctl`;

/** A test that starts whole processes: generous, as a loaded machine starts Node slowly. */
export const PROCESS_TIMEOUT_MS = 30_000;

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child hbctl: no colour, whatever the terminal. */
export function plainEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  return env;
}

/** Runs bin/hbctl as a separate process (stdio pipes unless `stdio` says otherwise). */
export function hbctlProcess(args: string[], cwd: string, stdio?: StdioOptions): ProcessResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: plainEnv(), ...(stdio === undefined ? {} : { stdio }) });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The build is stale when it is missing or any source file is newer than it. */
function buildIsStale(): boolean {
  let builtMs: number;
  try {
    builtMs = statSync(`${ROOT}dist/cli/index.js`).mtimeMs;
  } catch {
    return true;
  }
  const sources = readdirSync(`${ROOT}src`, { recursive: true, encoding: 'utf8' });
  return sources.some((f) => f.endsWith('.ts') && statSync(`${ROOT}src/${f}`).mtimeMs > builtMs);
}

/** Builds dist/ when it is stale: the launcher runs the build, not the sources. */
export function ensureBuild(): void {
  // Type errors elsewhere still emit JavaScript, so the exit code is not checked.
  if (buildIsStale()) {
    spawnSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', `${ROOT}tsconfig.json`], { cwd: ROOT });
  }
}

/**
 * Makes a private character device node (`c 1 3` is null, `c 1 7` is full)
 * at `path`, so no test ever points hbctl at the machine's own /dev nodes.
 * False when this user may not (not root); in CI, where the suite runs as
 * root, that is an error instead of a skip.
 */
export function makeCharDevice(path: string, major: number, minor: number): boolean {
  const r = spawnSync('mknod', [path, 'c', String(major), String(minor)], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
    throw new Error(`mknod ${path} failed in CI: ${r.stderr || String(r.error)}`);
  }
  return false;
}
