import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** A YAML document of `kind` named `name`: the envelope every hbctl document has. */
export function doc(kind: string, name: string, spec: object): object {
  return { apiVersion: 'hbctl/v1', kind, metadata: { name }, spec };
}

/** Writes each file (path under `dir` → its documents, from object literals) as multi-document YAML. */
export async function writeYamlFiles(dir: string, files: Record<string, readonly object[]>): Promise<void> {
  for (const [path, docs] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, docs.map((d) => stringify(d)).join('---\n'));
  }
}
