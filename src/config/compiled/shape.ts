import { MAX_NESTING_DEPTH } from '../yaml/cst.js';
import { hashOf } from './compile.js';
import type { CompiledConfig } from './types.js';
import { HEARTBEAT_FIELDS } from '../heartbeat-fields.js';

/**
 * Checks that parsed JSON has the `CompiledConfig` shape that `hbctl diff`
 * reads, and that its `hash` matches its content. A compiled file comes from
 * outside (an old build, a hand edit, another tool), so every field the diff
 * touches is checked here: otherwise a missing object would surface as a
 * TypeError deep inside the comparison.
 */
export type CompiledShapeResult = { ok: true; value: CompiledConfig } | { ok: false; message: string };

type Check = (value: unknown, path: string) => string | undefined;

/** The dotted path of `key` inside `path` (the top level is the empty path). */
const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const object: Check = (v, p) => (isObject(v) ? undefined : `${p} is not an object`);
const string: Check = (v, p) => (typeof v === 'string' ? undefined : `${p} is not a string`);
const number: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${p} is not a number`);
const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p} is not true or false`);
const nullable = (check: Check): Check => (v, p) => (v === null ? undefined : check(v, p));
const oneOf = (values: readonly unknown[]): Check => (v, p) =>
  values.includes(v) ? undefined : `${p} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

function fields(shape: Record<string, Check>): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p} is not an object`;
    for (const [key, check] of Object.entries(shape)) {
      const problem = check(v[key], at(p, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function items(check: Check, v: unknown, p: string): string | undefined {
  for (const [key, item] of Object.entries(v as object)) {
    const problem = check(item, at(p, key));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** An object keyed by name, every value checked. */
const each = (check: Check): Check => (v, p) => (isObject(v) ? items(check, v, p) : `${p} is not an object`);
/** `each`, and every value's `name` is its key, as hbctl compile writes them (diff shows one and looks up the other). */
const named = (check: Check): Check => (v, p) => {
  const problem = each(check)(v, p);
  if (problem !== undefined) return problem;
  const misnamed = Object.entries(v as object).find(([key, item]) => (item as { name: unknown }).name !== key);
  return misnamed === undefined ? undefined : `${at(p, misnamed[0])}.name is not '${misnamed[0]}'`;
};
const list = (check: Check): Check => (v, p) => (Array.isArray(v) ? items(check, v, p) : `${p} is not a list`);

/** Picks the shape to check by the value's `source`, so diff can print every field of the origin it shows. */
function bySource(shapes: Record<string, Check>): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p} is not an object`;
    const problem = oneOf(Object.keys(shapes))(v['source'], at(p, 'source'));
    return problem ?? (shapes[v['source'] as string] as Check)(v, p);
  };
}

const inProfile = fields({ profile: string, file: string, line: number });
const origin = bySource({ 'role-profile': inProfile, 'default-profile': inProfile, builtin: fields({}) });
const parameterOrigin = bySource({ 'driver-default': fields({ driver: string }), 'profile-override': fields({ profile: string }) });
const resolved = (value: Check): Check => fields({ value, origin });
const heartbeat = fields({
  profile: nullable(string),
  mode: oneOf(['A', 'B', 'B+CMS']),
  ...Object.fromEntries(HEARTBEAT_FIELDS.map((f) => [f.key, resolved(f.kind === 'boolean' ? boolean : number)])),
});
const role = fields({ name: string, heartbeat, communicationsConfiguration: nullable(string), cms: nullable(string) });
const commsProfile = fields({ name: string, driver: object, parameters: each(fields({ origin: parameterOrigin })) });
const configuration = fields({
  name: string,
  cached: boolean,
  parameters: each(object),
  profiles: list(commsProfile),
  pushKeepAlive: nullable(fields({ pushKeepAliveTimerMs: number, channelCleanupTimerMs: number })),
});
const compiled = fields({
  apiVersion: oneOf(['hbctl/v1']),
  kind: oneOf(['CompiledConfig']),
  hash: string,
  roles: named(role),
  communicationsConfigurations: named(configuration),
  listeners: named(fields({ name: string })),
  keepAlive: fields({ idleTimeMs: number, probeIntervalMs: number, probeCount: number }),
  cms: named(fields({ name: string, endpoints: list(string), ackTimeoutMs: number })),
});

/**
 * Deepest nesting of objects and arrays accepted in a compiled file: the YAML
 * limit (HB007). hbctl compile writes a few levels; deeper data could only be
 * a hand edit, and the recursive hash would overflow the stack on it.
 */
export const MAX_COMPILED_DEPTH = MAX_NESTING_DEPTH;

/** The compiled config in `data`, or the first problem found (a dotted path and what is wrong). */
export function checkCompiledShape(data: unknown): CompiledShapeResult {
  const unsafe = isObject(data) ? unsafePath(data) : undefined;
  if (unsafe !== undefined) return { ok: false, message: unsafe };
  const problem = isObject(data) ? compiled(data, '') : 'it is not a JSON object';
  if (problem !== undefined) return { ok: false, message: problem };
  const value = data as CompiledConfig;
  if (hashOf(value) !== value.hash) {
    return { ok: false, message: 'its hash does not match its content (edited after hbctl compile?)' };
  }
  return { ok: true, value };
}

/**
 * What makes parsed JSON unsafe to check and hash, if anything, in one
 * iterative walk (no recursion: it must not overflow on the data it refuses):
 * - nesting deeper than MAX_COMPILED_DEPTH, which the recursive hash would
 *   overflow the stack on;
 * - a `__proto__` key. JSON.parse keeps it as an own key, but copying or
 *   spreading it into another object sets that object's prototype instead:
 *   code that checks or hashes a copy would not see it. No name hbctl accepts
 *   is `__proto__`, so such a file was not compiled by hbctl.
 */
function unsafePath(data: object): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: data, path: '', depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    const where = path === '' ? 'the top level' : path;
    if (depth > MAX_COMPILED_DEPTH) return `it nests objects and arrays deeper than ${MAX_COMPILED_DEPTH} levels (at ${where}), which hbctl compile never writes`;
    if (Object.hasOwn(value, '__proto__')) return `it has a "__proto__" key at ${where}, which hbctl compile never writes`;
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: at(path, key), depth: depth + 1 });
  }
  return undefined;
}

export type ParseCompiledResult =
  | { ok: true; value: CompiledConfig }
  | { ok: false; problem: 'not-json' | 'not-compiled' | 'unusable'; message: string };

/**
 * Reads a compiled config from JSON text, for `hbctl diff` and other tools:
 * `not-json`, `not-compiled` (JSON, but no `"kind": "CompiledConfig"`) and
 * `unusable` (a field diff reads is wrong, or the hash does not match) tell
 * the caller which message fits.
 */
export function parseCompiled(text: string): ParseCompiledResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: 'not-json', message: (error as Error).message };
  }
  if (!isObject(data) || data['kind'] !== 'CompiledConfig') {
    return { ok: false, problem: 'not-compiled', message: 'expected "kind": "CompiledConfig"' };
  }
  const checked = checkCompiledShape(data);
  return checked.ok ? checked : { ok: false, problem: 'unusable', message: checked.message };
}
