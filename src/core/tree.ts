/**
 * One position-keeping tree for YAML and JSON, so that rules are written once.
 * Offsets are UTF-16 indexes into the source text; `end` is exclusive.
 */
export type SNode = MapNode | SeqNode | ScalarNode;

export interface MapNode {
  kind: 'map';
  start: number;
  end: number;
  entries: Entry[];
  /** Built on first lookup of a large map (components with thousands of schemas). */
  index?: Map<string, Entry>;
  /** YAML flow style (`{a: 1}`) or JSON: edits must use the flow syntax. */
  flow: boolean;
}

export interface SeqNode {
  kind: 'seq';
  start: number;
  end: number;
  items: SNode[];
  flow: boolean;
}

export interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
}

export interface Entry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: SNode;
}

const INDEX_THRESHOLD = 12;

export function entry(node: SNode | undefined, key: string): Entry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const entries = node.entries;
  if (entries.length < INDEX_THRESHOLD) {
    for (const e of entries) if (e.key === key) return e;
    return undefined;
  }
  if (!node.index) {
    node.index = new Map();
    // First occurrence wins, as in the parsers' own lookups.
    for (const e of entries) if (!node.index.has(e.key)) node.index.set(e.key, e);
  }
  return node.index.get(key);
}

export function get(node: SNode | undefined, key: string): SNode | undefined {
  return entry(node, key)?.value;
}

export function str(node: SNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar as text whatever its type (`200` and `'200'` are both status codes). */
export function text(node: SNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

export function isMap(node: SNode | undefined): node is MapNode {
  return !!node && node.kind === 'map';
}

export function isSeq(node: SNode | undefined): node is SeqNode {
  return !!node && node.kind === 'seq';
}

export function entriesOf(node: SNode | undefined): Entry[] {
  return node && node.kind === 'map' ? node.entries : [];
}

export function itemsOf(node: SNode | undefined): SNode[] {
  return node && node.kind === 'seq' ? node.items : [];
}
