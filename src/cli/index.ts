import { CommanderError } from 'commander';
import { ExitError, IoError, UsageError } from '../errors.js';
import { escapeControls } from './format/escape.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram } from './program.js';
import { wasReported } from './stream-errors.js';

/**
 * Runs hbctl with `argv` (without `node` and the script) and returns the exit
 * code: 0 ok, 1 findings or changes, 2 usage or I/O error. It never calls
 * `process.exit` and never lets a stack trace reach the user.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  try {
    const program = buildProgram(io, (c) => {
      code = c;
    });
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

/** The launcher's entry (bin/hbctl). */
export async function run(argv: string[]): Promise<void> {
  // A broken stderr (a full disk, a closed pipe) leaves nowhere to report
  // anything: the exit code is all that is left, so it must survive. Without
  // a listener the error event would end the process with exit code 1. (The
  // launcher listens too, for a failed import; one more listener is harmless.)
  process.stderr.on('error', () => undefined);
  // A closed pipe (`hbctl schema | head`) ends the output quietly and keeps
  // the exit code. Any other failure to write the output (a full disk behind
  // a redirect) ends the run with one line and exit 2: rethrowing here would
  // print a stack.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || wasReported(err)) return;
    process.stderr.write(`hbctl: cannot write to standard output: ${oneLine(err.message)}\n`);
    process.exit(2);
  });
  process.exitCode = await main(argv);
}

function reportError(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) return commanderExit(err, io);
  if (err instanceof ExitError) return err.exitCode;
  if (err instanceof UsageError || err instanceof IoError) {
    io.stderr.write(`hbctl: ${escapeControls(err.message)}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`hbctl: internal error: ${oneLine(message)}\n`);
  if (io.env['HBCTL_DEBUG'] === '1') {
    io.stderr.write(`${err instanceof Error && err.stack !== undefined ? err.stack : message}\n`);
  } else {
    io.stderr.write('hbctl: set HBCTL_DEBUG=1 for the stack\n');
  }
  return 2;
}

/**
 * Help and version end with exit code 0 (the text is already written). Every
 * other commander error is a usage error: one line, exit 2. A bare `hbctl`
 * has already printed the help to stderr.
 */
function commanderExit(err: CommanderError, io: CliIo): number {
  if (err.exitCode === 0) return 0;
  if (err.code === 'commander.help') return 2;
  const text = oneLine(err.message.replace(/^error:\s*/, '')).replace('(Did you mean', '(did you mean');
  io.stderr.write(`hbctl: ${text} (see hbctl --help)\n`);
  return 2;
}

/** Folds commander's "(Did you mean …?)" second line and any other line breaks into one line; escapes the rest (escape.ts). */
function oneLine(message: string): string {
  return escapeControls(
    message
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .join(' '),
  );
}
