/**
 * Seeded randomness for the simulator. One scenario seed feeds every
 * component through `subSeed(seed, label)`, so each component (call arrivals,
 * each fault, the network) draws from its own stream: adding a fault does not
 * shift the call arrivals. `uniformAt` is counter-based (a hash of seed and
 * two coordinates), so a browser's ping k can be lost or delayed
 * deterministically without any event or stored state.
 */

const TWO_POW_32 = 4_294_967_296;

/** The 32-bit finaliser of MurmurHash3: a cheap bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix(h: number, value: number): number {
  return fmix32((h ^ Math.imul(value | 0, 0x9e37_79b1)) + 0x7f4a_7c15);
}

/** A 32-bit seed for the component `label` of the run seeded with `seed`. */
export function subSeed(seed: number, label: string): number {
  let h = fmix32((seed >>> 0) ^ 0x5bd1_e995);
  for (let i = 0; i < label.length; i++) h = mix(h, label.charCodeAt(i));
  return mix(h, label.length);
}

/**
 * A uniform number in [0, 1) that depends only on (seed, a, b). `a` and `b`
 * are non-negative integers below 2^53 (agent numbers, times in ms).
 */
export function uniformAt(seed: number, a: number, b: number): number {
  let h = mix(seed >>> 0, a >>> 0);
  h = mix(h, Math.floor(a / TWO_POW_32));
  h = mix(h, b >>> 0);
  h = mix(h, Math.floor(b / TWO_POW_32));
  return fmix32(h ^ 0x2545_f491) / TWO_POW_32;
}

/** Agent numbers whose part of the hash `UniformByAgent` keeps (its array grows up to here). */
const KEPT_AGENTS_LIMIT = 2 ** 24;

/**
 * `uniformAt(seed, agent, b)` for one seed, with the mixing that depends on
 * the agent alone done once per agent and kept: the same numbers, three
 * rounds of mixing per draw instead of five. A network draws one per ping
 * evaluated, tens of millions in a run of a million agents.
 */
export class UniformByAgent {
  private kept = new Int32Array(0);

  constructor(private readonly seed: number) {}

  at(agent: number, b: number): number {
    if (agent >= this.kept.length) {
      if (!(agent < KEPT_AGENTS_LIMIT && agent >= 0 && Number.isInteger(agent))) return uniformAt(this.seed, agent, b);
      this.keep(agent);
    }
    let h = mix(this.kept[agent] as number, b >>> 0);
    h = mix(h, Math.floor(b / TWO_POW_32));
    return fmix32(h ^ 0x2545_f491) / TWO_POW_32;
  }

  /** Keeps the agent part of every agent up to `agent` (doubling, so agents 0 … n − 1 cost O(n) in all). */
  private keep(agent: number): void {
    const from = this.kept.length;
    let size = Math.max(1024, from * 2);
    while (size <= agent) size *= 2;
    const kept = new Int32Array(Math.min(size, KEPT_AGENTS_LIMIT));
    kept.set(this.kept);
    const seed = this.seed >>> 0;
    // uniformAt's first two rounds, for a < 2^32 (its high word is 0).
    for (let a = from; a < kept.length; a++) kept[a] = mix(mix(seed, a), 0);
    this.kept = kept;
  }
}

/** xoshiro128** seeded through splitmix32: a fast sequential stream. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e37_79b9) >>> 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Exponentially distributed with the given mean (1 − u avoids log(0)). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The positions `sample` would pick from a pool of `poolSize` candidates, in
 * increasing order, without the pool: the same partial Fisher–Yates shuffle
 * with its swaps kept in a map, so drawing k of n costs O(k), not O(n).
 */
export function sampleIndices(poolSize: number, count: number, random: Random): number[] {
  const n = Math.min(count, poolSize);
  const swapped = new Map<number, number>();
  const at = (position: number): number => swapped.get(position) ?? position;
  for (let i = 0; i < n; i++) {
    const j = i + random.int(poolSize - i);
    const atI = at(i);
    swapped.set(i, at(j));
    swapped.set(j, atI);
  }
  return Array.from({ length: n }, (_, i) => at(i)).sort((x, y) => x - y);
}

/** `count` distinct items of `candidates`, chosen by a partial Fisher–Yates shuffle, in ascending order. */
export function sample(candidates: readonly number[] | Int32Array, count: number, random: Random): number[] {
  const pool = Int32Array.from(candidates);
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + random.int(pool.length - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
  }
  return Array.from(pool.subarray(0, n)).sort((x, y) => x - y);
}
