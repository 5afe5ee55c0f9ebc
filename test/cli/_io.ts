import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

export interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

/** An injected io that records what a command writes; no colour unless `tty`. */
export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}, tty = false): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => void (out += s), isTTY: tty },
    stderr: { write: (s: string) => void (err += s), isTTY: tty },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hbctl ...argv` in `cwd` through `main()`. */
export async function hbctl(cwd: string, argv: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const io = fakeIo(cwd, env);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** True when a text looks like a JavaScript stack trace. */
export function hasStack(text: string): boolean {
  return /\n\s+at .+[:(]\d+/.test(text);
}
