import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { IoError } from '../../errors.js';
import { fileFinding, HB003_NOT_TEXT, HB004_FILE_TOO_LARGE } from './findings.js';
import { normalizeLineBreaks } from './line-breaks.js';
import type { Finding } from '../finding.js';

/** Largest input file read (HB004): configuration files are a few kilobytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A file's text, or the finding that says why it has none. */
export type FileText = { text: string } | { finding: Finding };

/**
 * Reads one input file with three calls on one descriptor: open, fstat, read.
 * I/O failures throw `IoError` naming `file` (the path as shown to users); a
 * file that is too large is a finding, decided from its size before anything
 * is read. Synchronous on purpose: a promise round trip to the I/O thread
 * pool per call cost ten times the reads themselves on thousands of small
 * files, and the parse that follows each read needs the thread anyway.
 */
export function readYamlFile(absolutePath: string, file: string): FileText {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
    // forever, before the regular-file check below could refuse it.
    fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw ioError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new IoError(`cannot read '${file}': it is a directory`, file);
    // FIFOs and devices could block forever or never end.
    if (!stats.isFile()) throw new IoError(`cannot read '${file}': not a regular file`, file);
    if (stats.size > MAX_FILE_BYTES) return { finding: tooLarge(file, stats.size) };
    const bytes = readAll(fd, stats.size);
    // Files that report no size (some virtual files) are read until the limit.
    if (bytes.length > MAX_FILE_BYTES) return { finding: tooLarge(file, bytes.length) };
    return decodeYamlBytes(bytes, file);
  } catch (error) {
    throw error instanceof IoError ? error : ioError(file, error);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing was written: a failed close loses nothing.
    }
  }
}

/**
 * The bytes of an open file: its `sizeBytes` (one read), or, when it reports
 * no size, everything up to one byte past the limit.
 */
function readAll(fd: number, sizeBytes: number): Uint8Array {
  let buffer = new Uint8Array(sizeBytes > 0 ? sizeBytes : 64 * 1024);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (sizeBytes > 0 || length > MAX_FILE_BYTES) break;
      const larger = new Uint8Array(Math.min(buffer.length * 2, MAX_FILE_BYTES + 1));
      larger.set(buffer);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function tooLarge(file: string, sizeBytes: number): Finding {
  const mib = (sizeBytes / (1024 * 1024)).toFixed(1);
  const message = `file too large: ${mib} MiB (${sizeBytes} bytes); the limit is 10 MiB (${MAX_FILE_BYTES} bytes)`;
  return fileFinding(file, HB004_FILE_TOO_LARGE, 'error', message);
}

const IO_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** A one-line `IoError` naming `file`, from a Node.js system error. */
export function ioError(file: string, error: unknown, action = 'read'): IoError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const reason = (typeof code === 'string' && IO_REASONS[code]) || detail;
  return new IoError(`cannot ${action} '${file}': ${reason}`, file);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Decodes a file's bytes as UTF-8 text (without a BOM), or says why they are not text (HB003). */
export function decodeYamlBytes(bytes: Uint8Array, file: string): FileText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return notText(file, 'the file is UTF-16 encoded: save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const at = lineColumnOf(bytes, nul);
    return notText(file, 'binary file: it contains NUL bytes, YAML must be UTF-8 text', at.line, at.column);
  }
  const hasBom = bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    // Normalised here too, so that excerpts of the source show the same lines as the findings.
    return { text: normalizeLineBreaks(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)) };
  } catch {
    const offset = firstInvalidUtf8(body) ?? 0;
    const at = lineColumnOf(body, offset);
    const byte = (body[offset] ?? 0).toString(16).padStart(2, '0');
    return notText(file, `invalid UTF-8: byte 0x${byte} is not valid UTF-8; save the file as UTF-8`, at.line, at.column);
  }
}

function notText(file: string, message: string, line = 1, column = 1): FileText {
  return { finding: fileFinding(file, HB003_NOT_TEXT, 'error', message, line, column) };
}

/**
 * 1-based line and column (in UTF-16 code units, like the rest of the
 * positions) of a byte offset in valid text before it. Lines end at LF, CRLF
 * or a lone CR, as in YAML 1.2.
 */
function lineColumnOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(lineStart, offset));
  return { line, column: prefix.length + 1 };
}

/** Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode Table 3-7), if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return undefined;
}
