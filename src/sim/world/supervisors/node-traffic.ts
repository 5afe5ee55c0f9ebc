/**
 * What one supervisor node sends its store, counted as the Redis store sends
 * it (docs/redis.md): a lock request (`SET NX PX` in a script), a release
 * (compare-and-delete), a CMS status write (ack or unavailable, published in
 * the same script) are one command and one round trip each; browser pings
 * are written behind, one `SET PX` per agent that pinged (a `DEL` per
 * log-off) in one round trip per flush.
 */
export class NodeTraffic {
  lock = 0;
  /** Lock requests answered "held by another" (a node never asks while it holds the lock itself). */
  lockRefused = 0;
  release = 0;
  statusWrite = 0;
  pingWrite = 0;
  pingDelete = 0;
  /** Write-behind round trips (batches), filled in when the run ends. */
  writeBehindRoundTrips = 0;
  /** CMS pings this node's CMS checks sent. */
  cmsPings = 0;

  get commands(): number {
    return this.lock + this.release + this.statusWrite + this.pingWrite + this.pingDelete;
  }

  /** CMS-table commands go one per round trip; write-behind commands are batched. */
  get roundTrips(): number {
    return this.lock + this.release + this.statusWrite + this.writeBehindRoundTrips;
  }
}
