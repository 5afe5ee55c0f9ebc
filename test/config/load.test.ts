import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readYamlFile } from '../../src/config/yaml/read.js';
import { decodeYamlBytes, loadPaths } from '../../src/config/yaml/index.js';
import { IoError } from '../../src/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/load/', import.meta.url));
const fixtureCwd = { cwd: FIXTURES };
const runningAsRoot = process.getuid?.() === 0;

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'hbctl-load-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes a tree of files from an object literal: `{ 'a/b.yaml': 'text' }`. */
async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

function names(result: { documents: { data: unknown }[] }): unknown[] {
  return result.documents.map((doc) => (doc.data as { metadata?: { name?: string } }).metadata?.name);
}

describe('loadPaths: files and directories', () => {
  it('loads every document of a multi-document file with its index, skipping empty documents', async () => {
    const result = await loadPaths(['multi.yaml'], fixtureCwd);
    expect(names(result)).toEqual(['first', 'third']);
    expect(result.documents.map((doc) => doc.index)).toEqual([0, 2]);
    expect(result.documents.every((doc) => doc.file === 'multi.yaml')).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.sources.get('multi.yaml')).toContain('name: third');
  });

  it('recurses into directories for *.yaml and *.yml, sorted by path, ignoring other files, node_modules and dot-directories', async () => {
    await writeTree(tmp, {
      'conf/b.yaml': 'metadata: {name: b}\n',
      'conf/a.yml': 'metadata: {name: a}\n',
      'conf/sub/c.YAML': 'metadata: {name: c}\n',
      'conf/a/d.yaml': 'metadata: {name: d}\n',
      'conf/notes.txt': 'metadata: {name: not-yaml}\n',
      'conf/node_modules/pkg/x.yaml': 'metadata: {name: in-node-modules}\n',
      'conf/.git/y.yaml': 'metadata: {name: in-dot-dir}\n',
    });
    const result = await loadPaths(['conf'], { cwd: tmp });
    expect(result.documents.map((doc) => doc.file)).toEqual(['conf/a.yml', 'conf/a/d.yaml', 'conf/b.yaml', 'conf/sub/c.YAML']);
    expect(names(result)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('reads an explicitly named file whatever its extension', async () => {
    const result = await loadPaths(['config.txt'], fixtureCwd);
    expect(names(result)).toEqual(['from-txt']);
  });

  it('shows files inside cwd relative with / and files outside cwd absolute', async () => {
    await writeTree(tmp, { 'in/x.yaml': 'a: 1\n', 'out/y.yaml': 'b: 2\n' });
    const result = await loadPaths([path.join(tmp, 'in', 'x.yaml'), '../out/y.yaml'], { cwd: path.join(tmp, 'in') });
    expect(result.documents.map((doc) => doc.file)).toEqual(['x.yaml', path.join(tmp, 'out', 'y.yaml')]);
  });

  it('lists each file once, however often it is named', async () => {
    await writeTree(tmp, { 'conf/a.yaml': 'a: 1\n' });
    const result = await loadPaths(['conf', 'conf/a.yaml', './conf/../conf/a.yaml'], { cwd: tmp });
    expect(result.documents.map((doc) => doc.file)).toEqual(['conf/a.yaml']);
  });

  // Files found in a directory are identified by the directory's resolved path and their name, links by their target.
  it.each([
    ['a file and a link to it in the same directory', ['conf'], ['conf/a.yaml']],
    ['the directory through a link to it, after the directory', ['conf', 'alias'], ['conf/a.yaml']],
    ['the directory through a link to it, first', ['alias', 'conf'], ['alias/a.yaml']],
    ['the file named through the linked directory', ['conf', 'alias/a.yaml'], ['conf/a.yaml']],
    ['the link named, then the directory', ['conf/z-link.yaml', 'conf'], ['conf/z-link.yaml']],
  ])('lists each file once when it is reached through links: %s', async (_name, paths, expected) => {
    await writeTree(tmp, { 'conf/a.yaml': 'a: 1\n' });
    await symlink(path.join(tmp, 'conf', 'a.yaml'), path.join(tmp, 'conf', 'z-link.yaml'));
    await symlink(path.join(tmp, 'conf'), path.join(tmp, 'alias'));
    const result = await loadPaths(paths, { cwd: tmp });
    expect(result.documents.map((doc) => doc.file)).toEqual(expected);
  });

  it('does not follow a symbolic link loop forever', async () => {
    await writeTree(tmp, { 'conf/a.yaml': 'a: 1\n' });
    await symlink(path.join(tmp, 'conf'), path.join(tmp, 'conf', 'loop'));
    const result = await loadPaths(['conf'], { cwd: tmp });
    expect(result.documents.map((doc) => doc.file)).toEqual(['conf/a.yaml']);
  });
});

describe('loadPaths: input that cannot be read is an IoError', () => {
  it('throws IoError naming a path that does not exist', async () => {
    const error = await loadPaths(['nope.yaml'], fixtureCwd).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect(error).toMatchObject({ message: "cannot read 'nope.yaml': no such file or directory", path: 'nope.yaml' });
  });

  it('throws IoError for a directory without YAML files', async () => {
    await writeTree(tmp, { 'docs/readme.txt': 'hello\n', 'docs/node_modules/x.yaml': 'a: 1\n' });
    const error = await loadPaths(['docs'], { cwd: tmp }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toBe("no *.yaml or *.yml files under 'docs'");
  });

  it('throws IoError when no path is given', async () => {
    await expect(loadPaths([], fixtureCwd)).rejects.toBeInstanceOf(IoError);
  });

  it('throws IoError naming a file that cannot be read (EISDIR: a directory where a file read is attempted)', async () => {
    await mkdir(path.join(tmp, 'dir.yaml'));
    let error: unknown;
    try {
      readYamlFile(path.join(tmp, 'dir.yaml'), 'dir.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toBe("cannot read 'dir.yaml': it is a directory");
  });

  it('throws IoError naming a file without read permission', async () => {
    await writeTree(tmp, { 'secret.yaml': 'a: 1\n' });
    await chmod(path.join(tmp, 'secret.yaml'), 0o000);
    const attempt = loadPaths(['secret.yaml'], { cwd: tmp });
    if (runningAsRoot) {
      // Root reads files whatever their mode, so EACCES cannot happen here; the
      // EISDIR test above covers the same error path.
      console.info('running as root: chmod 000 does not make a file unreadable, only the load is checked');
      await expect(attempt).resolves.toMatchObject({ findings: [] });
    } else {
      await expect(attempt).rejects.toMatchObject({ name: 'IoError', message: "cannot read 'secret.yaml': permission denied" });
    }
  });

  it('throws IoError at once for a FIFO instead of waiting for a writer (regression: validate hung)', async () => {
    execFileSync('mkfifo', [path.join(tmp, 'pipe.yaml')]);
    const started = performance.now();
    const error = await loadPaths(['pipe.yaml'], { cwd: tmp }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toBe("cannot read 'pipe.yaml': not a regular file");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('throws IoError naming a broken symbolic link found in a directory', async () => {
    await writeTree(tmp, { 'conf/a.yaml': 'a: 1\n' });
    await symlink(path.join(tmp, 'gone.yaml'), path.join(tmp, 'conf', 'b.yaml'));
    await expect(loadPaths(['conf'], { cwd: tmp })).rejects.toThrow(/cannot read '.*b\.yaml': broken symbolic link/);
  });
});

describe('loadPaths: file content problems are findings', () => {
  it('HB005 empty-file: warns about an empty file', async () => {
    const result = await loadPaths(['empty.yaml'], fixtureCwd);
    expect(result.documents).toEqual([]);
    expect(result.findings).toEqual([
      { rule: 'HB005', severity: 'warning', file: 'empty.yaml', line: 1, column: 1, message: 'empty file: no YAML documents', path: '' },
    ]);
  });

  it('HB005 empty-file: warns about a file with only comments', async () => {
    const result = await loadPaths(['comments-only.yaml'], fixtureCwd);
    expect(result.findings.map((f) => f.rule)).toEqual(['HB005']);
  });

  it('HB003 not-text: rejects a binary file', async () => {
    const result = await loadPaths(['binary.yaml'], fixtureCwd);
    expect(result.documents).toEqual([]);
    expect(result.findings).toMatchObject([{ rule: 'HB003', severity: 'error', file: 'binary.yaml' }]);
    expect(result.findings[0]?.message).toMatch(/^binary file/);
    expect(result.sources.has('binary.yaml')).toBe(false);
  });

  it('HB003 not-text: reports invalid UTF-8 at the line and column of the first bad byte', async () => {
    const result = await loadPaths(['invalid-utf8.yaml'], fixtureCwd);
    expect(result.findings).toMatchObject([{ rule: 'HB003', severity: 'error', line: 3, column: 12 }]);
    expect(result.findings[0]?.message).toContain('0xff');
  });

  it('HB003 not-text: names UTF-16 as the encoding to change', () => {
    const utf16 = Buffer.from('\ufeffa: 1\n', 'utf16le');
    expect(decodeYamlBytes(utf16, 'x.yaml')).toMatchObject({ finding: { rule: 'HB003', message: expect.stringContaining('UTF-16') } });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const result = await loadPaths(['bom.yaml'], fixtureCwd);
    expect(result.findings).toEqual([]);
    expect(result.documents[0]?.data).toEqual({ apiVersion: 'hbctl/v1', kind: 'Cms' });
    expect(result.sources.get('bom.yaml')?.startsWith('apiVersion')).toBe(true);
    expect(result.documents[0]?.position(['kind'])).toMatchObject({ line: 2, column: 7 });
  });

  it('HB004 file-too-large: rejects a 50 MB file quickly, from its size, without parsing it', async () => {
    const big = path.join(tmp, 'big.yaml');
    await writeFile(big, '');
    await truncate(big, 50 * 1024 * 1024);
    const startMs = performance.now();
    const result = await loadPaths(['big.yaml'], { cwd: tmp });
    expect(performance.now() - startMs).toBeLessThan(1000);
    expect(result.documents).toEqual([]);
    expect(result.findings).toMatchObject([{ rule: 'HB004', severity: 'error', file: 'big.yaml', line: 1, column: 1 }]);
    expect(result.findings[0]?.message).toBe(
      'file too large: 50.0 MiB (52428800 bytes); the limit is 10 MiB (10485760 bytes)',
    );
  });

  it('accepts a file of exactly 10 MiB', async () => {
    const atLimit = path.join(tmp, 'limit.yaml');
    await writeFile(atLimit, `a: ${'x'.repeat(10 * 1024 * 1024 - 4)}\n`);
    const result = await loadPaths(['limit.yaml'], { cwd: tmp });
    expect(result.findings).toEqual([]);
    expect(result.documents).toHaveLength(1);
  });

  it('keeps going after a file with findings and reports every file', async () => {
    const result = await loadPaths(['empty.yaml', 'binary.yaml', 'multi.yaml'], fixtureCwd);
    expect(result.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['empty.yaml:HB005', 'binary.yaml:HB003']);
    expect(names(result)).toEqual(['first', 'third']);
  });
});
