import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, MESSAGE_TYPES, parseLine } from '../../../src/supervisor/cms/protocol.js';

const DOC = readFileSync(resolve(import.meta.dirname, '../../../docs/cms-protocol.md'), 'utf8');

function messageTableTypes(): string[] {
  return DOC.split('\n')
    .map((l) => /^\| `([A-Za-z]+)` \| (?:both|supervisor → CMS|CMS → supervisor) \|/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined);
}

function examples(): string[] {
  const block = /```jsonl\n([\s\S]*?)```/.exec(DOC)?.[1] ?? '';
  return block.split('\n').filter((l) => l !== '');
}

describe('docs/cms-protocol.md matches the code', () => {
  it('lists every message type once, and no type the code lacks', () => {
    expect(messageTableTypes().sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('gives an example of every message type, and every example is a valid message', () => {
    const parsed = examples().map((l) => parseLine(l));
    for (const [i, r] of parsed.entries()) expect(r.ok, `example ${examples()[i]}`).toBe(true);
    const types = new Set(parsed.map((r) => (r.ok ? r.message.type : '')));
    expect([...types].sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('states the maximum line length the code enforces', () => {
    expect(MAX_LINE_BYTES).toBe(65_536);
    expect(DOC).toContain('Maximum line length: 65,536 bytes');
  });
});
