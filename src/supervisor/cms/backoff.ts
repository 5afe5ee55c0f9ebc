import type { BackoffOptions } from '../backoff.js';

export { backoffDelayMs, type BackoffOptions } from '../backoff.js';

/** A CMS that comes back is in use again within 5 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };
