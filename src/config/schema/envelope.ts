import { findingAt, type LoadedDocument } from '../document.js';
import type { Finding } from '../finding.js';
import { API_VERSION, KINDS, isKind, type Kind } from '../kinds.js';
import { describeValue, schemaNamesOf, suggestion } from './errors/suggest.js';

const SHAPE = 'apiVersion: hbctl/v1, kind, metadata.name and spec';

/**
 * HB103: the part every document shares. Checked before the kind's schema so
 * that a wrong `kind` gives one clear finding instead of a schema's worth of
 * noise; `kind` is returned only when it is known.
 */
export function checkEnvelope(doc: LoadedDocument): { findings: Finding[]; kind?: Kind } {
  const data = doc.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { findings: [envelope(doc, [], `a document must be a mapping with ${SHAPE}; got ${describeValue(data)}`)] };
  }
  const d = data as Record<string, unknown>;
  const findings: Finding[] = [];
  if (d.apiVersion === undefined) {
    findings.push(envelope(doc, [], `apiVersion is missing; add 'apiVersion: ${API_VERSION}'`));
  } else if (d.apiVersion !== API_VERSION) {
    findings.push(envelope(doc, ['apiVersion'], `apiVersion must be ${API_VERSION}; got ${describeValue(d.apiVersion)}`));
  }
  const kind = checkKind(doc, d.kind, findings);
  if (kind !== undefined) checkMetadata(doc, d.metadata, findings);
  return kind === undefined ? { findings } : { findings, kind };
}

function checkKind(doc: LoadedDocument, kind: unknown, findings: Finding[]): Kind | undefined {
  if (isKind(kind)) return kind;
  if (kind === undefined) {
    findings.push(envelope(doc, [], `kind is missing; add one of: ${KINDS.join(', ')}`));
  } else if (typeof kind !== 'string') {
    findings.push(envelope(doc, ['kind'], `kind must be one of ${KINDS.join(', ')}; got ${describeValue(kind)}`));
  } else {
    findings.push(envelope(doc, ['kind'], `unknown kind '${kind}'${suggestion(kind, schemaNamesOf(KINDS, () => KINDS), 'known kinds')}`));
  }
  return undefined;
}

function checkMetadata(doc: LoadedDocument, metadata: unknown, findings: Finding[]): void {
  if (metadata === undefined) {
    findings.push(envelope(doc, [], `metadata.name is missing; add 'metadata: {name: <name>}'`));
    return;
  }
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    findings.push(envelope(doc, ['metadata'], `metadata must be a mapping with a name; got ${describeValue(metadata)}`));
    return;
  }
  const name = (metadata as Record<string, unknown>).name;
  if (name === undefined) {
    findings.push(envelope(doc, ['metadata'], `metadata.name is missing; every document needs a name`));
  } else if (typeof name !== 'string' || name.trim() === '') {
    findings.push(envelope(doc, ['metadata', 'name'], `metadata.name must be a non-empty string; got ${describeValue(name)}`));
  }
}

function envelope(doc: LoadedDocument, path: (string | number)[], message: string): Finding {
  return findingAt(doc, path, 'HB103', 'error', message);
}

/** ajv errors the envelope check already reported (or made moot). */
export function isEnvelopeError(e: { instancePath: string; keyword: string; params: Record<string, unknown> }): boolean {
  const p = e.instancePath;
  if (p === '/apiVersion' || p === '/kind' || (p === '' && e.keyword === 'type')) return true;
  if (p === '' && e.keyword === 'required') return ['apiVersion', 'kind', 'metadata'].includes(String(e.params.missingProperty));
  if (p === '/metadata' && (e.keyword === 'type' || (e.keyword === 'required' && e.params.missingProperty === 'name'))) return true;
  return p === '/metadata/name' && (e.keyword === 'type' || e.keyword === 'minLength');
}
