import type { RuleInfo } from './types.js';

/**
 * Rules reported by other stages (loader, schema, normalise): listed here so
 * docs and SARIF can describe every id hbctl emits.
 */
export const STAGE_RULES: readonly RuleInfo[] = [
  { id: 'HB001', name: 'yaml-syntax', severity: 'error', summary: 'YAML syntax error: bad indentation, tabs, unclosed quotes or brackets.' },
  { id: 'HB002', name: 'duplicate-key', severity: 'error', summary: 'A mapping has the same key twice.' },
  { id: 'HB003', name: 'not-text', severity: 'error', summary: 'The file is binary or not valid UTF-8.' },
  { id: 'HB004', name: 'file-too-large', severity: 'error', summary: 'The file is larger than 10 MiB.' },
  { id: 'HB005', name: 'empty-file', severity: 'warning', summary: 'The file holds no documents (empty or only comments).' },
  { id: 'HB006', name: 'alias-limit', severity: 'error', summary: 'YAML aliases expand to too much data (alias expansion bomb).' },
  { id: 'HB007', name: 'nesting-too-deep', severity: 'error', summary: 'The document nests deeper than 64 levels.' },
  { id: 'HB008', name: 'forbidden-key', severity: 'error', summary: 'A key __proto__; it is dropped from the data.' },
  { id: 'HB100', name: 'schema', severity: 'error', summary: 'A value has the wrong type, is out of range, not in the allowed set, or a required field is missing.' },
  { id: 'HB101', name: 'unknown-key', severity: 'error', summary: 'A key the schema of the kind does not know (with "did you mean").' },
  { id: 'HB102', name: 'invalid-duration', severity: 'error', summary: 'A duration is neither whole seconds nor a string like "90s", "2m", "1m30s".' },
  { id: 'HB103', name: 'envelope', severity: 'error', summary: 'apiVersion is not hbctl/v1, the kind is unknown, or metadata.name is missing.' },
  { id: 'HB104', name: 'yaml11-boolean', severity: 'warning', summary: 'yes/no/on/off/y/n: a boolean in YAML 1.1 but a string in YAML 1.2 (an error where a boolean is expected).' },
  { id: 'HB105', name: 'yaml11-sexagesimal', severity: 'error', summary: 'A value like 1:30, which YAML 1.1 read as base-60 (an error where a duration is expected, a warning elsewhere).' },
  { id: 'HB106', name: 'yaml11-octal', severity: 'warning', summary: 'An integer with a leading zero (010), which YAML 1.1 read as octal 8 and YAML 1.2 reads as 10.' },
  { id: 'HB242', name: 'clopt-unparsable', severity: 'error', summary: 'A workstation listener clopt string cannot be parsed.' },
  { id: 'HB300', name: 'scenario-reference', severity: 'error', summary: 'A scenario names a role, listener, CMS or endpoint the configuration does not have (with "did you mean").' },
  { id: 'HB301', name: 'scenario-value', severity: 'error', summary: 'A scenario value cannot be simulated: more agents or clients than exist, a fault field missing for its type, a fault after the end (warnings for ignored or no-op values).' },
  { id: 'HB302', name: 'simulation-too-large', severity: 'error', summary: 'A scenario would take more events than the work budget (--max-events), more timers or waiting calls than memory holds, or a report longer than one string: refused before it runs.' },
];
