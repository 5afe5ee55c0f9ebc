import { findYamlFiles } from './files.js';
import { parseYamlText } from './parse.js';
import { readYamlFile } from './read.js';
import type { LoadedDocument, LoadResult } from '../document.js';
import { appendAll, type Finding } from '../finding.js';

export { normalizeLineBreaks } from './line-breaks.js';
export { parseYamlText } from './parse.js';
export { decodeYamlBytes, MAX_FILE_BYTES } from './read.js';
export { MAX_NESTING_DEPTH } from './cst.js';
export { MAX_ALIAS_EXPANSION_NODES, MAX_ALIASES_PER_DOCUMENT } from './expand.js';

/**
 * Loads YAML files and directories (relative to `opts.cwd`): every document
 * with its data and positions, the findings about the files' content, and
 * each file's text. Throws `IoError` only when input cannot be found or read.
 */
export async function loadPaths(paths: readonly string[], opts: { cwd: string }): Promise<LoadResult> {
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  for (const input of await findYamlFiles(paths, opts.cwd)) {
    const read = readYamlFile(input.absolutePath, input.file);
    if ('finding' in read) {
      findings.push(read.finding);
      continue;
    }
    sources.set(input.file, read.text);
    const parsed = parseYamlText(read.text, input.file);
    appendAll(documents, parsed.documents);
    appendAll(findings, parsed.findings);
  }
  return { documents, findings, sources };
}
