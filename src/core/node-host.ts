import { readFileSync, statSync } from 'node:fs';
import type { FileHost } from './host';

export function createNodeFileHost(): FileHost {
  return {
    readFile(path) {
      try {
        // Regular files only: a $ref to /dev/zero or a named pipe would never finish reading.
        if (!statSync(path).isFile()) return undefined;
        // A UTF-8 byte order mark (Windows editors write one) is no part of the text, as editors show it.
        const text = readFileSync(path, 'utf8');
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      } catch {
        return undefined;
      }
    },
  };
}
