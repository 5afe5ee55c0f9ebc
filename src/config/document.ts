import type { Document, LineCounter, Scalar } from 'yaml';
import type { Finding, Severity } from './finding.js';
import type { Hazard } from './hazards.js';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** 1-based line and column of a node (start, and end when known). */
export interface SourcePosition {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * One YAML document of one file, parsed with positions. `data` is the plain
 * JavaScript value (objects have no prototype-setting key: the loader reports
 * and drops `__proto__`; `constructor`, `prototype` and the like are kept as
 * ordinary own keys).
 */
export interface LoadedDocument {
  /** File path as shown to users (relative to cwd when inside it). */
  file: string;
  /** 0-based index of this document in its file. */
  index: number;
  data: unknown;
  /**
   * The `yaml` library's document. Plain documents do not keep it (their
   * positions are indexed while loading): it is composed again from the
   * source on first use, so read it only off the hot path.
   */
  readonly yaml: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain scalars that YAML 1.1 reads differently, found while loading (see hazards.ts). */
  hazards: readonly Hazard[];
  /** The scalar at `spec.clopt` as `getIn` finds it (the first of duplicated keys), for columns inside it. */
  cloptScalar: ScalarSource | undefined;
  /** Position of the node at `path`, or of its nearest existing ancestor. */
  position(path: YamlPath): SourcePosition;
  /** Position of the map key at `path` (for unknown-key findings); falls back to `position`. */
  keyPosition(path: YamlPath): SourcePosition;
}

/** A scalar as written: its value, quoting style and source range. */
export interface ScalarSource {
  value: unknown;
  type: Scalar.Type | undefined;
  range: readonly [number, number];
}

export interface LoadResult {
  documents: LoadedDocument[];
  findings: Finding[];
  /** File text by the same `file` string, for source excerpts. */
  sources: Map<string, string>;
}

export function pathToString(path: YamlPath): string {
  return path.map(String).join('.');
}

/** A finding located at the node `path` of `doc`. */
export function findingAt(
  doc: LoadedDocument,
  path: YamlPath,
  rule: string,
  severity: Severity,
  message: string,
  useKey = false,
): Finding {
  const pos = useKey ? doc.keyPosition(path) : doc.position(path);
  const finding: Finding = {
    rule,
    severity,
    file: doc.file,
    line: pos.line,
    column: pos.column,
    message,
    path: pathToString(path),
  };
  if (pos.endLine !== undefined) finding.endLine = pos.endLine;
  if (pos.endColumn !== undefined) finding.endColumn = pos.endColumn;
  return finding;
}
