import type { Located, SpecDocument } from '../document';
import { entry, type Entry } from '../tree';

/** A place in the linted document, by offsets. */
export interface Anchor {
  start: number;
  end: number;
}

export function child(loc: Located, key: string): Located | undefined {
  const e = entry(loc.node, key);
  return e ? { node: e.value, doc: loc.doc, path: [...loc.path, key] } : undefined;
}

/**
 * Findings are reported in the linted document. A node that a `$ref` brought in
 * from another file has no place here, so it falls back to the referring place.
 */
export class Anchors {
  constructor(readonly doc: SpecDocument) {}

  key(e: Entry, owner: Located, fallback: Anchor = { start: 0, end: 0 }): Anchor {
    return owner.doc === this.doc ? { start: e.keyStart, end: e.keyEnd } : fallback;
  }

  node(loc: Located, fallback: Anchor = { start: 0, end: 0 }): Anchor {
    if (loc.doc !== this.doc) return fallback;
    const newline = this.doc.text.indexOf('\n', loc.node.start);
    const lineEnd = newline === -1 ? loc.node.end : newline;
    return { start: loc.node.start, end: Math.max(loc.node.start, Math.min(loc.node.end, lineEnd)) };
  }
}
