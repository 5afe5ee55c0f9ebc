import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { IoError } from '../../errors.js';
import { ioError } from './read.js';

/** One input file: where it is, and how it is named to users. */
export interface InputFile {
  absolutePath: string;
  /** Relative to cwd with `/` separators when inside cwd, else absolute. */
  file: string;
}

const YAML_EXTENSION = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * The files named by `paths` (relative to `cwd`): files as given, whatever
 * their extension; directories searched recursively for `*.yaml` and `*.yml`
 * (sorted by path, skipping `node_modules` and dot-directories). Every file
 * appears once, at its first mention.
 */
export async function findYamlFiles(paths: readonly string[], cwd: string): Promise<InputFile[]> {
  if (paths.length === 0) throw new IoError('no input paths given: name YAML files or directories');
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const stats = await stat(absolutePath).catch((error: unknown) => {
      throw ioError(given, error);
    });
    const found = stats.isDirectory()
      ? await walkDirectory(absolutePath, given)
      : [{ absolutePath, identity: await realpath(absolutePath).catch(() => absolutePath) }];
    for (const { absolutePath: file, identity } of found) {
      if (seen.has(identity)) continue;
      seen.add(identity);
      files.push({ absolutePath: file, file: displayPath(file, cwd) });
    }
  }
  return files;
}

/** A file found in a directory, and its path with every symbolic link resolved (to list it once). */
interface FoundFile {
  absolutePath: string;
  identity: string;
}

/** `absolutePath` as shown to users: relative to `cwd` with `/` separators when inside it, else absolute. */
export function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(path.resolve(cwd), absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return absolutePath;
  }
  return relative.split(path.sep).join('/');
}

/**
 * All YAML files under `root`, sorted; symbolic links are followed, each
 * directory is visited once. A file that is not a link needs no call of its
 * own: its identity is its name in the directory's resolved path.
 */
async function walkDirectory(root: string, given: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const visited = new Set<string>();
  const pending = [root];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    const resolved = await realpath(directory).catch(() => directory);
    // A symbolic link back to an ancestor would otherwise loop forever.
    if (visited.has(resolved)) continue;
    visited.add(resolved);
    const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
      throw ioError(path.relative(root, directory) ? path.join(given, path.relative(root, directory)) : given, error);
    });
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      const link = entry.isSymbolicLink() ? await linkTarget(full) : undefined;
      const kind = link ? link.kind : entry.isDirectory() ? 'directory' : 'file';
      if (kind === 'directory') {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (YAML_EXTENSION.test(entry.name)) {
        if (kind === 'broken') {
          const shown = path.join(given, path.relative(root, full));
          throw new IoError(`cannot read '${shown}': broken symbolic link`, shown);
        }
        found.push({ absolutePath: full, identity: link?.identity ?? path.join(resolved, entry.name) });
      }
    }
  }
  if (found.length === 0) throw new IoError(`no *.yaml or *.yml files under '${given}'`, given);
  return sortByPath(found);
}

async function linkTarget(full: string): Promise<{ kind: 'directory' | 'file' | 'broken'; identity: string }> {
  try {
    const identity = await realpath(full);
    return { kind: (await stat(identity)).isDirectory() ? 'directory' : 'file', identity };
  } catch {
    return { kind: 'broken', identity: full };
  }
}

/**
 * Code-unit order with `/` as the separator, so that the order does not
 * depend on the locale or the platform; each sort key is built once.
 */
function sortByPath(files: FoundFile[]): FoundFile[] {
  const keyed = files.map((file) => ({ key: file.absolutePath.split(path.sep).join('/'), file }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ file }) => file);
}
