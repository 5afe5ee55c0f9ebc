import { KINDS, type Kind } from '../../config/kinds.js';
import { getSchema, getSchemas } from '../../config/schema/index.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../io.js';
import { nearestName } from '../../config/nearest-name.js';

export interface SchemaOptions {
  kind?: string;
}

/** Prints one JSON Schema, or all of them as `{ "<Kind>": schema, ... }` in KINDS order. */
export async function schema(opts: SchemaOptions, io: CliIo): Promise<number> {
  if (opts.kind === undefined) {
    const all = getSchemas();
    const ordered: Record<string, object> = {};
    for (const kind of KINDS) if (all[kind] !== undefined) ordered[kind] = all[kind];
    io.stdout.write(`${JSON.stringify(ordered, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${JSON.stringify(getSchema(matchKind(opts.kind)), null, 2)}\n`);
  return 0;
}

/** `HeartbeatProfile`, `heartbeatprofile` and `heartbeat-profile` all name the same kind. */
export function matchKind(input: string): Kind {
  const key = simplify(input);
  const hit = KINDS.find((k) => simplify(k) === key);
  if (hit !== undefined) return hit;
  const near = nearestName(key, KINDS.map(simplify));
  const suggestion = KINDS.find((k) => simplify(k) === near);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  throw new UsageError(`unknown kind "${input}"${hint}; kinds: ${KINDS.join(', ')}`);
}

function simplify(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, '');
}
