import { readFileSync } from 'node:fs';
import type { FileHost } from './host';

export function createNodeFileHost(): FileHost {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
