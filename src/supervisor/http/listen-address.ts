/** The default listen address: loopback only. */
export const DEFAULT_LISTEN = '127.0.0.1:7480';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `host:port` (`[::1]:7480` for IPv6); port 0 picks a free port. Null when malformed. */
export function parseListenAddress(text: string): ListenAddress | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  if (m === null) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { host: m[1] ?? m[2] ?? '', port };
}

export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
