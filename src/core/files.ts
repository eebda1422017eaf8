import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { isIgnored, type Config } from './config';

/** Folders that hold dependencies and build output, never a team's own specs. */
export const SKIPPED_FOLDERS = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/.bench-cache/**'];

/** Candidate spec files below a folder; their content decides later whether they are specs. */
export async function findSpecFiles(folder: string, config: Config): Promise<string[]> {
  const found = await glob('**/*.{yaml,yml,json}', { cwd: folder, absolute: true, ignore: SKIPPED_FOLDERS });
  // A symlink to a folder above shows the same files again under a longer path: each file once, by its shortest path.
  const seen = new Set<string>();
  return found
    .map((f) => resolve(f))
    .sort((a, b) => a.split(sep).length - b.split(sep).length || (a < b ? -1 : 1))
    .filter((f) => {
      const real = regularFile(f);
      if (!real || seen.has(real)) return false;
      seen.add(real);
      return !isIgnored(config, f);
    });
}

/** The real path of a regular file; undefined for a named pipe, a device or a dangling link. */
function regularFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}
