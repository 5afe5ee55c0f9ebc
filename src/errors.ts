/**
 * The few error classes of hbctl. Commands throw them; only `src/cli/index.ts`
 * maps them to exit codes (0 ok, 1 findings, 2 usage or I/O).
 */

/** Bad command-line usage: unknown option, missing argument, unknown role. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file or directory could not be read or written. Exit 2. */
export class IoError extends Error {
  override name = 'IoError';
  constructor(message: string, readonly path?: string) {
    super(message);
  }
}

/** A command finished and wants a specific exit code without printing a trace. */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(readonly exitCode: number, message = `exit ${exitCode}`) {
    super(message);
  }
}
