import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_BYTES } from './protocol.js';

export type SplitItem = { line: string } | { tooLong: true };

/**
 * Cuts a byte stream into lines at `\n` (a `\r` before it is dropped),
 * whatever the chunk boundaries. It holds at most `maxLineBytes` of an
 * unfinished line: a line that grows past the limit yields `tooLong` once and
 * the splitter stops (the peer is misbehaving; the caller closes).
 */
export class LineSplitter {
  private readonly parts: Buffer[] = [];
  private pendingBytes = 0;
  private failed = false;

  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {}

  get stopped(): boolean {
    return this.failed;
  }

  push(chunk: Buffer): SplitItem[] {
    if (this.failed) return [];
    const out: SplitItem[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.pendingBytes + (end - start) > this.maxLineBytes) {
        this.failed = true;
        this.parts.length = 0;
        this.pendingBytes = 0;
        out.push({ tooLong: true });
        return out;
      }
      if (nl === -1) {
        if (end > start) {
          this.parts.push(chunk.subarray(start, end));
          this.pendingBytes += end - start;
        }
        return out;
      }
      this.parts.push(chunk.subarray(start, end));
      out.push({ line: this.takeLine() });
      start = nl + 1;
    }
  }

  private takeLine(): string {
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts.length = 0;
    this.pendingBytes = 0;
    const text = new StringDecoder('utf8').end(bytes);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
