import type { InputFile } from './_yaml-files.js';
import { readYamlFile, type FileText } from './_yaml-read.js';

/**
 * How many files are read ahead of the one being parsed. Each read is a few
 * round trips to the I/O thread pool; awaited one file at a time they left
 * the parsing thread idle for about a tenth of a large load.
 */
const READ_AHEAD_FILES = 8;

/**
 * The files' texts in order, each read started up to READ_AHEAD_FILES files
 * early. The first failing read in file order throws, as reading them one by
 * one would; failures of reads further ahead are never observed.
 */
export async function* readAhead(files: readonly InputFile[]): AsyncGenerator<{ input: InputFile; read: FileText }> {
  const pending: Promise<FileText>[] = [];
  const start = (i: number): void => {
    const input = files[i];
    if (input === undefined) return;
    const read = readYamlFile(input.absolutePath, input.file);
    // Handled when awaited in order; a read after a failure is never awaited.
    read.catch(() => undefined);
    pending.push(read);
  };
  for (let i = 0; i < READ_AHEAD_FILES; i++) start(i);
  for (let i = 0; i < files.length; i++) {
    const read = await (pending.shift() as Promise<FileText>);
    start(i + READ_AHEAD_FILES);
    yield { input: files[i] as InputFile, read };
  }
}
