/** Options of `hbctl simulate` as the CLI parsed them (values still strings; the command checks them). */
export interface SimulateCliOptions {
  paths: string[];
  scenario: string;
  seed?: string;
  /** `text` (default) or `json`. */
  format: string;
  html?: string;
  /** Comma-separated heartbeat profile names to run side by side. */
  compare?: string;
  /** Repeatable `field=v1,v2,...` variants of the role's profile, e.g. `heartbeatLag=30,60,90`. */
  set: string[];
  /** Events all runs together may process (a whole number); default the simulator's budget. */
  maxEvents?: string;
  /** Print no progress bar even on a TTY. */
  quiet?: boolean;
}
