import { createRequire } from 'node:module';
import type Ajv2020Type from 'ajv/dist/2020.js';

type Ajv2020 = InstanceType<typeof Ajv2020Type.default>;

/**
 * ajv is loaded synchronously and only on demand: `hbctl validate` uses the
 * validators generated at build time (src/config/schema/generated/validators.ts)
 * and never pays ajv's ~200 ms schema compilation on a cold start.
 */
const require = createRequire(import.meta.url);

/**
 * The one ajv configuration of hbctl: draft 2020-12, strict (unknown keywords,
 * ignored defaults and ambiguous types are schema bugs), all errors reported.
 * `strictRequired` is off because `anyOf: [{required: [clopt]}, {required: [address]}]`
 * names properties declared by the enclosing schema; `allowUnionTypes` permits
 * `type: [string, integer, boolean]` for parameter values.
 * `patternErrorMessage` is the editor keyword (VS Code, yaml-language-server)
 * hbctl also uses for its own pattern messages.
 */
export function createAjv(opts: { source?: boolean } = {}): Ajv2020 {
  const mod = require('ajv/dist/2020.js') as typeof Ajv2020Type;
  return new mod.default({
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    logger: false,
    // hbctl writes its own messages: not generating ajv's keeps the validators smaller.
    messages: false,
    keywords: ['patternErrorMessage'],
    code: opts.source ? { source: true, esm: true, lines: false, optimize: true } : { optimize: true },
  });
}

/** ajv's standalone code generator, loaded on demand (build time and tests only). */
export function standaloneCode(ajv: Ajv2020, refs: Record<string, string>): string {
  const mod = require('ajv/dist/standalone/index.js') as { default: (a: Ajv2020, r: Record<string, string>) => string };
  return mod.default(ajv, refs);
}
