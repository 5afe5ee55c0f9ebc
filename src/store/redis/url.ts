/**
 * Store URLs (`--store`): where the shared memory lives. Parsing never
 * throws: a bad URL is a value with a message for the user, which names the
 * URL with its password hidden.
 */

export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
}

interface Credentials {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

export type StoreTarget =
  | { readonly kind: 'memory' }
  | ({ readonly kind: 'standalone'; readonly endpoint: RedisEndpoint; readonly db: number; readonly tls: boolean } & Credentials)
  | ({ readonly kind: 'sentinel'; readonly sentinels: readonly RedisEndpoint[]; readonly masterName: string; readonly db: number } & Credentials)
  | ({ readonly kind: 'cluster'; readonly seeds: readonly RedisEndpoint[]; readonly tls: boolean } & Credentials);

export type StoreUrlResult = { readonly ok: true; readonly target: StoreTarget } | { readonly ok: false; readonly message: string };

export const DEFAULT_REDIS_PORT = 6379;
export const DEFAULT_SENTINEL_PORT = 26379;
/** Redis numbers its databases with a signed 32-bit int. */
const DB_MAX = 2 ** 31 - 1;
const URL_LENGTH_MAX = 4096;

const FORMS =
  'memory, redis://[user:pass@]host[:port][/db], rediss://…, redis+sentinel://[user:pass@]host[:port][,host[:port]…]/mastername[/db], ' +
  'or several redis:// seeds separated by commas for a Redis Cluster';

class UrlError {
  constructor(readonly reason: string) {}
}

/** Parses `--store`: `memory` (the in-process store), one Redis, a Sentinel group, or Redis Cluster seeds. */
export function parseStoreUrl(url: string): StoreUrlResult {
  try {
    return { ok: true, target: parse(url.trim()) };
  } catch (error) {
    if (!(error instanceof UrlError)) throw error;
    return { ok: false, message: `invalid store URL ${JSON.stringify(redactStoreUrl(url))}: ${error.reason} (forms: ${FORMS})` };
  }
}

/** The URL with every password replaced by `***`, for messages and logs. */
export function redactStoreUrl(url: string): string {
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
  return shown.replace(/(\/\/[^/@,]*?:)[^/@,]*@/g, '$1***@');
}

function parse(url: string): StoreTarget {
  if (url.length > URL_LENGTH_MAX) throw new UrlError(`longer than ${URL_LENGTH_MAX} characters`);
  if (url === 'memory') return { kind: 'memory' };
  const scheme = /^([a-z+]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new UrlError('no scheme');
  if (url.includes('?') || url.includes('#')) throw new UrlError('query strings and fragments are not supported');
  if (scheme === 'redis+sentinel') return parseSentinel(url.slice(scheme.length + 3));
  if (scheme !== 'redis' && scheme !== 'rediss') throw new UrlError(`unknown scheme "${scheme}"`);
  const seeds = url.split(',');
  if (seeds.length > 1 && seeds.slice(1).every((s) => /^rediss?:\/\//i.test(s))) return parseCluster(seeds);
  const { credentials, hosts, path } = splitAuthority(url.slice(scheme.length + 3));
  const endpoints = hosts.map((h) => parseEndpoint(h, DEFAULT_REDIS_PORT));
  const db = parseDb(path.length > 1 ? path : path[0]);
  if (endpoints.length > 1) {
    if (db !== 0) throw new UrlError('a Redis Cluster has only database 0');
    return { kind: 'cluster', seeds: endpoints, tls: scheme === 'rediss', ...credentials };
  }
  return { kind: 'standalone', endpoint: endpoints[0] as RedisEndpoint, db, tls: scheme === 'rediss', ...credentials };
}

function parseCluster(seeds: string[]): StoreTarget {
  const schemes = new Set(seeds.map((s) => s.slice(0, s.indexOf(':')).toLowerCase()));
  if (schemes.size > 1) throw new UrlError('cluster seeds mix redis:// and rediss://');
  let credentials: Credentials = { username: undefined, password: undefined };
  const endpoints: RedisEndpoint[] = [];
  for (const seed of seeds) {
    const parts = splitAuthority(seed.slice(seed.indexOf('://') + 3));
    if (parts.hosts.length !== 1) throw new UrlError('a cluster seed names one host');
    if (parseDb(parts.path.length > 1 ? parts.path : parts.path[0]) !== 0) throw new UrlError('a Redis Cluster has only database 0');
    if (parts.credentials.password !== undefined || parts.credentials.username !== undefined) credentials = parts.credentials;
    endpoints.push(parseEndpoint(parts.hosts[0] as string, DEFAULT_REDIS_PORT));
  }
  return { kind: 'cluster', seeds: endpoints, tls: schemes.has('rediss'), ...credentials };
}

function parseSentinel(rest: string): StoreTarget {
  const { credentials, hosts, path } = splitAuthority(rest);
  const sentinels = hosts.map((h) => parseEndpoint(h, DEFAULT_SENTINEL_PORT));
  const [masterName, db, ...extra] = path;
  if (masterName === undefined || masterName === '') throw new UrlError('no master name (redis+sentinel://host:port/mastername)');
  if (extra.length > 0) throw new UrlError('a sentinel URL ends with /mastername[/db]');
  return { kind: 'sentinel', sentinels, masterName: decode(masterName), db: parseDb(db), ...credentials };
}

/** Splits `[user:pass@]host[,host…][/path…]`. */
function splitAuthority(rest: string): { credentials: Credentials; hosts: string[]; path: string[] } {
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? [] : rest.slice(slash + 1).split('/');
  if (path.length > 0 && path[path.length - 1] === '') path.pop();
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? undefined : authority.slice(0, at);
  const hosts = (at === -1 ? authority : authority.slice(at + 1)).split(',');
  if (hosts.some((h) => h === '')) throw new UrlError('no host');
  return { credentials: parseUserInfo(userInfo), hosts, path };
}

function parseUserInfo(userInfo: string | undefined): Credentials {
  if (userInfo === undefined) return { username: undefined, password: undefined };
  const colon = userInfo.indexOf(':');
  const user = colon === -1 ? userInfo : userInfo.slice(0, colon);
  const password = colon === -1 ? undefined : decode(userInfo.slice(colon + 1));
  return { username: user === '' ? undefined : decode(user), password };
}

function parseEndpoint(text: string, defaultPort: number): RedisEndpoint {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(text);
  const colon = text.lastIndexOf(':');
  const host = bracketed?.[1] ?? (colon === -1 ? text : text.slice(0, colon));
  const portText = bracketed === null ? (colon === -1 ? undefined : text.slice(colon + 1)) : bracketed[2];
  if (host === '') throw new UrlError('no host');
  if (bracketed === null && !/^[A-Za-z0-9._-]+$/.test(host)) throw new UrlError(`bad host "${host}"`);
  if (portText === undefined) return { host, port: defaultPort };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new UrlError(`port "${portText}" is not a whole number from 1 to 65535`);
  return { host, port };
}

function parseDb(text: string | string[] | undefined): number {
  if (Array.isArray(text)) throw new UrlError('the path is /db, one number');
  if (text === undefined || text === '') return 0;
  const db = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(db >= 0 && db <= DB_MAX)) throw new UrlError(`database "${text}" is not a whole number from 0 to ${DB_MAX}`);
  return db;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UrlError('bad percent-encoding');
  }
}
