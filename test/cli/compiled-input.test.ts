import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/config/compiled/canonical-json.js';
import { MAX_COMPILED_DEPTH } from '../../src/config/compiled/shape.js';
import { MAX_FILE_BYTES } from '../../src/config/yaml/index.js';
import { FIXTURES, hasStack, hbctl, type RunResult } from './_io.js';

// A compiled file given to `hbctl diff` comes from outside: whatever it holds,
// the answer is a result or one clear line with exit 2, never an internal error.

type Json = Record<string, unknown>;

let dir: string;
let compiled: Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hbctl-compiled-input-'));
  cpSync(join(FIXTURES, 'valid', 'profiles'), join(dir, 'profiles'), { recursive: true });
  const r = await hbctl(dir, ['compile', 'profiles']);
  expect(r.code).toBe(0);
  compiled = JSON.parse(r.stdout) as Json;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `levels` arrays nested in one another: `[[[]]]` is 3 levels. */
function nested(levels: number): unknown {
  let value: unknown[] = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

/** A copy of the compiled config with `value` at `path` (created as needed), its hash over the edited content. */
function withValue(path: string[], value: unknown): Json {
  const copy = structuredClone(compiled);
  let node = copy;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[path.at(-1) as string] = value;
  const { hash: _old, ...body } = copy;
  return { ...body, hash: sha256Of(body) };
}

/** JSON.stringify recurses too: very deep data is written as text (its hash is then not checked: it is refused first). */
function deepJson(path: string[], levels: number): string {
  if (levels <= 1000) return JSON.stringify(withValue(path, nested(levels)));
  const marker = '"__deep__"';
  const text = JSON.stringify(withValue(path, '__deep__'));
  return text.replace(marker, `${'['.repeat(levels)}${']'.repeat(levels)}`);
}

function expectOneLine(r: RunResult, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/internal error/);
  expect(hasStack(r.stderr)).toBe(false);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

const listener = (): string => Object.keys(compiled['listeners'] as Json)[0] as string;
const configuration = (): string => Object.keys(compiled['communicationsConfigurations'] as Json)[0] as string;

describe('diff: a compiled file nested deeper than the YAML limit', () => {
  // Regression: the hash recursed through the data and overflowed: "hbctl: internal error: Maximum call stack size exceeded".
  it.each([
    ['100,000 levels under a listener', () => ['listeners', listener(), 'x'], 100_000],
    ['100,000 levels under a configuration', () => ['communicationsConfigurations', configuration(), 'x'], 100_000],
    ['100,000 levels under a key of its own at the top', () => ['extra'], 100_000],
    ['one level past the limit', () => ['listeners', listener(), 'x'], MAX_COMPILED_DEPTH - 2],
  ] as const)('%s: exit 2, one line', async (_label, path, levels) => {
    await writeFile(join(dir, 'deep.json'), deepJson(path(), levels));
    const r = await hbctl(dir, ['diff', 'deep.json', 'profiles']);
    expectOneLine(r, new RegExp(`^hbctl: deep\\.json is not a usable compiled config: it nests objects and arrays deeper than ${MAX_COMPILED_DEPTH} levels \\(at `));
  });

  it('at the limit is read and compared: the extra field is the one change', async () => {
    // The top object, `listeners`, the listener, then `x`: MAX_COMPILED_DEPTH levels in all.
    await writeFile(join(dir, 'at-limit.json'), deepJson(['listeners', listener(), 'x'], MAX_COMPILED_DEPTH - 3));
    const r = await hbctl(dir, ['diff', 'at-limit.json', 'profiles']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 roles changed, 1 other change');
    expect(r.code).toBe(1);
  });
});

describe('diff: a compiled file larger than the 10 MiB input limit', () => {
  const padded = (sizeBytes: number): string => {
    const text = JSON.stringify(compiled);
    return `${text}${' '.repeat(sizeBytes - Buffer.byteLength(text))}`;
  };

  it.each([
    ['one byte over the limit, named .json', 'big.json', MAX_FILE_BYTES + 1],
    ['twice the limit, named without an extension', 'big-compiled', 2 * MAX_FILE_BYTES],
  ])('%s: exit 2, one line, refused from its size', async (_label, name, sizeBytes) => {
    await writeFile(join(dir, name), padded(sizeBytes));
    const r = await hbctl(dir, ['diff', name, 'profiles']);
    expectOneLine(r, new RegExp(`^hbctl: cannot read ${name}: file too large: .* \\(${sizeBytes} bytes\\); the limit is 10 MiB \\(${MAX_FILE_BYTES} bytes\\)\\n$`));
  });

  it('exactly at the limit is read', async () => {
    await writeFile(join(dir, 'limit.json'), padded(MAX_FILE_BYTES));
    const r = await hbctl(dir, ['diff', 'limit.json', 'profiles']);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
    expect(r.code).toBe(0);
  });
});
