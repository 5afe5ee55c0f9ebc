import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkText, type CheckResult } from '../../src/config/pipeline.js';
import { bestCpuMs, cpuMs } from '../helpers/cpu-time.js';

/**
 * Validate time grows about linearly in the size of the input: a file under
 * the 10 MiB limit never takes minutes, however it is shaped. The shapes are
 * hostile inputs that once made validate quadratic (a pairwise duplicate
 * check, a backtracking duration pattern, a did-you-mean over every name).
 */

// Timing on a shared machine: CPU time, generous bounds, and the best of a few runs.
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

/** One driver declaring `p0…p(n-1)` and one profile overriding `q0x…q(n-1)x`, none of them declared. */
function undeclaredOverrides(count: number): string {
  const range = Array.from({ length: count }, (_, i) => i);
  return (
    doc('CommunicationsDriver', 'driver', `  channelType: Voice\n  libraryName: drv\n  parameters:\n${range.map((i) => `    p${i}: {type: string}\n`).join('')}`) +
    doc('CommunicationsProfile', 'profile', `  driver: driver\n  parameterOverrides:\n${range.map((i) => `    q${i}x: v\n`).join('')}`)
  );
}

/** `metadata.labels` with `count` keys that are not valid label keys. */
function invalidLabelKeys(count: number): string {
  const labels = Array.from({ length: count }, (_, i) => `    -k${i}: v\n`).join('');
  return `---\napiVersion: hbctl/v1\nkind: HeartbeatProfile\nmetadata:\n  name: DEFAULT\n  labels:\n${labels}spec: {}\n`;
}

/** A Scenario with `count` faults that match none of the fault forms (each one an anyOf error). */
function unmatchedFaults(count: number): string {
  const faults = Array.from({ length: count }, () => '    - {at: 1, type: browserCrash, agents: true}\n').join('');
  return doc('Scenario', 'scenario', `  duration: 10m\n  agents: [ { role: AGENT, count: 5 } ]\n  faults:\n${faults}`);
}

/** Names of 120 characters: `LONG_120(i)` for profiles, one letter off for the dangling references to them. */
const STEM = 'p'.repeat(116);
const long120 = (i: number): string => `${STEM}${String(i % 1000).padStart(4, '0')}`;
const misspelt120 = (i: number): string => `${STEM.slice(0, -1)}X${String(i % 100).padStart(4, '0')}`;

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
    name: 'many undeclared parameter overrides of a driver with as many parameters',
    build: (n) => undeclaredOverrides(n),
    n: 1_000,
  },
  {
    name: 'many invalid label keys',
    build: (n) => invalidLabelKeys(n),
    n: 1_000,
  },
  {
    name: 'many scenario faults that match none of their forms',
    build: (n) => unmatchedFaults(n),
    n: 4_000,
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
  return cpuMs(() => checkText(text));
}

/** What a bare YAML parse of `text` costs here and now: the yardstick for a loaded machine. */
function bareParseMs(text: string): number {
  return cpuMs(() => parseAllDocuments(text, { lineCounter: new LineCounter() })).ms;
}

function bestMs(text: string, runs: number): number {
  return bestCpuMs(() => checkText(text), runs);
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

  it('10,000 undeclared overrides of a driver declaring 10,000 parameters: < 2 s, each reported', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(undeclaredOverrides(10_000), 2000);
    expect(result.findings.filter((f) => f.rule === 'HB220')).toHaveLength(10_000);
  });

  it('20,000 invalid label keys: < 2 s, each reported once', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(invalidLabelKeys(20_000), 2000);
    expect(result.findings.filter((f) => f.message.startsWith("invalid key '-k"))).toHaveLength(20_000);
  });

  it('20,000 scenario faults matching none of their forms: < 2 s, each reported', { timeout: TIMEOUT_MS }, () => {
    const result = expectBounded(unmatchedFaults(20_000), 2000);
    expect(result.findings.filter((f) => /^faults\.\d+\.agents must be an integer or a string/.test(f.message))).toHaveLength(20_000);
  });

  it('75,000 misspelt 120-character references among 100 such profiles (9.5 MB): < 2 s, the first ones get a suggestion', { timeout: TIMEOUT_MS }, () => {
    const refs = Array.from({ length: 75_000 }, (_, i) => misspelt120(i));
    const text = profiles(100, long120) + configuration(refs);
    expect(text.length).toBeLessThan(10 * 1024 * 1024);
    const result = expectBounded(text, 2000);
    const dangling = result.findings.filter((f) => f.rule === 'HB201');
    expect(dangling).toHaveLength(75_000);
    expect(dangling[0]?.message).toContain(`did you mean '${long120(0)}'?`);
    expect(dangling.at(-1)?.message).toContain('existing: ');
  });
});

