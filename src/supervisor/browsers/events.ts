import type { LogoffReason } from '../http/index.js';

/** How a simulated browser answers a call offer. */
export type CallAnswer = 'accept' | 'reject' | 'ignore';

interface Base {
  /** Epoch milliseconds of the fleet's clock. */
  atMs: number;
  agent: string;
}

/**
 * One line of `hbctl browsers` output per event (docs/browsers.md). These
 * shapes are a stable contract: the end-to-end comparison with the simulator
 * reads them.
 */
export type BrowserEvent =
  | (Base & { event: 'login'; role: string; url: string; mode: 'A' | 'B' | 'B+CMS'; browserPingIntervalMs: number })
  | (Base & { event: 'loggedOff'; role: string; url: string; reason: LogoffReason; serverTimeMs: number })
  | (Base & { event: 'cmsStatus'; cms: string; available: boolean; serverTimeMs: number })
  | (Base & { event: 'callOffer'; callId: string; from: string; answer: CallAnswer })
  | (Base & { event: 'crash' })
  | (Base & { event: 'freeze'; forMs: number })
  | (Base & { event: 'thaw' })
  | (Base & { event: 'disconnected'; url: string; code: number })
  | (Base & { event: 'reconnect'; url: string; resumed: boolean; attempts: number; downMs: number })
  | (Base & { event: 'failover'; from: string; to: string })
  | (Base & { event: 'error'; url: string; code: string; message: string });

export type BrowserEventSink = (event: BrowserEvent) => void;
