import { describe, expect, it, vi } from 'vitest';
import type { InputFile } from '../../src/config/_yaml-files.js';
import type { FileText } from '../../src/config/_yaml-read.js';
import { IoError } from '../../src/errors.js';

/** Reads that settle when the test says so, to order failures against file order. */
const reads = new Map<string, { resolve: (t: FileText) => void; reject: (e: unknown) => void }>();
const started: string[] = [];

vi.mock('../../src/config/_yaml-read.js', () => ({
  readYamlFile: (_absolutePath: string, file: string): Promise<FileText> => {
    started.push(file);
    return new Promise<FileText>((resolve, reject) => reads.set(file, { resolve, reject }));
  },
}));

const { readAhead } = await import('../../src/config/_yaml-read-ahead.js');

const files = (n: number): InputFile[] => Array.from({ length: n }, (_, i) => ({ absolutePath: `/x/f${i}`, file: `f${i}` }));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('readAhead', () => {
  it('starts at most 8 reads ahead and yields in file order, whatever order they finish in', async () => {
    started.length = 0;
    const seen: string[] = [];
    const run = (async () => {
      for await (const { input, read } of readAhead(files(12))) seen.push(`${input.file}:${'text' in read ? read.text : ''}`);
    })();
    await tick();
    expect(started).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    for (let i = 11; i >= 0; i--) {
      // Later files finish first; a file enters the window only when an earlier one was consumed.
      if (!reads.has(`f${i}`)) continue;
      reads.get(`f${i}`)?.resolve({ text: `t${i}` });
    }
    await tick();
    for (let i = 8; i < 12; i++) reads.get(`f${i}`)?.resolve({ text: `t${i}` });
    await run;
    expect(seen).toEqual(files(12).map((f, i) => `${f.file}:t${i}`));
  });

  it('throws the first failing file in file order even when a later read fails first', async () => {
    reads.clear();
    const run = (async () => {
      for await (const _ of readAhead(files(5))) {
        // Only the failure matters.
      }
    })();
    await tick();
    reads.get('f3')?.reject(new IoError("cannot read 'f3': permission denied", 'f3'));
    await tick();
    reads.get('f0')?.resolve({ text: '' });
    reads.get('f1')?.reject(new IoError("cannot read 'f1': not a regular file", 'f1'));
    await expect(run).rejects.toThrow("cannot read 'f1': not a regular file");
  });
});
