import type { BackoffOptions } from '../backoff.js';

export { backoffDelayMs, type BackoffOptions } from '../backoff.js';

/** Browsers that lost their supervisor try again within 5 s, starting a little later than a CMS client. */
export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };
