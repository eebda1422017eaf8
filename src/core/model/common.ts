import type { Located, SpecDocument } from '../document';
import { entry, type Entry } from '../tree';

/** A place in the linted document, by offsets. */
export interface Anchor {
  start: number;
  end: number;
}

export function child(loc: Located, key: string): Located | undefined {
  const e = entry(loc.node, key);
  return e ? { node: e.value, doc: loc.doc } : undefined;
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
    // Through the line index: a minified spec is one line, and scanning it per node is quadratic.
    const lines = this.doc.lines;
    const line = lines.position(loc.node.start).line;
    const lineEnd = line + 1 < lines.lineCount ? lines.offset(line + 1) - 1 : loc.node.end;
    return { start: loc.node.start, end: Math.max(loc.node.start, Math.min(loc.node.end, lineEnd)) };
  }
}
