import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Reads a token file: the first line, trimmed; at least 16 characters. */
export function readTokenFile(path: string): string {
  const token = (readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  if (token.length < 16) throw new Error(`the token in ${path} is shorter than 16 characters`);
  return token;
}

/** The token a request presents: `Authorization: Bearer …`, or `?token=` (browsers cannot set WebSocket headers). */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  return url.searchParams.get('token');
}

/** Constant-time comparison, so response times do not leak the token a byte at a time. */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A WebSocket upgrade's `Origin` is accepted when absent (not a browser: no
 * cross-site page can open it), when it is this server's own origin (the page
 * the server served, judged by the `Host` header), or listed in `allowed`.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}
