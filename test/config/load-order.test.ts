import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findYamlFiles } from '../../src/config/yaml/files.js';
import { parseYamlText } from '../../src/config/yaml/parse.js';
import { readYamlFile } from '../../src/config/yaml/read.js';
import type { LoadResult } from '../../src/config/document.js';
import { loadPaths } from '../../src/config/yaml/index.js';
import { IoError } from '../../src/errors.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'hbctl-load-order-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Each file on its own: read, then parsed, then the next. */
async function loadOneByOne(paths: string[], cwd: string): Promise<LoadResult> {
  const result: LoadResult = { documents: [], findings: [], sources: new Map() };
  for (const input of await findYamlFiles(paths, cwd)) {
    const read = readYamlFile(input.absolutePath, input.file);
    if ('finding' in read) {
      result.findings.push(read.finding);
      continue;
    }
    result.sources.set(input.file, read.text);
    const parsed = parseYamlText(read.text, input.file);
    result.documents.push(...parsed.documents);
    result.findings.push(...parsed.findings);
  }
  return result;
}

/** Everything a caller can observe of a load, positions included. */
function observable(result: LoadResult): unknown {
  return {
    findings: result.findings,
    sources: [...result.sources],
    documents: result.documents.map((doc) => ({
      file: doc.file,
      index: doc.index,
      data: doc.data,
      name: doc.position(['metadata', 'name']),
      nameKey: doc.keyPosition(['metadata', 'name']),
      missing: doc.position(['spec', 'nope', 0]),
    })),
  };
}

const doc = (name: string, extra = ''): string =>
  `apiVersion: hbctl/v1\nkind: HeartbeatProfile\nmetadata:\n  name: ${name}\nspec:\n  heartbeatLag: 150\n${extra}`;

describe('loadPaths reads files in path order', () => {
  it('gives the documents, findings, positions and sources of reading and parsing each file in turn', async () => {
    // File-level and YAML findings among valid files.
    for (let i = 0; i < 20; i++) {
      const name = `f${String(i).padStart(2, '0')}.yaml`;
      const text =
        i === 3 ? 'a: [1, 2\n' : i === 7 ? `${doc('A')}---\n${doc('B', '  heartbeatLag: 9\n')}` : i === 11 ? '' : doc(`P${i}`);
      await writeFile(path.join(tmp, name), text);
    }
    await writeFile(path.join(tmp, 'f05.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x0a]));
    const loaded = await loadPaths(['.'], { cwd: tmp });
    const oneByOne = await loadOneByOne(['.'], tmp);
    expect(observable(loaded)).toEqual(observable(oneByOne));
    expect(loaded.findings.map((f) => `${f.file} ${f.rule}`)).toEqual([
      'f03.yaml HB001',
      'f05.yaml HB003',
      'f07.yaml HB002',
      'f11.yaml HB005',
    ]);
  });

  it('throws the IoError of the first unreadable file in file order', async () => {
    for (const i of [0, 1, 3, 5]) await writeFile(path.join(tmp, `f${i}.yaml`), doc(`P${i}`));
    execFileSync('mkfifo', [path.join(tmp, 'f2.yaml')]);
    execFileSync('mkfifo', [path.join(tmp, 'f4.yaml')]);
    const error: unknown = await loadPaths(['.'], { cwd: tmp }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toBe("cannot read 'f2.yaml': not a regular file");
  });
});

describe('readYamlFile', () => {
  it.runIf(process.platform === 'linux')('reads a file that reports no size (a virtual file) to its end', () => {
    const read = readYamlFile('/proc/self/status', 'status');
    expect('text' in read && read.text).toMatch(/^Name:[^]*\nPid:[^]*\nVmPeak:/);
  });

  it('reads a file larger than one read buffer whole', async () => {
    const text = `# ${'x'.repeat(200_000)}\na: 1\n`;
    await writeFile(path.join(tmp, 'big.yaml'), text);
    expect(readYamlFile(path.join(tmp, 'big.yaml'), 'big.yaml')).toEqual({ text });
  });
});
