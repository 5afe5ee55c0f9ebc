import { Composer, LineCounter, Parser, Schema } from 'yaml';
import type { CST, Document } from 'yaml';
import { removeForbiddenKeys, scanTree, type TreeScan } from './ast.js';
import { findTooDeepOffset, TOO_DEEP_MESSAGE } from './cst.js';
import { checkAliasExpansion, MAX_ALIAS_EXPANSION_NODES } from './expand.js';
import { convertPlainDocument } from './plain.js';
import {
  fileFinding,
  HB001_YAML_SYNTAX,
  HB005_EMPTY_FILE,
  HB006_ALIAS_LIMIT,
  HB007_NESTING_TOO_DEEP,
  libraryFinding,
  offsetFinding,
} from './findings.js';
import { normalizeLineBreaks } from './line-breaks.js';
import type { LoadedDocument } from '../document.js';
import type { Finding } from '../finding.js';
import { isEmptyNode } from '../positions.js';
import { indexedDocument, treeDocument } from './document.js';

/**
 * One shared YAML 1.2 core schema: building a schema per document is a large
 * part of the cost of many small documents, and a shared instance also keeps
 * a `%YAML 1.1` directive from switching a document to the 1.1 schema.
 */
const CORE_SCHEMA = new Schema({ schema: 'core', resolveKnownTags: true });

const COMPOSER_OPTIONS = {
  version: '1.2',
  schema: CORE_SCHEMA,
  // Duplicate keys are found by `convertPlainDocument` or `scanTree`, which also name the first key's line.
  uniqueKeys: false,
  // Warnings go into findings; the library must not print to the console.
  logLevel: 'error',
} as const;

/** Parses every document of one YAML text. Pure; returns findings instead of throwing. */
export function parseYamlText(source: string, file: string): { documents: LoadedDocument[]; findings: Finding[] } {
  const text = normalizeLineBreaks(source);
  const lineCounter = new LineCounter();
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  const stream = composeText(
    text,
    lineCounter,
    (token) => rejectTooDeep(token, lineCounter, file, findings),
    (doc, index) => {
      const loaded = loadDocument(doc, lineCounter, file, index, findings, text);
      if (loaded) documents.push(loaded);
    },
  );
  for (const error of [...stream.errors, ...stream.warnings]) findings.push(libraryFinding(file, lineCounter, error, text));
  if (documents.length === 0 && findings.length === 0) {
    findings.push(fileFinding(file, HB005_EMPTY_FILE, 'warning', 'empty file: no YAML documents'));
  }
  return { documents, findings };
}

/**
 * Composes the documents of `text` in order, each with its index in the
 * file; a document that `tooDeep` rejects is skipped. Returns the stream's
 * own errors and warnings.
 */
function composeText(
  text: string,
  lineCounter: LineCounter,
  tooDeep: (token: CST.Document) => boolean,
  accept: (doc: Document.Parsed, index: number) => void,
): ReturnType<Composer['streamInfo']> {
  const composer = new Composer(COMPOSER_OPTIONS);
  // The composer yields a document only when the next one starts: queue the indexes of the documents fed to it.
  const pendingIndexes: number[] = [];
  let nextIndex = 0;
  let skipping = false;
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    if (token.type === 'document') {
      const index = nextIndex++;
      skipping = tooDeep(token);
      if (skipping) continue;
      pendingIndexes.push(index);
    } else if (token.type === 'directive') {
      skipping = false;
    } else if (skipping) {
      // The rest of a rejected document (its `...` end marker, comments) is not composed either.
      continue;
    }
    for (const doc of composer.next(token)) accept(doc, pendingIndexes.shift() ?? 0);
  }
  for (const doc of composer.end()) accept(doc, pendingIndexes.shift() ?? 0);
  return composer.streamInfo();
}

/** Document `index` of a text that was loaded before, composed again the same way. */
function recompose(text: string, index: number): Document.Parsed {
  let found: Document.Parsed | undefined;
  composeText(
    text,
    new LineCounter(),
    (token) => findTooDeepOffset(token) !== undefined,
    (doc, at) => {
      if (at === index) found = doc;
    },
  );
  if (!found) throw new Error(`document ${index} is not in the text it was loaded from`);
  return found;
}

function rejectTooDeep(token: CST.Document, lineCounter: LineCounter, file: string, findings: Finding[]): boolean {
  const offset = findTooDeepOffset(token);
  if (offset === undefined) return false;
  findings.push(offsetFinding(file, lineCounter, HB007_NESTING_TOO_DEEP, 'error', TOO_DEEP_MESSAGE, [offset]));
  return true;
}

/** Findings of one composed document, and the document itself when its data is usable. */
function loadDocument(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: string,
  index: number,
  findings: Finding[],
  text: string,
): LoadedDocument | undefined {
  for (const error of doc.errors) findings.push(libraryFinding(file, lineCounter, error, text));
  for (const warning of doc.warnings) findings.push(libraryFinding(file, lineCounter, warning));
  // `---` followed by nothing: an empty document in a stream is skipped silently.
  if (isEmptyNode(doc.contents)) return undefined;
  const plain = convertPlainDocument(doc, lineCounter, file);
  if (plain) {
    for (const finding of plain.findings) findings.push(finding);
    return indexedDocument(doc, plain.positions, plain.hazards, { file, index, data: plain.data, lineCounter, text }, recompose);
  }
  const scan = scanTree(doc, lineCounter, file);
  // A loop: a huge map can have more duplicate keys than a call takes arguments.
  for (const finding of scan.findings) findings.push(finding);
  if (!scan.usable) return undefined;
  if (scan.aliases.length > 0) {
    const expansion = checkAliasExpansion(doc, scan, lineCounter, file);
    for (const finding of expansion) findings.push(finding);
    if (expansion.length > 0) return undefined;
  }
  const converted = toData(doc, scan, lineCounter, file);
  if ('finding' in converted) {
    findings.push(converted.finding);
    return undefined;
  }
  if (scan.hasForbiddenKeys) removeForbiddenKeys(converted.data);
  return treeDocument(doc, { file, index, data: converted.data, lineCounter });
}

function toData(doc: Document.Parsed, scan: TreeScan, lineCounter: LineCounter, file: string): { data: unknown } | { finding: Finding } {
  const restore = resolveAliasesFromScan(scan);
  try {
    // The expansion check above bounds what aliases add; the library no longer counts them (see resolveAliasesFromScan).
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION_NODES }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const [rule, message] =
      error instanceof ReferenceError
        ? [HB006_ALIAS_LIMIT, `aliases cannot be expanded safely (${reason}): use fewer nested aliases`]
        : [HB001_YAML_SYNTAX, `the document cannot be converted to data: ${reason}`];
    return { finding: offsetFinding(file, lineCounter, rule, 'error', message, doc.contents?.range) };
  } finally {
    restore();
  }
}

type Resolve = (doc: unknown, ctx?: { anchors?: Map<unknown, unknown> }) => unknown;

/**
 * Gives each alias, for one `toJS`, the anchor `scanTree` found for it (the
 * library's rule: the nearest preceding anchor of that name). The library
 * finds it by scanning every anchor and alias before the alias, and counts
 * expansions by walking the document again: quadratic, 48 s for 50,000
 * aliases of one scalar. The expansion check has already bounded what the
 * aliases add, so the count is not needed. An anchor not yet converted
 * (never the case in document order) falls back to the library's own rule.
 * Returns the function that removes the shortcuts again.
 */
function resolveAliasesFromScan(scan: TreeScan): () => void {
  for (const { alias, target } of scan.aliases) {
    const own = (alias.resolve as Resolve).bind(alias);
    const resolve: Resolve = (doc, ctx) => (ctx?.anchors?.has(target) === true ? target : own(doc, ctx));
    Object.defineProperty(alias, 'resolve', { value: resolve, configurable: true, writable: true });
  }
  return () => {
    for (const { alias } of scan.aliases) delete (alias as { resolve?: unknown }).resolve;
  };
}
