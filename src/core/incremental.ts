import { LineIndex } from './lines';
import type { SpecDocument } from './document';
import type { ScalarNode, SNode } from './tree';

/*
 * Typing in an editor mostly changes the inside of one string (a description, a
 * summary). Re-parsing a 1 MB spec for that costs far more than the rules; instead the
 * previous tree is kept, the string's value replaced and the offsets after it shifted.
 * Anything less certain goes back to the parser: this only ever takes the cases where
 * the parser's answer is known without asking it.
 */

const MAX_EDIT = 256;
// Characters that cannot end a plain YAML scalar (`,` does in a flow collection), start a comment or change its type.
const PLAIN_SAFE = /^[A-Za-z0-9 _.;()/=+\-]*$/;
const NOT_A_STRING = /^[-+]?(\.?\d|\.inf|\.nan)|^(true|false|null|~|yes|no|on|off|y|n)$/i;

/** The document for `text` built from `previous`'s tree, or undefined when only a parse can tell. */
export function reuseTree(previous: SpecDocument, uri: string, text: string): SpecDocument | undefined {
  const root = previous.root;
  if (!root || previous.error || previous.shared) return undefined;
  const old = previous.text;
  const start = commonLength(old, text, Math.min(old.length, text.length), (s, n) => s.slice(0, n));
  const tail = commonLength(old, text, Math.min(old.length, text.length) - start, (s, n) => s.slice(s.length - n));
  const oldEnd = old.length - tail;
  const newEnd = text.length - tail;
  if (oldEnd - start > MAX_EDIT || newEnd - start > MAX_EDIT) return undefined;
  const scalar = scalarAt(root, start, oldEnd);
  if (!scalar || typeof scalar.value !== 'string') return undefined;
  const delta = newEnd - oldEnd;
  const value = newValue(old, text, scalar, start, oldEnd, newEnd, previous.syntax);
  if (value === undefined) return undefined;
  shift(root, oldEnd, delta);
  scalar.value = value;
  return { uri, text, syntax: previous.syntax, root, lines: new LineIndex(text), shared: false, refSites: previous.refSites };
}

/**
 * The longest `n <= max` for which `part(a, n) === part(b, n)`, by halving: string
 * comparison runs natively, much faster than a loop over characters of a 1 MB text.
 */
function commonLength(a: string, b: string, max: number, part: (s: string, n: number) => string): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (part(a, mid) === part(b, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The innermost scalar that holds the whole edited range. */
function scalarAt(node: SNode, start: number, end: number): ScalarNode | undefined {
  let current: SNode | undefined = node;
  while (current) {
    if (current.kind === 'scalar') return current.start <= start && end <= current.end ? current : undefined;
    const children: SNode[] = current.kind === 'map' ? current.entries.map((e) => e.value) : current.items;
    current = children.find((c) => c.start <= start && end <= c.end);
  }
  return undefined;
}

function newValue(old: string, text: string, scalar: ScalarNode, start: number, oldEnd: number, newEnd: number, syntax: SpecDocument['syntax']): string | undefined {
  const token = old.slice(scalar.start, scalar.end);
  const changed = old.slice(start, oldEnd) + text.slice(start, newEnd);
  if (token.includes('\n') || /[\r\n\t]/.test(changed)) return undefined;
  const quote = token[0];
  const newToken = text.slice(scalar.start, scalar.end + newEnd - oldEnd);
  if (quote === '"') {
    // Strictly inside the quotes, with no quote or escape typed.
    if (start <= scalar.start || oldEnd >= scalar.end || /["\\]/.test(changed)) return undefined;
    try {
      const parsed: unknown = JSON.parse(newToken);
      return typeof parsed === 'string' ? parsed : undefined;
    } catch {
      return undefined; // a YAML-only escape: let the parser decode it
    }
  }
  if (syntax === 'json') return undefined;
  if (quote === "'") {
    if (start <= scalar.start || oldEnd >= scalar.end || changed.includes("'")) return undefined;
    return newToken.slice(1, -1).replace(/''/g, "'");
  }
  // A plain scalar: its first character and its end decide what it is; keep both certain.
  if (start <= scalar.start || !PLAIN_SAFE.test(changed) || newToken !== newToken.trim() || NOT_A_STRING.test(newToken)) return undefined;
  // What the edit makes next to it counts too: `quer:y` plus a space is a mapping.
  if (/:\s|:$| #/.test(newToken)) return undefined;
  if (oldEnd === scalar.end && !/^(\r?\n|$)/.test(old.slice(scalar.end, scalar.end + 2))) return undefined;
  return newToken;
}

function shift(node: SNode, from: number, delta: number): void {
  if (node.end < from || delta === 0) return;
  if (node.start >= from) node.start += delta;
  node.end += delta;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (e.keyStart >= from) {
        e.keyStart += delta;
        e.keyEnd += delta;
      }
      shift(e.value, from, delta);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) shift(item, from, delta);
  }
}
