import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { UsageError } from '../../errors.js';
import { parseHostPort, type HostPort } from '../../supervisor/cms/index.js';
import type { SupervisorLogger } from '../../supervisor/log.js';
import type { CliIo } from '../io.js';

/** The launcher of this very package, so companions run the same hbctl as the supervisor. */
const HBCTL = fileURLToPath(new URL('../../../bin/hbctl', import.meta.url));
const CMS_ADDRESS_LINE = /^hbctl cms listening on (\S+)$/;
const CMS_START_TIMEOUT_MS = 10_000;

export interface CompanionOptions {
  withCms: boolean;
  callsPerSecond: string | undefined;
  browsers: number;
  io: CliIo;
  log: SupervisorLogger;
}

/** The built-in CMS and simulated browsers `--with-cms --browsers N` run beside the supervisor. */
export interface Companions {
  /** Where the built-in CMS listens (null without --with-cms). */
  cms: HostPort | null;
  /** Starts the browsers (if asked for) against the supervisor's URL. */
  startBrowsers(url: string, role: string | null): void;
  /** SIGTERM to each, and waits for them to end. */
  stop(): Promise<void>;
}

/**
 * Starts `hbctl cms` on a free loopback port when asked and waits for its
 * address line; every line the companions print is passed on to stdout
 * prefixed with their name, so one terminal shows the whole system.
 */
export async function startCompanions(opts: CompanionOptions): Promise<Companions> {
  const children: ResultPromise[] = [];
  let cms: HostPort | null = null;
  if (opts.withCms) {
    const args = ['cms', '--listen', '127.0.0.1:0', ...(opts.callsPerSecond === undefined ? [] : ['--calls-per-second', opts.callsPerSecond])];
    const child = spawn(args);
    children.push(child);
    cms = await cmsAddress(child, opts.io);
  }
  const stop = async (): Promise<void> => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.allSettled(children);
  };
  return {
    cms,
    startBrowsers(url, role) {
      if (opts.browsers === 0) return;
      const child = spawn(['browsers', '--url', url, '--count', String(opts.browsers), ...(role === null ? [] : ['--role', role])]);
      children.push(child);
      prefixLines(child, 'browsers', opts.io);
    },
    stop,
  };
}

function spawn(args: string[]): ResultPromise {
  return execa(process.execPath, [HBCTL, ...args], { reject: false, buffer: false, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

function cmsAddress(child: ResultPromise, io: CliIo): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let found = false;
    const timer = setTimeout(() => fail('did not say where it listens'), CMS_START_TIMEOUT_MS);
    const fail = (why: string): void => {
      if (found) return;
      found = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new UsageError(`--with-cms: the built-in CMS ${why}`));
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        io.stdout.write(`[cms] ${line}\n`);
        const m = found ? null : CMS_ADDRESS_LINE.exec(line);
        const at = m === null ? null : parseHostPort(m[1] as string);
        if (at !== null) {
          found = true;
          clearTimeout(timer);
          resolve(at);
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => io.stderr.write(prefixed('cms', chunk.toString('utf8'))));
    void child.then(() => fail('exited before it listened'));
  });
}

function prefixLines(child: ResultPromise, name: string, io: CliIo): void {
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const nl = pending.lastIndexOf('\n');
    if (nl < 0) return;
    io.stdout.write(prefixed(name, pending.slice(0, nl + 1)));
    pending = pending.slice(nl + 1);
  });
  child.stderr?.on('data', (chunk: Buffer) => io.stderr.write(prefixed(name, chunk.toString('utf8'))));
}

function prefixed(name: string, text: string): string {
  return text
    .split('\n')
    .map((line, i, all) => (i === all.length - 1 && line === '' ? '' : `[${name}] ${line}\n`))
    .join('');
}
