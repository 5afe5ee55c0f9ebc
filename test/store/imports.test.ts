import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC_DIR = resolve(import.meta.dirname, '../../src');
const IMPORT = /\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)/g;

/** The top-level folders under src/ that the files of `folder` import from (relative imports only). */
function importedFolders(folder: string): Set<string> {
  const dir = join(SRC_DIR, folder);
  const folders = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC_DIR, resolve(dirname(file), spec));
      folders.add(target.includes('/') ? (target.split('/')[0] as string) : target);
    }
  }
  return folders;
}

describe('store boundaries (SPEC §4: the engines are written against ports; stores implement them)', () => {
  it('src/store imports only src/store and src/engine', () => {
    expect([...importedFolders('store')].filter((f) => f !== 'store' && f !== 'engine')).toEqual([]);
  });

  it('src/engine never imports a store (nor the simulator, supervisor or CLI): it declares the ports itself', () => {
    // Its type-only imports from src/config are the runtime's to remove (issue 7, section 1).
    expect([...importedFolders('engine')].filter((f) => f !== 'engine' && f !== 'config')).toEqual([]);
  });
});
