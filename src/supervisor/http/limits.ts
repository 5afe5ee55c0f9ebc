/** The server's limits; every one has a safe default (docs/protocol.md#limits). */
export interface ServerLimits {
  /** Largest WebSocket frame (bytes); a larger one closes the connection with 1009. */
  maxFrameBytes: number;
  /** Open agent WebSocket connections; beyond it an upgrade gets 503. */
  maxAgentConnections: number;
  /** HTTP connections of any kind (Node's `server.maxConnections`). */
  maxHttpConnections: number;
  /** Time to receive a request's headers; a slower client gets 408 and is closed. */
  headersTimeoutMs: number;
  /** Time to receive a whole request. */
  requestTimeoutMs: number;
  /** Idle keep-alive HTTP connections are closed after this. */
  keepAliveTimeoutMs: number;
  /** A WebSocket that has not sent `hello` or `resume` by then is closed with 4009. */
  helloTimeoutMs: number;
  /** A ping sooner than this fraction of the profile's ping interval after the previous one is a strike... */
  pingFloodFraction: number;
  /** ...and never sooner than this many ms counts as well spaced. */
  pingFloodFloorMs: number;
  /** Strikes in a row tolerated; one more closes the connection with 4008. */
  maxPingStrikes: number;
  /** Invalid frames tolerated per connection; one more closes it with 4011. */
  maxInvalidFrames: number;
  /** Frames of any kind per connection per second; more closes it with 1008. */
  maxFramesPerSecond: number;
  /** A connection whose unsent output exceeds this is dropped (a reader that does not read). */
  maxBufferedBytes: number;
  /** Graceful stop: sockets still open this long after `close()` are destroyed. */
  closeGraceMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxFrameBytes: 4096,
  maxAgentConnections: 10_000,
  maxHttpConnections: 15_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  helloTimeoutMs: 10_000,
  pingFloodFraction: 0.25,
  pingFloodFloorMs: 100,
  maxPingStrikes: 2,
  maxInvalidFrames: 5,
  maxFramesPerSecond: 50,
  maxBufferedBytes: 1 << 20,
  closeGraceMs: 4_000,
};
