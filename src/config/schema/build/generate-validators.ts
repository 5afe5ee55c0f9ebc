/**
 * Build script, not library code: regenerates
 * src/config/schema/generated/validators.ts (ajv standalone code) from
 * schemas/*.schema.json, so a cold `hbctl validate` never compiles schemas.
 * Run through `npm run schemas` after any schema change; a test fails while
 * the generated file is stale. Nothing in src/ imports this file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatorModuleSource } from './codegen.js';

const target = fileURLToPath(new URL('../../../../src/config/schema/generated/validators.ts', import.meta.url));
writeFileSync(target, validatorModuleSource());
process.stdout.write(`wrote ${target}\n`);
