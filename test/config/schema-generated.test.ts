import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KINDS, schemaFileName } from '../../src/config/kinds.js';
import { createAjv } from '../../src/config/schema/ajv.js';
import { validatorModuleSource } from '../../src/config/schema/build/codegen.js';
import { getSchemas } from '../../src/config/schema/validate.js';

const root = new URL('../../', import.meta.url);

describe('the schemas cannot drift', () => {
  it('src/config/schema/generated/validators.ts is generated from the committed schemas (npm run schemas)', () => {
    const committed = readFileSync(new URL('src/config/schema/generated/validators.ts', root), 'utf8');
    expect(committed === validatorModuleSource(), 'stale generated validators: run `npm run schemas`').toBe(true);
  });

  it('every schema compiles in ajv strict mode', () => {
    for (const [kind, schema] of Object.entries(getSchemas())) {
      expect(() => createAjv().compile(schema), kind).not.toThrow();
    }
  });
});

describe('schemas/hbctl.schema.json (for editors)', () => {
  const hbctl = JSON.parse(readFileSync(new URL('schemas/hbctl.schema.json', root), 'utf8')) as {
    properties: { kind: { enum: string[] } };
    allOf: { then: { $ref: string } }[];
  };

  it('knows every kind and selects its schema file by kind', () => {
    expect(hbctl.properties.kind.enum).toEqual([...KINDS]);
    expect(hbctl.allOf.map((c) => c.then.$ref)).toEqual(KINDS.map((k) => schemaFileName(k)));
  });

  it('accepts the valid fixtures and rejects an unknown key', () => {
    const ajv = createAjv();
    for (const kind of KINDS) ajv.addSchema(getSchemas()[kind], schemaFileName(kind));
    const validate = ajv.compile(hbctl);
    const dir = new URL('test/fixtures/schema/valid/', root);
    for (const file of readdirSync(dir)) {
      const doc = parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
      expect(validate(doc), file).toBe(true);
      expect(validate({ ...doc, spec: { ...(doc.spec as object), bogus: 1 } }), file).toBe(false);
    }
    expect(validate({ apiVersion: 'hbctl/v1', kind: 'Nope' })).toBe(false);
  });
});
