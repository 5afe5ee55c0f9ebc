import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = resolve(import.meta.dirname, '../../src/engine');
const REAL_TIME = /\bDate\.now\s*\(|\bnew Date\s*\(|\bsetTimeout\s*\(|\bsetInterval\s*\(|\bsetImmediate\s*\(|\bperformance\.now\s*\(|\bprocess\.hrtime\b/;

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('engines (SPEC §4: one code path for live and simulated time)', () => {
  it('never read real time or start real timers: only the injected Clock', () => {
    const files = engineFiles(ENGINE_DIR);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
        .filter((l) => REAL_TIME.test(l.text)),
    );
    expect(offenders).toEqual([]);
  });
});
