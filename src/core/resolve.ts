import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { loadDocument, type Located, type SpecDocument } from './document';
import type { FileHost } from './host';
import { entry, isMap, str, type SNode } from './tree';

export type RefOutcome = { ok: true; target: Located } | { ok: false; reason: string };

/** Parsed documents shared by every file of one lint run, keyed by absolute path. */
export type DocumentCache = Map<string, SpecDocument | null>;

const MAX_CHAIN = 32;

/**
 * Follows `$ref`s inside a document and to relative files. Remote (http) refs are
 * left alone: the engine never goes to the network.
 */
export class Resolver {
  private readonly memo = new Map<SpecDocument, Map<string, RefOutcome>>();

  constructor(
    private readonly host: FileHost | undefined,
    private readonly cache: DocumentCache,
  ) {}

  /** The `$ref` string of a node, if it is a reference object. */
  static refOf(node: SNode | undefined): string | undefined {
    return isMap(node) ? str(entry(node, '$ref')?.value) : undefined;
  }

  /** The node itself when it is no reference or the reference is broken; the target otherwise. */
  deref(loc: Located): Located {
    const outcome = this.follow(loc);
    return outcome.ok ? outcome.target : loc;
  }

  /** Follows a chain of references to the first node that is not one. */
  follow(loc: Located): RefOutcome {
    if (Resolver.refOf(loc.node) === undefined) return { ok: true, target: loc };
    let current = loc;
    const seen = new Set<SNode>();
    for (let hops = 0; hops < MAX_CHAIN; hops++) {
      const ref = Resolver.refOf(current.node);
      if (ref === undefined) return { ok: true, target: current };
      if (seen.has(current.node)) return { ok: false, reason: `circular $ref '${ref}'` };
      seen.add(current.node);
      const step = this.lookup(current.doc, ref);
      if (!step.ok) return step;
      current = step.target;
    }
    return { ok: false, reason: `$ref chain longer than ${MAX_CHAIN} hops` };
  }

  /** One hop: where `ref`, written in `doc`, points. */
  lookup(doc: SpecDocument, ref: string): RefOutcome {
    let perDoc = this.memo.get(doc);
    if (!perDoc) this.memo.set(doc, (perDoc = new Map()));
    let outcome = perDoc.get(ref);
    if (!outcome) {
      outcome = this.lookupUncached(doc, ref);
      perDoc.set(ref, outcome);
    }
    return outcome;
  }

  isRemote(ref: string): boolean {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);
  }

  private lookupUncached(doc: SpecDocument, ref: string): RefOutcome {
    if (this.isRemote(ref)) return { ok: false, reason: 'remote references are not followed' };
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    let target: SpecDocument | undefined = doc;
    if (filePart !== '') {
      target = this.loadRelative(doc, filePart);
      if (!target) return { ok: false, reason: `file '${filePart}' not found (or not a regular file)` };
      if (target.error) return { ok: false, reason: `file '${filePart}' does not parse: ${target.error.message}` };
    }
    if (!target.root) return { ok: false, reason: 'empty document' };
    return walkPointer({ node: target.root, doc: target }, pointer);
  }

  private loadRelative(from: SpecDocument, file: string): SpecDocument | undefined {
    if (!this.host) return undefined;
    let decoded = file;
    try {
      decoded = decodeURIComponent(file);
    } catch {
      // Keep the raw text: a stray '%' is a valid file name character.
    }
    const path = isAbsolute(decoded) ? decoded : resolvePath(dirname(from.uri), decoded);
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.host.readFile(path);
    const loaded = text === undefined ? null : loadDocument(path, text);
    this.cache.set(path, loaded);
    return loaded ?? undefined;
  }
}

function walkPointer(start: Located, pointer: string): RefOutcome {
  if (pointer === '' || pointer === '/') return { ok: true, target: start };
  if (!pointer.startsWith('/')) return { ok: false, reason: `'#${pointer}' is not a JSON pointer` };
  let node: SNode | undefined = start.node;
  for (const raw of pointer.slice(1).split('/')) {
    let token = raw;
    try {
      token = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded after all.
    }
    token = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node?.kind === 'map') {
      node = entry(node, token)?.value;
    } else if (node?.kind === 'seq' && /^\d+$/.test(token)) {
      node = node.items[Number(token)];
    } else {
      node = undefined;
    }
    if (!node) return { ok: false, reason: `'${pointer}' not found` };
  }
  return { ok: true, target: { node, doc: start.doc } };
}
