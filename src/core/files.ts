import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isIgnored, type Config } from './config';

/** Folders that hold dependencies and build output, never a team's own specs. */
export const SKIPPED_FOLDERS = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/.bench-cache/**'];

/** Candidate spec files below a folder; their content decides later whether they are specs. */
export async function findSpecFiles(folder: string, config: Config): Promise<string[]> {
  const found = await glob('**/*.{yaml,yml,json}', { cwd: folder, absolute: true, ignore: SKIPPED_FOLDERS });
  return found.map((f) => resolve(f)).filter((f) => !isIgnored(config, f));
}
