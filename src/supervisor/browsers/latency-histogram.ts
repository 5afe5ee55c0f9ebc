/** Resolution of the histogram: each bucket is this much wider than the one before (1 %). */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Values below this (ms) share the first bucket. */
const FLOOR_MS = 0.01;
/** Values above this (ms) share the last bucket: an ack an hour late is no longer a latency. */
const CEILING_MS = 3_600_000;
const BUCKETS = 2 + Math.ceil(Math.log(CEILING_MS / FLOOR_MS) / LOG_GROWTH);

/**
 * Ack latencies in a fixed number of log-spaced buckets (1 % apart), so a
 * fleet of 20,000 browsers pinging for hours keeps a few kilobytes, not
 * every sample. Quantiles are read back to within 1 %.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  maxMs = 0;

  record(ms: number): void {
    const v = Math.max(0, ms);
    this.counts[bucketOf(v)]! += 1;
    this.count += 1;
    if (v > this.maxMs) this.maxMs = v;
  }

  /** The q-quantile (0 < q ≤ 1) in ms, rounded to 0.01 ms; null without samples. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return round2(Math.min(upperOf(i), this.maxMs));
    }
    return round2(this.maxMs);
  }
}

function bucketOf(ms: number): number {
  if (ms < FLOOR_MS) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / FLOOR_MS) / LOG_GROWTH));
}

function upperOf(bucket: number): number {
  return bucket === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** bucket;
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
