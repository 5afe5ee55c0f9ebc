/**
 * What a workstation listener tells the outside, for metrics and logs. Every
 * callback is optional; `listener` is the compiled listener's name. Counters
 * only grow; `clients` is a gauge.
 */
export interface WorkstationListenerMetrics {
  /** The handler cleaned a stale entry after probeCount unanswered probes (-K handler/both). */
  entryCleaned?(listener: string): void;
  /** The entries the listener holds now (each takes one of the maxClients slots), after every change. */
  clients?(listener: string, count: number): void;
  /** A hello refused because every maxClients slot was taken. */
  connectRefused?(listener: string): void;
  /** A call answered TPESYSTEM. */
  tpesystem?(listener: string): void;
  /** A socket dropped before or beside the protocol: too many connections, bad token, line too long, rate, hello timeout. */
  connectionDropped?(listener: string, code: string): void;
}

/** One line for the operator's log (no trailing newline). */
export type LogLine = (line: string) => void;
