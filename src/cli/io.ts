/** The process surface a command may touch, injected so tests never use `process`. */
export interface OutStream {
  write(chunk: string): void;
  isTTY?: boolean;
  columns?: number;
  /** The file descriptor behind the stream, so an output named `/dev/stdout` is known to be this stream. */
  fd?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  };
}
