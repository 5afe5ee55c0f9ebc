import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkText, type CheckResult } from '../../src/config/pipeline.js';

/**
 * Validate time grows about linearly in the size of the input: a file under
 * the 10 MiB limit never takes minutes, however it is shaped. The shapes are
 * hostile inputs that once made validate quadratic (a pairwise duplicate
 * check, a backtracking duration pattern, a did-you-mean over every name).
 */

// Timing on a shared machine: generous bounds, and the best of a few runs.
const TIMEOUT_MS = 60_000;

function doc(kind: string, name: string, spec: string): string {
  return `---\napiVersion: hbctl/v1\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\nspec:\n${spec}`;
}

function profiles(count: number, name = (i: number) => `profile-${i}`): string {
  const parts = [doc('CommunicationsDriver', 'driver', '  channelType: Voice\n  libraryName: drv\n')];
  for (let i = 0; i < count; i++) parts.push(doc('CommunicationsProfile', name(i), '  driver: driver\n'));
  return parts.join('');
}

function configuration(names: readonly string[]): string {
  return doc('CommunicationsConfiguration', 'config', `  profiles:\n${names.map((n) => `    - ${JSON.stringify(n)}\n`).join('')}`);
}

/** `p0, p0, p1, p2, …`: a pairwise check scans the whole list before it meets the pair. */
function uniqueNamesAfterOneRepeat(count: number): string[] {
  return ['p0', ...Array.from({ length: count }, (_, i) => `p${i}`)];
}

const LONG_NAME = 'communications-profile-with-a-long-name-';

interface Shape {
  name: string;
  /** An input of about `n` units (characters, names or documents). */
  build: (n: number) => string;
  /** Big enough that timing noise is small, small enough that 5n stays fast. */
  n: number;
}

const SHAPES: Shape[] = [
  {
    name: 'a long dangling reference among 100 profiles',
    build: (n) => profiles(100) + configuration(['p'.repeat(n)]),
    n: 50_000,
  },
  {
    // Long names: comparing every reference with every name in full costs far more than reading them.
    name: 'many misspelt references among as many profiles',
    build: (n) => profiles(n, (i) => `${LONG_NAME}${i}`) + configuration(Array.from({ length: n }, (_, i) => `${LONG_NAME}${i}x`)),
    n: 400,
  },
  {
    name: 'a long profiles list whose only duplicate is at its start',
    build: (n) => configuration(uniqueNamesAfterOneRepeat(n)),
    n: 10_000,
  },
  {
    name: 'a duration of spaces then x',
    build: (n) => doc('HeartbeatProfile', 'DEFAULT', `  heartbeatLag: "${' '.repeat(n)}x"\n`),
    n: 50_000,
  },
  {
    name: 'a long clopt of repeated options, spaces and an open quote',
    build: (n) =>
      doc('WorkstationListener', 'wsl', `  clopt: "${'-A '.repeat(n / 6)}-- -n //h:1 -d ${' '.repeat(n / 2)}'x"\n`),
    n: 200_000,
  },
  {
    name: 'many documents: profiles and the roles that use them',
    build: (n) =>
      Array.from(
        { length: n },
        (_, i) =>
          doc('HeartbeatProfile', `hb-${i}`, '  heartbeatLag: 150\n') +
          doc('BusinessRole', `role-${i}`, `  heartbeatProfile: hb-${i}\n`),
      ).join(''),
    n: 250,
  },
];

function timeMs(text: string): { ms: number; result: CheckResult } {
  const start = performance.now();
  const result = checkText(text);
  return { ms: performance.now() - start, result };
}

/** What a bare YAML parse of `text` costs here and now: the yardstick for a loaded machine. */
function bareParseMs(text: string): number {
  const start = performance.now();
  parseAllDocuments(text, { lineCounter: new LineCounter() });
  return performance.now() - start;
}

/** The fastest of a few runs: scheduling and GC only ever add time. */
function bestMs(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, timeMs(text).ms);
  return best;
}

describe('validate time grows about linearly in input size', () => {
  it.each(SHAPES)('$name: 4× the input takes < 8× the time (quadratic would be 16×)', { timeout: TIMEOUT_MS }, ({ build, n }) => {
    timeMs(build(Math.max(1, Math.floor(n / 8))));
    const small = bestMs(build(n), 3);
    const large = bestMs(build(4 * n), 3);
    // A floor of 10 ms keeps scheduling noise on tiny runs from deciding the ratio.
    expect(large / Math.max(small, 10), `n: ${small.toFixed(1)} ms, 4n: ${large.toFixed(1)} ms`).toBeLessThan(8);
  });
});

/**
 * The inputs of the report, at full size: a fixed bound, stretched by what a
 * bare YAML parse of the same text costs on this machine right now (the
 * loader's own speed is measured by bench/validate, not here).
 */
function expectBounded(text: string, boundMs: number): CheckResult {
  const { ms, result } = timeMs(text);
  const parseMs = bareParseMs(text);
  expect(ms, `validate ${ms.toFixed(0)} ms, bare parse ${parseMs.toFixed(0)} ms`).toBeLessThan(boundMs + 3 * parseMs);
  return result;
}

describe('the hostile inputs at full size finish in about a second', () => {
  it('a 1 MB dangling reference among 1,000 profiles: < 2 s, still reported', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(profiles(1000) + configuration(['p'.repeat(1_000_000)]), 2000);
    expect(result.findings.filter((f) => f.rule === 'HB201')).toHaveLength(1);
  });

  it('80,000 names in one profiles list: < 2 s, the duplicate reported', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(configuration(uniqueNamesAfterOneRepeat(80_000)), 2000);
    expect(result.findings.filter((f) => f.message.includes("lists 'p0' twice (items 1 and 2)"))).toHaveLength(1);
  });

  it('a duration of 400,000 spaces then x: < 1 s, reported as not a duration', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(doc('HeartbeatProfile', 'DEFAULT', `  heartbeatLag: "${' '.repeat(400_000)}x"\n`), 1000);
    expect(result.findings.filter((f) => f.rule === 'HB102' && f.message.includes('is not a duration'))).toHaveLength(1);
  });
});
