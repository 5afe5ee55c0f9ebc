/**
 * The key layout (docs/redis.md). Names are percent-encoded inside the hash
 * tag, so a `{`, `}` or `:` in a CMS name or agent id can neither break the
 * tag nor collide with another key; every key of one CMS (entry and lock)
 * shares its tag and so its Redis Cluster slot.
 *
 *   <prefix>{<cms>}:cms              hash: lastAckMs, available (1/0), statusAtMs, ver
 *   <prefix>{<cms>}:lock             string: the holder's token, with a TTL
 *   <prefix>agent:{<agentId>}:ping   string: the last acknowledged ping (epoch ms), TTL lag + sleep
 *   <prefix>cms-status               pub/sub channel of CMS status changes
 */
export const DEFAULT_KEY_PREFIX = 'hbctl:';

export class StoreKeys {
  constructor(readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  cms(cms: string): string {
    return `${this.prefix}{${encodeURIComponent(cms)}}:cms`;
  }

  lock(cms: string): string {
    return `${this.prefix}{${encodeURIComponent(cms)}}:lock`;
  }

  agentPing(agentId: string): string {
    return `${this.prefix}agent:{${encodeURIComponent(agentId)}}:ping`;
  }

  get statusChannel(): string {
    return `${this.prefix}cms-status`;
  }

  /** A SCAN pattern matching every key of this prefix (glob characters in the prefix escaped). */
  get allKeysPattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  }
}
