import type { ErrorObject } from 'ajv';
import { findingAt, pathToString, type LoadedDocument, type YamlPath } from '../../document.js';
import type { Finding } from '../../finding.js';
import { booleanHazardMessage, type Hazard } from '../../hazards.js';
import type { Kind } from '../../kinds.js';
import { collapseAlternatives, type Alternative } from './alternatives.js';
import { isDurationSchemaPath } from '../durations.js';
import { isEnvelopeError } from '../envelope.js';
import { dropWrappedPropertyNames } from './property-names.js';
import { instancePathToYamlPath, labelOf, schemaAt, valueAt } from './pointer.js';
import { nearestName } from '../../nearest-name.js';
import { describeValue, schemaNamesOf, shown, suggestion } from './suggest.js';

export interface MapContext {
  doc: LoadedDocument;
  kind: Kind;
  schema: Record<string, unknown>;
  hazards: ReadonlyMap<string, Hazard>;
  /** Receives `HB104:<path>` for hazards reported here as errors. */
  reported: Set<string>;
}

/** Lower is more specific: the one error kept per node. */
const RANK: Record<string, number> = { 'false schema': 0, type: 1, const: 2, enum: 3, required: 4, additionalProperties: 4, pattern: 5 };

/** ajv errors → findings: one per offending node, with the most specific message. */
export function mapSchemaErrors(ctx: MapContext, errors: readonly ErrorObject[]): Finding[] {
  const relevant = errors.filter((e) => e.keyword !== 'if' && !isDurationSchemaPath(e.schemaPath) && !isEnvelopeError(e));
  const { singles, alternatives } = collapseAlternatives(relevant);
  const byNode = new Map<string, ErrorObject>();
  for (const e of singles) {
    const key = nodeKey(e);
    const prev = byNode.get(key);
    if (prev === undefined || rank(e) < rank(prev)) byNode.set(key, e);
  }
  dropWrappedPropertyNames(byNode);
  return [...alternatives.map((a) => alternativeFinding(ctx, a)), ...[...byNode.values()].map((e) => errorFinding(ctx, e))];
}

function nodeKey(e: ErrorObject): string {
  const name = (e as { propertyName?: string }).propertyName;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params.additionalProperty)}#key`;
  if (e.keyword === 'required') return `${e.instancePath}#required:${String(e.params.missingProperty)}`;
  if (e.keyword === 'propertyNames') return `${e.instancePath}#names:${String(e.params.propertyName)}`;
  if (name !== undefined) return `${e.instancePath}#names:${name}#inner`;
  return e.instancePath;
}

function rank(e: ErrorObject): number {
  return e.keyword === 'propertyNames' ? 9 : (RANK[e.keyword] ?? 6);
}

function where(ctx: MapContext, path: YamlPath): string {
  return path.length === 0 ? ctx.kind : `${ctx.kind}.${pathToString(path)}`;
}

function ruleFor(path: YamlPath): string {
  return path[0] === 'metadata' && path[1] === 'name' ? 'HB103' : 'HB100';
}

function alternativeFinding(ctx: MapContext, a: Alternative): Finding {
  const path = instancePathToYamlPath(a.error.instancePath, ctx.doc.data);
  const label = labelOf(path);
  if (a.kind === 'required') {
    const names = a.names.map((n) => `'${n}'`);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
    return findingAt(ctx.doc, path, 'HB100', 'error', `${where(ctx, path)} needs ${list}`);
  }
  if (a.kind === 'type') return typeFinding(ctx, path, a.types);
  return findingAt(ctx.doc, path, ruleFor(path), 'error', `${label} matches more than one of its alternative forms`);
}

function typeFinding(ctx: MapContext, path: YamlPath, types: string[]): Finding {
  const key = `HB104:${pathToString(path)}`;
  const hazard = ctx.hazards.get(key);
  if (types.includes('boolean') && hazard) {
    ctx.reported.add(key);
    return findingAt(ctx.doc, path, 'HB104', 'error', booleanHazardMessage(labelOf(path), hazard.source));
  }
  const value = valueAt(ctx.doc.data, path);
  if (value === null && (types.includes('object') || types.includes('array'))) {
    const empty = types.includes('object') ? '{}' : '[]';
    return findingAt(ctx.doc, path, ruleFor(path), 'error', `${labelOf(path)} is empty; write '${String(path.at(-1))}: ${empty}' or add its entries`);
  }
  return findingAt(ctx.doc, path, ruleFor(path), 'error', `${labelOf(path)} must be ${typeList(types)}; got ${describeValue(value)}`);
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeList(types: string[]): string {
  const names = types.map((t) => TYPE_NAMES[t] ?? t);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'something else');
}

function errorFinding(ctx: MapContext, e: ErrorObject): Finding {
  const path = instancePathToYamlPath(e.instancePath, ctx.doc.data);
  const label = labelOf(path);
  const value = valueAt(ctx.doc.data, path);
  const parent = schemaAt(ctx.schema, e.schemaPath.replace(/\/[^/]*$/, ''));
  const err = (message: string, at: YamlPath = path, useKey = false): Finding =>
    findingAt(ctx.doc, at, ruleFor(at), 'error', message, useKey);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const properties = (parent?.properties as object | undefined) ?? {};
      const allowed = schemaNamesOf(properties, () => Object.keys(properties));
      const message = `unknown key '${key}' in ${where(ctx, path)}${suggestion(key, allowed, 'allowed keys')}`;
      return findingAt(ctx.doc, [...path, key], 'HB101', 'error', message, true);
    }
    case 'required':
      return err(requiredMessage(ctx, path, String(p.missingProperty), parent));
    case 'false schema':
      return err(notAllowedMessage(ctx, path, e.schemaPath), path, true);
    case 'type':
      return typeFinding(ctx, path, String(p.type).split(','));
    case 'enum': {
      const values = p.allowedValues as unknown[];
      const allowed = schemaNamesOf(values, () => values.map(String));
      const near = typeof value === 'string' ? nearestName(value, allowed.index) : undefined;
      const hint = near !== undefined ? `; did you mean '${near}'?` : '';
      return err(`${label} ${shown(value)} is not one of: ${allowed.names.join(', ')}${hint}`);
    }
    case 'const':
      return err(`${label} must be ${shown(p.allowedValue)}; got ${describeValue(value)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return err(`${label} must be ${String(p.comparison).replace('>=', '≥').replace('<=', '≤')} ${String(p.limit)}; got ${String(value)}`);
    default:
      return lengthOrPatternFinding(ctx, e, path, value, parent) ?? err(`${label} does not satisfy the schema's '${e.keyword}' rule`);
  }
}

function lengthOrPatternFinding(
  ctx: MapContext,
  e: ErrorObject,
  path: YamlPath,
  value: unknown,
  parent: Record<string, unknown> | undefined,
): Finding | undefined {
  const label = labelOf(path);
  const p = e.params as Record<string, unknown>;
  const propertyName = (e as { propertyName?: string }).propertyName;
  const limit = Number(p.limit);
  const rule = ruleFor(path);
  const at = (message: string, target: YamlPath = path, useKey = false): Finding =>
    findingAt(ctx.doc, target, rule, 'error', message, useKey);
  if (propertyName !== undefined || e.keyword === 'propertyNames') {
    const name = propertyName ?? String(p.propertyName);
    const why = typeof parent?.patternErrorMessage === 'string' && e.keyword === 'pattern' ? `: ${parent.patternErrorMessage}` : e.keyword === 'maxLength' ? `: at most ${limit} characters` : '';
    return findingAt(ctx.doc, [...path, name], 'HB100', 'error', `invalid key '${name}' in ${where(ctx, path)}${why}`, true);
  }
  switch (e.keyword) {
    case 'minLength':
      return at(limit <= 1 ? `${label} must not be empty` : `${label} must have at least ${limit} characters`);
    case 'maxLength':
      return at(`${label} must have at most ${limit} characters; got ${typeof value === 'string' ? [...value].length : '?'}`);
    case 'pattern': {
      const why = typeof parent?.patternErrorMessage === 'string' ? parent.patternErrorMessage : `it must match ${String(p.pattern)}`;
      return at(`${label} ${shown(value)} is not valid: ${why}`);
    }
    case 'minItems':
      return at(`${label} needs at least ${limit} item${limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return at(`${label} may have at most ${limit} item${limit === 1 ? '' : 's'}`);
    case 'uniqueItems': {
      const [first, later] = (Array.isArray(value) ? lastRepeat(value) : undefined) ??
        ([Number(p.i), Number(p.j)].sort((a, b) => a - b) as [number, number]);
      const item = Array.isArray(value) ? value[later] : undefined;
      return at(`${label} lists ${shown(item)} twice (items ${first + 1} and ${later + 1}); remove one`, [...path, later]);
    }
    default:
      return undefined;
  }
}

/**
 * The pair one duplicate finding names, whichever pair ajv met first: the last
 * string item that repeats an earlier one, and the nearest earlier copy. One
 * pass with a Map (string item lists are checked by ajv's linear path, which
 * skips non-strings and finds a different pair).
 */
function lastRepeat(items: readonly unknown[]): [number, number] | undefined {
  const lastAt = new Map<string, number>();
  let pair: [number, number] | undefined;
  items.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const earlier = lastAt.get(item);
    if (earlier !== undefined) pair = [earlier, i];
    lastAt.set(item, i);
  });
  return pair;
}

function requiredMessage(ctx: MapContext, path: YamlPath, missing: string, parent: Record<string, unknown> | undefined): string {
  if (path.length === 0) return `${ctx.kind} needs '${missing}'${missing === 'spec' ? ' (a mapping, possibly empty: spec: {})' : ''}`;
  const props = parent?.properties as Record<string, { description?: unknown }> | undefined;
  const description = props?.[missing]?.description;
  const what = typeof description === 'string' ? ` (${description.replace(/\.$/, '')})` : '';
  return `${where(ctx, path)} is missing required key '${missing}'${what}`;
}

function notAllowedMessage(ctx: MapContext, path: YamlPath, schemaPath: string): string {
  const key = String(path.at(-1));
  const m = /^(.*\/dependentSchemas\/([^/]+))\//.exec(schemaPath);
  if (!m) return `'${key}' is not allowed in ${where(ctx, path.slice(0, -1))}`;
  const trigger = decodeURIComponent(m[2] as string);
  const group = Object.keys((schemaAt(ctx.schema, m[1] as string)?.properties as object | undefined) ?? {});
  return `'${key}' cannot be combined with '${trigger}' in ${where(ctx, path.slice(0, -1))}; give either ${trigger} or ${group.join('/')}`;
}
