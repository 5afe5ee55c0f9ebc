import type { ErrorObject } from 'ajv';
import type { LoadedDocument } from '../document.js';
import { appendAll, type Finding } from '../finding.js';
import * as generated from './generated/validators.js';
import { hazardIndex, hazardWarnings, scanHazards, type Hazard } from '../hazards.js';
import { KINDS, schemaFileName, type Kind } from '../kinds.js';
import { createAjv } from './ajv.js';
import { validatorExportName } from './codegen-names.js';
import { checkDurations, durationFields, type DurationField } from './durations.js';
import { checkEnvelope } from './envelope.js';
import { mapSchemaErrors } from './errors/map.js';
import { readSchemaFile } from './files.js';

type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface KindChecker {
  schema: Record<string, unknown>;
  validate: ValidateFn | undefined;
  durations: DurationField[];
}

const schemaCache = new Map<Kind, Record<string, unknown> | undefined>();
const checkers = new Map<Kind, KindChecker>();

/** The JSON Schema of every kind, read once from `schemas/` (what `hbctl schema` prints). */
export function getSchemas(): Record<Kind, object> {
  const all: Partial<Record<Kind, object>> = {};
  for (const kind of KINDS) all[kind] = getSchema(kind);
  return all as Record<Kind, object>;
}

export function getSchema(kind: Kind): object {
  return schemaFile(kind) ?? placeholderSchema(kind);
}

/** Read on first use, kind by kind: a validate run reads only the schemas of the kinds it meets. */
function schemaFile(kind: Kind): Record<string, unknown> | undefined {
  if (!schemaCache.has(kind)) schemaCache.set(kind, readSchemaFile(kind));
  return schemaCache.get(kind);
}

/**
 * Schema findings of one document: envelope (HB103), then the kind's schema
 * (HB100, HB101), durations (HB102), and YAML 1.1 hazards (HB104-HB106).
 * An empty document (a stray `---`) has nothing to check.
 */
export function validateDocument(doc: LoadedDocument): Finding[] {
  if (doc.data === null || doc.data === undefined) return [];
  const hazards = scanHazards(doc);
  const reported = new Set<string>();
  const envelope = checkEnvelope(doc);
  const findings = [...envelope.findings];
  if (envelope.kind !== undefined) {
    const checker = checkerFor(envelope.kind);
    // Nearly every document has no hazard: they share one empty index.
    const index = hazards.length === 0 ? NO_HAZARDS : hazardIndex(hazards);
    if (checker.validate !== undefined && !checker.validate(doc.data)) {
      const ctx = { doc, kind: envelope.kind, schema: checker.schema, hazards: index, reported };
      appendAll(findings, mapSchemaErrors(ctx, checker.validate.errors ?? []));
    }
    appendAll(findings, checkDurations(doc, checker.durations, index, reported));
  }
  if (hazards.length > 0) appendAll(findings, hazardWarnings(doc, hazards, reported));
  return findings;
}

const NO_HAZARDS: ReadonlyMap<string, Hazard> = new Map();

/** Validators come precompiled (generated/validators.ts); a schema added since is compiled once, here. */
function checkerFor(kind: Kind): KindChecker {
  let checker = checkers.get(kind);
  if (checker === undefined) {
    const file = schemaFile(kind);
    const schema = file ?? placeholderSchema(kind);
    const table = generated as unknown as Record<string, ValidateFn | undefined>;
    let validate = table[validatorExportName(kind)];
    if (validate === undefined && file !== undefined) validate = createAjv().compile(file) as ValidateFn;
    checker = { schema, validate, durations: durationFields(schema) };
    checkers.set(kind, checker);
  }
  return checker;
}

function placeholderSchema(kind: Kind): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `hbctl ${kind}`,
    description: `No schema file schemas/${schemaFileName(kind)} yet: only the envelope is checked.`,
    type: 'object',
  };
}
