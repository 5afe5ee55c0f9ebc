import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaFileName, type Kind } from '../kinds.js';

/** `schemas/` of the package: three levels up from both src/config/schema/ and dist/config/schema/. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export function schemaFilePath(kind: Kind): string {
  return SCHEMA_DIR + schemaFileName(kind);
}

/** The parsed schema file of `kind`, or undefined when there is none (yet). */
export function readSchemaFile(kind: Kind): Record<string, unknown> | undefined {
  const file = schemaFilePath(kind);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
