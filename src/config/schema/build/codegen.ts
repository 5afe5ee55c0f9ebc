import { createAjv, standaloneCode } from '../ajv.js';
import { KINDS } from '../../kinds.js';
import { validatorExportName } from '../codegen-names.js';
import { readSchemaFile } from '../files.js';


export const GENERATED_HEADER =
  '// @ts-nocheck\n' +
  '// Generated from schemas/*.schema.json by src/config/schema/build/generate-validators.ts (npm run schemas). Do not edit.\n' +
  '// ajv standalone code: validating without compiling schemas keeps `hbctl validate` cold start fast.\n';

/**
 * Source text of src/config/schema/generated/validators.ts: one standalone ajv
 * validator per kind whose schema file exists, compiled in strict mode.
 * Deterministic, so a test can pin the committed file to the schemas.
 */
export function validatorModuleSource(): string {
  const ajv = createAjv({ source: true });
  const refs: Record<string, string> = {};
  for (const kind of KINDS) {
    const schema = readSchemaFile(kind);
    if (schema === undefined) continue;
    ajv.addSchema(schema, kind);
    refs[validatorExportName(kind)] = kind;
  }
  const code = standaloneCode(ajv, refs).replace(/^"use strict";/, '');
  return (
    GENERATED_HEADER +
    'import { createRequire } from "node:module";\n' +
    'const require = createRequire(import.meta.url);\n' +
    code +
    '\n'
  );
}
