import { MAX_LINE_BYTES } from './protocol.js';

/** What one listener allows a peer (docs/workstation-protocol.md, "Limits"). */
export interface WorkstationLimits {
  /** Longest line, in bytes; a longer one ends the connection. */
  maxLineBytes: number;
  /** Open sockets per listener, entries and cleaned ones included; -x (maxClients) limits entries, this limits sockets. */
  maxConnections: number;
  /** A connection must say hello within this time. */
  helloTimeoutMs: number;
  /** Messages a connection may send in one second. */
  maxMessagesPerSecond: number;
  /** How long a socket whose entry the handler cleaned stays open, so the client's next call learns it (TPESYSTEM). */
  cleanedLingerMs: number;
  /** Graceful close: sockets still open after this are destroyed. */
  closeTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<WorkstationLimits> = Object.freeze({
  maxLineBytes: MAX_LINE_BYTES,
  maxConnections: 1024,
  helloTimeoutMs: 10_000,
  maxMessagesPerSecond: 100,
  cleanedLingerMs: 60_000,
  closeTimeoutMs: 2_000,
});
