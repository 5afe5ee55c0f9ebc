import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_HEARTBEAT } from '../../src/config/builtin.js';
import { HEARTBEAT_DURATION_YAML_KEYS, HEARTBEAT_FIELDS, yamlKeyOf } from '../../src/config/heartbeat-fields.js';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schemas/heartbeat-profile.schema.json', root), 'utf8')) as {
  properties: { spec: { properties: Record<string, { $ref?: string; type?: string }> } };
};
const specProperties = schema.properties.spec.properties;

describe('HEARTBEAT_FIELDS, the one list of the six heartbeat fields', () => {
  it('names exactly the heartbeat fields of the HeartbeatProfile schema (everything but description)', () => {
    const schemaKeys = Object.keys(specProperties).filter((k) => k !== 'description');
    expect(HEARTBEAT_FIELDS.map((f) => f.yamlKey)).toEqual(schemaKeys);
  });

  it.each(HEARTBEAT_FIELDS.map((f) => [f.yamlKey, f] as const))('%s: kind and minimum are those of its schema', (yamlKey, f) => {
    const property = specProperties[yamlKey];
    if (f.kind === 'boolean') {
      expect(property?.type).toBe('boolean');
    } else {
      expect(property?.$ref).toBe(f.minMs === 1_000 ? '#/$defs/positiveDuration' : '#/$defs/duration');
      expect(f.key).toBe(`${yamlKey}Ms`);
    }
  });

  it('gives the built-ins, in table order', () => {
    expect(Object.entries(BUILTIN_HEARTBEAT)).toEqual(HEARTBEAT_FIELDS.map((f) => [f.key, f.builtin]));
  });

  it('gives the built-ins docs/configuration.md documents', () => {
    const docs = readFileSync(new URL('docs/configuration.md', root), 'utf8');
    for (const f of HEARTBEAT_FIELDS) {
      const row = new RegExp(`^\\| ${f.yamlKey} \\| ([^|]+) \\|`, 'm').exec(docs);
      expect(row, f.yamlKey).not.toBeNull();
      const shown = typeof f.builtin === 'boolean' ? String(f.builtin) : f.builtin === 0 ? '0 (off)' : `${f.builtin / 1000} s`;
      expect(row?.[1]?.trim(), f.yamlKey).toBe(shown);
    }
  });

  it('maps each model key back to its YAML key, and knows which fields are durations', () => {
    for (const f of HEARTBEAT_FIELDS) expect(yamlKeyOf(f.key)).toBe(f.yamlKey);
    expect([...HEARTBEAT_DURATION_YAML_KEYS]).toEqual(HEARTBEAT_FIELDS.filter((f) => f.kind === 'duration').map((f) => f.yamlKey));
  });
});
