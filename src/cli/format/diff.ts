import type { ChalkInstance } from 'chalk';
import type { CompiledParameter } from '../../config/compiled/index.js';
import type { ConfigDiff, ConfigurationDiff, FieldChange, NamedDiff, RoleDiff } from '../../config/compiled/index.js';
import { humanMs, parameterOriginText } from '../../config/explain/index.js';
import { HEARTBEAT_DURATION_YAML_KEYS } from '../../config/heartbeat-fields.js';
import { escapeControls as esc } from './escape.js';
import { plural } from './report.js';
import { table } from './table.js';

/** Heartbeat duration fields are in ms in the compiled config; every other `...Ms` field is too. */
const MS_FIELDS = HEARTBEAT_DURATION_YAML_KEYS;

/**
 * `hbctl diff` as text: per role the values that change (old → new), origin
 * switches, profile/mode/reference changes; then configurations, listeners,
 * keep-alive and CMS; then a one-line summary. Names, values and the
 * labels are escaped (escape.ts; `table` escapes its cells): a compiled file
 * is input too.
 */
export function formatDiffText(d: ConfigDiff, labels: { old: string; new: string }, chalk: ChalkInstance): string {
  const out = [chalk.bold(esc(`${labels.old} (${d.oldHash}) → ${labels.new} (${d.newHash})`)), ''];
  if (!d.changed) return `${[...out, 'no changes'].join('\n')}\n`;
  for (const name of d.rolesAdded) out.push(chalk.green(`+ role ${esc(name)}`));
  for (const name of d.rolesRemoved) out.push(chalk.red(`- role ${esc(name)}`));
  for (const r of d.roles) out.push(...roleLines(r, chalk));
  const c = d.communicationsConfigurations;
  out.push(...addedRemoved('communications configuration', c.added, c.removed, chalk));
  for (const cfg of c.changed) out.push(...configurationLines(cfg, chalk));
  out.push(...namedGroup('listener', d.listeners, chalk), ...namedGroup('CMS', d.cms, chalk));
  if (d.keepAlive.length > 0) out.push(chalk.bold('keep-alive settings'), ...changeRows(d.keepAlive));
  out.push('', summary(d));
  return `${out.join('\n')}\n`;
}

function roleLines(r: RoleDiff, chalk: ChalkInstance): string[] {
  const rows: string[][] = [];
  if (r.profile !== null) rows.push(['profile', show(r.profile.old), '→', show(r.profile.new)]);
  if (r.mode !== null) rows.push(['mode', r.mode.old, '→', r.mode.new]);
  for (const v of r.values) rows.push([v.field, valueText(v.field, v.old), '→', valueText(v.field, v.new)]);
  for (const s of r.originSwitches) rows.push([`${s.field} origin`, s.oldText, '→', s.newText]);
  for (const ref of r.references) rows.push([ref.field, show(ref.old), '→', show(ref.new)]);
  return [chalk.bold(`~ role ${esc(r.role)}`), ...table(rows).map((l) => `    ${l}`)];
}

function configurationLines(c: ConfigurationDiff, chalk: ChalkInstance): string[] {
  const rows: string[][] = c.fields.map((f) => [f.field, valueText(f.field, f.old), '→', valueText(f.field, f.new)]);
  for (const p of c.profilesAdded) rows.push([`profile ${p}`, '(none)', '→', 'added']);
  for (const p of c.profilesRemoved) rows.push([`profile ${p}`, 'present', '→', '(removed)']);
  for (const p of c.driverParameters) rows.push([`${p.profile}: ${p.parameter}`, parameterText(p.old), '→', parameterText(p.new)]);
  return [chalk.bold(`~ communications configuration ${esc(c.name)}`), ...table(rows).map((l) => `    ${l}`)];
}

function namedGroup(label: string, g: { added: string[]; removed: string[]; changed: NamedDiff[] }, chalk: ChalkInstance): string[] {
  const out = addedRemoved(label, g.added, g.removed, chalk);
  for (const n of g.changed) out.push(chalk.bold(`~ ${label} ${esc(n.name)}`), ...changeRows(n.fields));
  return out;
}

function addedRemoved(label: string, added: string[], removed: string[], chalk: ChalkInstance): string[] {
  return [...added.map((n) => chalk.green(`+ ${label} ${esc(n)}`)), ...removed.map((n) => chalk.red(`- ${label} ${esc(n)}`))];
}

function changeRows(changes: readonly FieldChange[]): string[] {
  return table(changes.map((f) => [f.field, valueText(f.field, f.old), '→', valueText(f.field, f.new)])).map((l) => `    ${l}`);
}

function parameterText(p: CompiledParameter | null): string {
  if (p === null) return '(none)';
  const value = p.unit === 'ms' && typeof p.value === 'number' ? humanMs(p.value) : JSON.stringify(p.value);
  return `${value} (${parameterOriginText(p.origin)})`;
}

/**
 * Durations read as `2m30s (150s)`; a CMS ping interval of 0 reads `off`;
 * absent reads `(none)`; `{ value, unit: "ms" }` reads as its duration; other
 * objects read as `key=value` pairs in key order (a JSON side and a
 * YAML side may hold the same keys in another order).
 */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'number' && (MS_FIELDS.has(field) || /Ms$/.test(field))) {
    return field === 'cmsPingInterval' && value === 0 ? 'off' : humanMs(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const v = value as Record<string, unknown>;
  if ('value' in v) return v['unit'] === 'ms' && typeof v['value'] === 'number' ? humanMs(v['value']) : valueText('', v['value']);
  return Object.keys(v)
    .sort()
    .map((k) => `${k}=${valueText(k, v[k])}`)
    .join(', ');
}

function show(value: unknown): string {
  return value === null || value === undefined ? '(none)' : String(value);
}

export function summary(d: ConfigDiff): string {
  const parts = [`${plural(d.roles.length, 'role')} changed`];
  if (d.rolesAdded.length > 0) parts.push(`${d.rolesAdded.length} added`);
  if (d.rolesRemoved.length > 0) parts.push(`${d.rolesRemoved.length} removed`);
  const groups = [d.communicationsConfigurations, d.listeners, d.cms];
  const others = groups.reduce((n, g) => n + g.added.length + g.removed.length + g.changed.length, 0) + (d.keepAlive.length > 0 ? 1 : 0);
  if (others > 0) parts.push(plural(others, 'other change'));
  return parts.join(', ');
}
