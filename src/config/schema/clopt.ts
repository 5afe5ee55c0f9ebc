import type { KeepAliveMode } from '../model.js';

/**
 * Parser for the CLOPT string of a Tuxedo workstation listener (WSL):
 * server options, `--`, then the listener's own options, e.g.
 * `-A -- -n //ws.example.com:5120 -d /dev/tcp -K both -x 10`.
 */
export interface CloptValue {
  /** `-n`, always as `//host:port` (the hex form `0x0002PPPPAAAAAAAA` is converted). */
  address?: string;
  /** `-d`, e.g. `/dev/tcp`. */
  device?: string;
  /** `-K`; `none` when absent (Tuxedo treats `-K none` as no `-K`). */
  keepAlive: KeepAliveMode;
  /** `-x`: clients one handler multiplexes. */
  maxClients?: number;
  /** Every token after unquoting, option letters and values separate (`-Kboth` → `-K`, `both`). */
  options: string[];
}

export type CloptResult = { ok: true; value: CloptValue } | { ok: false; message: string; offset: number };

interface Token {
  text: string;
  offset: number;
}

type Failure = { ok: false; message: string; offset: number };

const SERVER_FLAGS = new Set(['A', 'r', 'h', 't']);
const SERVER_WITH_ARG = new Set(['o', 'e', 's', 'p', 'l', 'n']);
const WSL_WITH_ARG = new Set(['n', 'L', 'd', 'w', 'H', 'K', 't', 'T', 'm', 'M', 'x', 'p', 'P', 'I', 'c', 'k', 'z', 'Z', 'N', 'U', 'R']);
const WSL_NUMERIC = new Set(['t', 'T', 'm', 'M', 'x', 'p', 'P', 'I', 'c', 'k', 'z', 'Z', 'N', 'U', 'R']);
const KEEPALIVE_MODES: readonly string[] = ['client', 'handler', 'both', 'none'];
const ADDRESS = /^\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;
const HEX_ADDRESS = /^(?:0x|\\x)0002([0-9A-Fa-f]{4})([0-9A-Fa-f]{8})$/;
const EXAMPLE = 'e.g. "-A -- -n //host:5120 -d /dev/tcp -K both"';

export function parseClopt(text: string): CloptResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return tokens;
  const dashes = tokens.findIndex((t) => t.text === '--');
  if (dashes < 0) {
    return fail(`no "--" before the listener options; ${EXAMPLE}`, 0);
  }
  const serverError = checkServerOptions(tokens.slice(0, dashes));
  if (serverError) return serverError;
  const normalized: string[] = [];
  const wsl = parseWslOptions(tokens.slice(dashes + 1), text.length, normalized);
  if (!wsl.ok) return wsl;
  const options = [...tokens.slice(0, dashes + 1).map((t) => t.text), ...normalized];
  return { ok: true, value: { ...wsl.value, options } };
}

function checkServerOptions(tokens: Token[]): Failure | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const letter = optionLetter(tok);
    if (letter === undefined) return fail(`unexpected "${tok.text}" before "--"; server options start with "-"`, tok.offset);
    if (SERVER_FLAGS.has(letter) && tok.text.length === 2) continue;
    if (!SERVER_WITH_ARG.has(letter)) return fail(`unknown server option "${tok.text}" before "--"`, tok.offset);
    if (tok.text.length === 2) {
      const value = tokens[i + 1];
      if (value === undefined) return fail(`server option -${letter} needs a value`, tok.offset);
      i++;
    }
  }
  return undefined;
}

function parseWslOptions(
  tokens: Token[],
  end: number,
  normalized: string[],
): { ok: true; value: Omit<CloptValue, 'options'> } | Failure {
  const seen = new Map<string, Token>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const letter = optionLetter(tok);
    if (letter === undefined) return fail(`unexpected "${tok.text}"; listener options start with "-"`, tok.offset);
    if (!WSL_WITH_ARG.has(letter)) return fail(`unknown listener option "-${letter}"`, tok.offset);
    if (seen.has(letter)) return fail(`-${letter} is given twice`, tok.offset);
    let value: Token;
    if (tok.text.length > 2) {
      value = { text: tok.text.slice(2), offset: tok.offset + 2 };
    } else {
      const next = tokens[i + 1];
      if (next === undefined) return fail(`-${letter} needs a value`, end);
      value = next;
      i++;
    }
    const error = checkValue(letter, value);
    if (error) return error;
    seen.set(letter, value);
    normalized.push(`-${letter}`, value.text);
  }
  return collect(seen);
}

function checkValue(letter: string, value: Token): Failure | undefined {
  if (letter === 'K' && !KEEPALIVE_MODES.includes(value.text)) {
    return fail(`-K takes client, handler, both or none; got "${value.text}"`, value.offset);
  }
  if (letter === 'n' && toAddress(value.text) === undefined) {
    return fail(`-n needs a network address //host:port (port 1-65535); got "${value.text}"`, value.offset);
  }
  if (WSL_NUMERIC.has(letter) && !/^\d{1,9}$/.test(value.text)) {
    return fail(`-${letter} needs a whole number; got "${value.text}"`, value.offset);
  }
  if (letter === 'x' && Number(value.text) < 1) return fail(`-x must be at least 1; got ${value.text}`, value.offset);
  return undefined;
}

function collect(seen: Map<string, Token>): { ok: true; value: Omit<CloptValue, 'options'> } | Failure {
  const n = seen.get('n');
  if (n === undefined) return fail(`no -n network address after "--"; ${EXAMPLE}`, 0);
  const value: Omit<CloptValue, 'options'> = {
    address: toAddress(n.text) as string,
    keepAlive: (seen.get('K')?.text ?? 'none') as KeepAliveMode,
  };
  const device = seen.get('d');
  if (device !== undefined) value.device = device.text;
  const mpx = seen.get('x');
  if (mpx !== undefined) value.maxClients = Number(mpx.text);
  return { ok: true, value };
}

/** `//host:port` as is; the sockaddr hex form `0x0002<port><ipv4>` converted to `//a.b.c.d:port`. */
function toAddress(text: string): string | undefined {
  const plain = ADDRESS.exec(text);
  if (plain) return validPort(Number(plain[2])) ? text : undefined;
  const hex = HEX_ADDRESS.exec(text);
  if (!hex) return undefined;
  const port = parseInt(hex[1] as string, 16);
  if (!validPort(port)) return undefined;
  const ip = (hex[2] as string).match(/../g)!.map((b) => parseInt(b, 16));
  return `//${ip.join('.')}:${port}`;
}

function validPort(port: number): boolean {
  return port >= 1 && port <= 65535;
}

function optionLetter(tok: Token): string | undefined {
  return /^-[A-Za-z]/.test(tok.text) ? tok.text[1] : undefined;
}

/**
 * Splits on whitespace; '…' and "…" group (a backslash escapes " and \ inside double quotes).
 * Tokens are built from slices, not character by character: a long CLOPT makes no garbage per character.
 */
function tokenize(text: string): Token[] | Failure {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i] as string)) {
      i++;
      continue;
    }
    const start = i;
    const parts: string[] = [];
    while (i < text.length && !isSpace(text[i] as string)) {
      const ch = text[i] as string;
      if (ch !== '"' && ch !== "'") {
        const from = i;
        while (i < text.length && !isSpace(text[i] as string) && text[i] !== '"' && text[i] !== "'") i++;
        parts.push(text.slice(from, i));
        continue;
      }
      const close = readQuoted(text, i);
      if (close.end < 0) return fail(`unterminated ${ch === '"' ? 'double' : 'single'} quote`, i);
      parts.push(close.text);
      i = close.end + 1;
    }
    tokens.push({ text: parts.length === 1 ? (parts[0] as string) : parts.join(''), offset: start });
  }
  if (tokens.length === 0) return fail(`CLOPT is empty; ${EXAMPLE}`, 0);
  return tokens;
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

/** The quoted text from `open` to its closing quote (`end` -1 when there is none). */
function readQuoted(text: string, open: number): { text: string; end: number } {
  const quote = text[open];
  const parts: string[] = [];
  let from = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === quote) {
      parts.push(text.slice(from, i));
      return { text: parts.join(''), end: i };
    }
    if (quote === '"' && ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      // Drop the backslash; the escaped character starts the next slice.
      parts.push(text.slice(from, i));
      from = i + 1;
      i++;
    }
  }
  return { text: '', end: -1 };
}

function fail(message: string, offset: number): Failure {
  return { ok: false, message, offset };
}
