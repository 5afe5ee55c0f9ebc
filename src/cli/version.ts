import { readFileSync } from 'node:fs';

/**
 * The package version. `src/cli/` and `dist/cli/` both sit two levels below
 * the package root, so one relative URL works for the sources and the build.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
