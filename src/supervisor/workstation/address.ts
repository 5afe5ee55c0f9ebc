/** Where a listener listens: host and port. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** `//host:port` (the compiled form of `-n`) as host and port; null when it is not that form. */
export function parseListenerAddress(address: string | null): ListenAddress | null {
  if (address === null) return null;
  const m = /^\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(address);
  if (m === null) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65_535) return null;
  const host = (m[1] as string).replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

/** Loopback names and addresses: a listener on them is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
