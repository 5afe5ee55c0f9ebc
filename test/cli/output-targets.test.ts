import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, hasStack } from './_io.js';
import { BIN, ensureBuild, PROCESS_TIMEOUT_MS, hbctlProcess, makeCharDevice, plainEnv, ROOT, type ProcessResult } from './_process.js';

// Output targets are looked at before anything is written: a device, FIFO or
// socket is never replaced, an input file is never overwritten, a link stays
// a link, and standard output is standard output however it is spelled.
// Every case runs the real launcher, as root in CI, against private nodes in
// a temp dir: never the machine's own /dev/null or /dev/full.

const probeDir = mkdtempSync(join(tmpdir(), 'hbctl-mknod-'));
const canMknod = makeCharDevice(join(probeDir, 'null'), 1, 3);
rmSync(probeDir, { recursive: true, force: true });
const SKIP_MKNOD = 'mknod is not permitted for this user (the suite runs it as root in CI)';

let dir: string;
let servers: Server[] = [];

beforeAll(ensureBuild, 120_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbctl-targets-'));
  cpSync(join(FIXTURES, 'valid', 'profiles'), join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'sim'));
  cpSync(join(ROOT, 'test/fixtures/sim/config.yaml'), join(dir, 'sim', 'config.yaml'));
  cpSync(join(ROOT, 'test/fixtures/sim/two-scenarios.yaml'), join(dir, 'scenario.yaml'));
});

afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

/** What stands at `path` and, for a link, where it points: what a run must leave as it was. */
function nodeAt(path: string): string {
  const s = lstatSync(path, { throwIfNoEntry: false });
  if (s === undefined) return 'nothing';
  if (s.isSymbolicLink()) return `link → ${readlinkSync(path)}`;
  if (s.isCharacterDevice()) return `character device ${s.rdev}`;
  if (s.isFIFO()) return 'FIFO';
  if (s.isSocket()) return 'socket';
  if (s.isDirectory()) return 'directory';
  return `file ${readFileSync(path, 'utf8').length} chars`;
}

function oneLine(r: ProcessResult): void {
  expect(r.stderr).toMatch(/^hbctl: cannot write [^\n]+\n$/);
  expect(hasStack(r.stderr)).toBe(false);
}

function listenSocket(path: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  return new Promise((done) => server.listen(path, done));
}

describe('compile -o: a target that is not a regular file is never replaced', { timeout: PROCESS_TIMEOUT_MS }, () => {
  it.skipIf(!canMknod)(`writes into a character device, which stays a device (${canMknod ? 'private null node' : SKIP_MKNOD})`, () => {
    makeCharDevice(join(dir, 'null'), 1, 3);
    const before = nodeAt(join(dir, 'null'));
    const r = hbctlProcess(['compile', '-o', 'null'], dir);
    expect(r.status).toBe(0);
    expect(nodeAt(join(dir, 'null'))).toBe(before);
  });

  it.skipIf(!canMknod)(`a full device is exit 2 with one line, and stays a device (${canMknod ? 'private full node' : SKIP_MKNOD})`, () => {
    makeCharDevice(join(dir, 'full'), 1, 7);
    const before = nodeAt(join(dir, 'full'));
    const r = hbctlProcess(['compile', '-o', 'full'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('hbctl: cannot write full: no space left on device\n');
    expect(nodeAt(join(dir, 'full'))).toBe(before);
  });

  it('writes into a FIFO for its reader, and the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A reader left waiting on a FIFO that was replaced would wait for ever: it is killed after 5 s.
    const reader = withTimeout(collect(spawn('cat', [fifo])), 5000);
    const r = await collect(spawn(process.execPath, [BIN, 'compile', '-o', 'pipe'], { cwd: dir, env: plainEnv() }));
    const read = await reader;
    expect(r.status).toBe(0);
    expect(nodeAt(fifo)).toBe('FIFO');
    expect(JSON.parse(read.stdout)).toHaveProperty('hash');
  });

  const refusals: { name: string; make: (d: string) => Promise<void> | void; target: string; kept: string[] }[] = [
    {
      name: 'a socket',
      make: (d) => listenSocket(join(d, 'sock')),
      target: 'sock',
      kept: ['sock'],
    },
    {
      name: 'a symbolic link loop (both links stay links)',
      make: (d) => {
        symlinkSync('loop2', join(d, 'loop1'));
        symlinkSync('loop1', join(d, 'loop2'));
      },
      target: 'loop1',
      kept: ['loop1', 'loop2'],
    },
    {
      name: 'a dangling chain, link → link → missing (both links stay links, nothing is created)',
      make: (d) => {
        symlinkSync('second', join(d, 'first'));
        symlinkSync('missing.json', join(d, 'second'));
      },
      target: 'first',
      kept: ['first', 'second', 'missing.json'],
    },
    {
      name: 'a directory',
      make: (d) => mkdirSync(join(d, 'out')),
      target: 'out',
      kept: ['out'],
    },
  ];

  it.each(refusals)('refuses $name: exit 2, one line, nothing touched', async ({ make, target, kept }) => {
    await make(dir);
    const before = kept.map((k) => nodeAt(join(dir, k)));
    const listing = readdirSync(dir).sort();
    const r = hbctlProcess(['compile', '-o', target], dir);
    expect(r.status).toBe(2);
    oneLine(r);
    expect(kept.map((k) => nodeAt(join(dir, k)))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  // Regression: `-o newdir/` created a regular file named `newdir` (resolving the path dropped the slash) and exited 0.
  it.each([
    ['newdir/', 'a directory that does not exist'],
    ['newdir/sub/', 'nested, neither level exists'],
    ['newdir/.', 'ending in /.'],
    ['newdir/..', 'ending in /..'],
    ['profiles/', 'an existing directory'],
    ['.', 'the working directory'],
    ['pre.json/', 'an existing regular file spelled as a directory'],
  ])('refuses %s (%s) as a directory path: exit 2, one line, nothing created', (target) => {
    writeFileSync(join(dir, 'pre.json'), 'before\n');
    const listing = readdirSync(dir).sort();
    for (const argv of [['compile', '-o', target], ['simulate', 'sim', '--scenario', 'scenario.yaml', '--html', target, '--quiet']]) {
      const r = hbctlProcess(argv, dir);
      expect(r.status).toBe(2);
      const line = `hbctl: cannot write ${target}: it is a directory path; nothing written\n`;
      // simulate first notes which of the two scenarios it runs: the refusal is the last line, and the only error.
      if (argv[0] === 'compile') expect(r.stderr).toBe(line);
      else expect(r.stderr.endsWith(`'first'\n${line}`)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(listing);
    }
    expect(readFileSync(join(dir, 'pre.json'), 'utf8')).toBe('before\n');
  });

  it('creates the target of a single dangling link, and the link stays a link', () => {
    symlinkSync('made.json', join(dir, 'link.json'));
    const r = hbctlProcess(['compile', '-o', 'link.json'], dir);
    expect(r.status).toBe(0);
    expect(nodeAt(join(dir, 'link.json'))).toBe('link → made.json');
    expect(JSON.parse(readFileSync(join(dir, 'made.json'), 'utf8'))).toHaveProperty('hash');
  });
});

describe('an output is never written over an input file of the run, however it is spelled', { timeout: PROCESS_TIMEOUT_MS }, () => {
  const input = 'profiles/roles.yaml';
  const spellings: { name: string; target: (d: string) => string }[] = [
    { name: 'as given', target: () => input },
    { name: 'with ./', target: () => `./${input}` },
    { name: 'through ..', target: () => 'profiles/../profiles/roles.yaml' },
    { name: 'as an absolute path', target: (d) => join(d, input) },
    {
      name: 'through a symbolic link',
      target: (d) => {
        symlinkSync(input, join(d, 'alias.yaml'));
        return 'alias.yaml';
      },
    },
    {
      name: 'as a hard link',
      target: (d) => {
        linkSync(join(d, input), join(d, 'hard.yaml'));
        return 'hard.yaml';
      },
    },
  ];

  it.each(spellings)('compile -o an input file $name (loaded from a directory argument): exit 2, the input keeps its bytes', ({ target }) => {
    const before = readFileSync(join(dir, input), 'utf8');
    const spelled = target(dir);
    const listing = readdirSync(join(dir, 'profiles')).sort();
    const r = hbctlProcess(['compile', 'profiles', '-o', spelled], dir);
    expect(r.status).toBe(2);
    oneLine(r);
    expect(r.stderr).toContain('input file');
    expect(readFileSync(join(dir, input), 'utf8')).toBe(before);
    expect(lstatSync(join(dir, input)).isFile()).toBe(true);
    expect(readdirSync(join(dir, 'profiles')).sort()).toEqual(listing);
  });

  it.each([
    ['the --scenario file', 'scenario.yaml'],
    ['a configuration file', 'sim/config.yaml'],
  ])('simulate --html %s: exit 2 before anything is simulated, the file keeps its bytes', (_name, target) => {
    const before = readFileSync(join(dir, target), 'utf8');
    const r = hbctlProcess(['simulate', 'sim', '--scenario', 'scenario.yaml', '--html', target], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hbctl: scenario\.yaml holds 2 scenarios[^\n]*\nhbctl: cannot write [^\n]+input file[^\n]+\n$/);
    expect(readFileSync(join(dir, target), 'utf8')).toBe(before);
  });
});

describe('standard output, however it is spelled, is written as a stream', { timeout: PROCESS_TIMEOUT_MS }, () => {
  // The link points at /proc/self/fd/1, not /dev/stdout: code that wrongly
  // replaced a dangling link's target would then fail inside /proc instead of
  // renaming a file over the machine's /dev/stdout.
  const spellings = ['-', '/dev/stdout', '/dev//stdout', '/dev/fd/1', '/proc/self/fd/1', '/proc/self/fd/../fd/1', 'out-link'];

  it.each(spellings)('compile -o %s writes the JSON to stdout when it is a socket pair (node spawn)', (target) => {
    symlinkSync('/proc/self/fd/1', join(dir, 'out-link'));
    const r = hbctlProcess(['compile', '-o', target], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('hash');
    expect(r.stderr).toMatch(/→ stdout \(sha256:/);
  });

  it.each(['-', '/dev/stdout', '/proc/self/fd/1', 'out-link'])('compile -o %s writes the JSON to stdout when it is a pipe (shell |)', (target) => {
    symlinkSync('/proc/self/fd/1', join(dir, 'out-link'));
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" compile -o '${target}' | cat`;
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: plainEnv() });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('hash');
  });

  it.skipIf(!canMknod)(`simulate --html a character device writes into it, and it stays a device (${canMknod ? 'private null node' : SKIP_MKNOD})`, () => {
    makeCharDevice(join(dir, 'null'), 1, 3);
    const before = nodeAt(join(dir, 'null'));
    const r = hbctlProcess(['simulate', 'sim', '--scenario', 'scenario.yaml', '--html', 'null'], dir);
    expect(r.status).toBe(0);
    expect(nodeAt(join(dir, 'null'))).toBe(before);
  });

  it.each(['-', '/dev/stdout'])('simulate --html %s: the HTML page is all that stdout carries', (target) => {
    const r = hbctlProcess(['simulate', 'sim', '--scenario', 'scenario.yaml', '--html', target], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(r.stdout).not.toContain('reproduce with --seed');
    expect(readdirSync(dir)).not.toContain('-');
  });
});

/** The exit status and output of a child, once it has exited; a reader still blocked on a FIFO is killed by `withTimeout`. */
function collect(child: ChildProcess): Promise<ProcessResult> & { child: ChildProcess } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => void (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => void (stderr += s));
  const done = new Promise<ProcessResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return Object.assign(done, { child });
}

function withTimeout(run: Promise<ProcessResult> & { child: ChildProcess }, ms: number): Promise<ProcessResult> {
  const timer = setTimeout(() => run.child.kill(), ms);
  return run.finally(() => clearTimeout(timer));
}
