import type { FormattingOptions } from 'jsonc-parser';
import { stringify } from 'yaml';
import type { Located, SpecDocument } from './document';
import { entry, type Entry, type MapNode, type SeqNode, type SNode } from './tree';
import type { TextEdit } from './types';

/*
 * Fixes are text insertions next to what the parser located, so that nothing else in
 * the file moves: comments, quoting and key order stay as the author wrote them.
 * No library inserts this way: jsonc-parser's `modify` re-prints the line around the
 * insertion, and the `yaml` package's CST can set scalars but not insert block entries.
 * So the insertion is written here, in the layout of the siblings around it; the
 * inserted YAML itself is printed by `yaml`.
 */

/** Adds `key: value` to a map, or nothing if the map is not in the linted document. */
export function addEntry(doc: SpecDocument, map: Located, key: string, value: unknown): TextEdit[] {
  if (map.doc !== doc || map.node.kind !== 'map') return [];
  if (doc.syntax === 'json') return jsonInsert(doc, map.node, key, value);
  return yamlAddEntry(doc, map.node, key, value);
}

/** Appends an item to the list under `listKey`, creating the list if it is missing. */
export function appendItem(doc: SpecDocument, owner: Located, listKey: string, item: unknown): TextEdit[] {
  if (owner.doc !== doc || owner.node.kind !== 'map') return [];
  const list = entry(owner.node, listKey)?.value;
  if (!list) return addEntry(doc, owner, listKey, [item]);
  if (list.kind !== 'seq') return [];
  if (doc.syntax === 'json') return jsonInsert(doc, list, undefined, item);
  return yamlAppendItem(doc, list, item);
}

/** Sets `keys` below a map, creating the maps on the way that do not exist yet. */
export function addNested(doc: SpecDocument, map: Located, keys: string[], value: unknown): TextEdit[] {
  let current = map;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const next = entry(current.node, key)?.value;
    if (!next || i === keys.length - 1) {
      const rest = keys.slice(i + 1).reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
      return next ? [] : addEntry(doc, current, key, rest);
    }
    if (next.kind !== 'map') return [];
    current = { node: next, doc: current.doc };
  }
  return [];
}

/** Renames a map key in place, keeping its quotes. */
export function renameKey(doc: SpecDocument, e: Entry, newKey: string): TextEdit[] {
  const raw = doc.text.slice(e.keyStart, e.keyEnd);
  const at = raw.indexOf(e.key);
  if (at === -1) return [];
  return [{ start: e.keyStart + at, end: e.keyStart + at + e.key.length, newText: newKey }];
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Adds a member after the last one of a JSON object (`key` given) or array, in the layout of
 * its siblings. Written here rather than with jsonc-parser's `modify`, whose formatting pass
 * re-prints the whole line around the insertion point (a one-line sibling, a scalar property).
 */
function jsonInsert(doc: SpecDocument, container: MapNode | SeqNode, key: string | undefined, value: unknown): TextEdit[] {
  const text = doc.text;
  const head = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const last = container.kind === 'map' ? container.entries.at(-1) : undefined;
  const lastItem = container.kind === 'seq' ? container.items.at(-1) : undefined;
  const lastStart = last ? last.keyStart : lastItem?.start;
  const lastEnd = last ? last.value.end : lastItem?.end;
  const format = jsonFormatting(text);
  if (!format) {
    // Minified: stay minified.
    const member = (key === undefined ? '' : `${JSON.stringify(key)}:`) + JSON.stringify(value);
    return lastEnd === undefined ? [{ start: container.start + 1, end: container.end - 1, newText: member }] : [{ start: lastEnd, end: lastEnd, newText: `,${member}` }];
  }
  const eol = format.eol ?? '\n';
  const unit = format.insertSpaces ? ' '.repeat(format.tabSize ?? 2) : '\t';
  const pretty = (indent: string): string => head + JSON.stringify(value, null, unit).split('\n').join(eol + indent);
  if (lastStart !== undefined && lastEnd !== undefined) {
    const before = text.slice(text.lastIndexOf('\n', lastStart - 1) + 1, lastStart);
    // Siblings on one line (`{ "type": "string" }`): the new member joins them, compact.
    if (!/^[ \t]*$/.test(before)) return [{ start: lastEnd, end: lastEnd, newText: `, ${head}${oneLine(value)}` }];
    return [{ start: lastEnd, end: lastEnd, newText: `,${eol}${before}${pretty(before)}` }];
  }
  // `{}` or `[]`: opened one level deeper than the line it is on.
  const outer = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', container.start - 1) + 1, container.start))?.[0] ?? '';
  const inner = outer + unit;
  return [{ start: container.start + 1, end: container.end - 1, newText: `${eol}${inner}${pretty(inner)}${eol}${outer}` }];
}

/** `{ "name": "x", "schema": { "type": "string" } }`: spaced like hand-written one-line JSON. */
function oneLine(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

function jsonFormatting(text: string): FormattingOptions | undefined {
  const indented = /\n([ \t]+)["{[\]}]/.exec(text.slice(0, 20_000));
  if (!indented) return undefined; // minified: insert minified
  const indent = indented[1] as string;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

function column(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Where a block ends: after the last character of its last line. */
function endOfBlock(text: string, node: SNode): number {
  let end = node.end;
  while (end > node.start && /\s/.test(text[end - 1] as string)) end--;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

function yamlAddEntry(doc: SpecDocument, map: MapNode, key: string, value: unknown): TextEdit[] {
  if (map.flow || map.entries.length === 0) {
    return flowInsert(doc.text, map, `${yamlFlowKey(key)}: ${JSON.stringify(value)}`);
  }
  const first = map.entries[0] as Entry;
  const last = map.entries[map.entries.length - 1] as Entry;
  const indent = ' '.repeat(column(doc.text, first.keyStart));
  const block = printYaml(doc, { [key]: value }, indentUnit(doc, map));
  return insertLines(doc.text, endOfBlock(doc.text, last.value.end > last.keyEnd ? last.value : keyOnly(last)), indent, block);
}

function yamlAppendItem(doc: SpecDocument, seq: SeqNode, item: unknown): TextEdit[] {
  const last = seq.items[seq.items.length - 1];
  if (seq.flow || !last) return flowInsert(doc.text, seq, JSON.stringify(item));
  const indent = ' '.repeat(column(doc.text, seq.start));
  const block = printYaml(doc, [item], indentUnit(doc, seq));
  return insertLines(doc.text, endOfBlock(doc.text, last), indent, block);
}

function keyOnly(e: Entry): SNode {
  return { kind: 'scalar', start: e.keyStart, end: e.keyEnd, value: null };
}

function insertLines(text: string, at: number, indent: string, block: string): TextEdit[] {
  const eol = eolOf(text);
  const lines = block.replace(/\n$/, '').split('\n');
  return [{ start: at, end: at, newText: lines.map((l) => eol + indent + l).join('') }];
}

/** `[]` and `{}` (and YAML flow collections): insert before the closing bracket. */
function flowInsert(text: string, node: MapNode | SeqNode, item: string): TextEdit[] {
  const close = node.end - 1;
  if (text[close] !== (node.kind === 'map' ? '}' : ']')) return [];
  const empty = node.kind === 'map' ? node.entries.length === 0 : node.items.length === 0;
  return [{ start: close, end: close, newText: empty ? item : `, ${item}` }];
}

function yamlFlowKey(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** The indentation step of the file, read off a nested block map (2 if none). */
function indentUnit(doc: SpecDocument, near: SNode): number {
  const outerColumn = column(doc.text, near.start);
  const find = (node: SNode | undefined, depth: number): number | undefined => {
    if (!node || depth > 4 || node.kind !== 'map' || node.flow) return undefined;
    for (const e of node.entries) {
      if (e.value.kind === 'map' && !e.value.flow && e.value.entries[0]) {
        const step = column(doc.text, e.value.entries[0].keyStart) - column(doc.text, e.keyStart);
        if (step > 0) return step;
      }
      const deeper = find(e.value, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return find(doc.root, 0) ?? (outerColumn > 0 && outerColumn <= 8 ? outerColumn : 2);
}

/** Prints YAML quoted as the file's own string values are: mostly quoted, or plain with the file's quote where one is needed. */
function printYaml(doc: SpecDocument, value: unknown, indent: number): string {
  const quotes = quoteStyle(doc);
  return stringify(value, {
    indent: Math.min(Math.max(indent, 2), 8),
    lineWidth: 0,
    defaultStringType: quotes.mostlyQuoted ? (quotes.single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE') : 'PLAIN',
    singleQuote: quotes.single,
    defaultKeyType: 'PLAIN',
  });
}

function quoteStyle(doc: SpecDocument): { mostlyQuoted: boolean; single: boolean } {
  let single = 0;
  let double = 0;
  let plain = 0;
  let seen = 0;
  const visit = (node: SNode | undefined): void => {
    if (!node || seen > 200) return;
    if (node.kind === 'scalar') {
      if (typeof node.value !== 'string') return;
      seen++;
      const c = doc.text[node.start];
      if (c === "'") single++;
      else if (c === '"') double++;
      else plain++;
    } else if (node.kind === 'map') for (const e of node.entries) visit(e.value);
    else for (const i of node.items) visit(i);
  };
  visit(doc.root);
  return { mostlyQuoted: single + double > plain, single: single >= double && single > 0 };
}
