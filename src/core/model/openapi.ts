import type { Located } from '../document';
import type { Resolver } from '../resolve';
import { entriesOf, entry, get, itemsOf, str, text, type Entry, type SNode } from '../tree';
import type { SpecFormat } from '../types';
import { child, type Anchor, type Anchors } from './common';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type OperationKind = 'path' | 'webhook' | 'callback';

export interface Parameter {
  name: string;
  in: string;
  /** The parameter object, references followed. */
  loc: Located;
  anchor: Anchor;
}

export interface Response {
  code: string;
  /** The response object, references followed. */
  loc: Located;
  anchor: Anchor;
}

export interface Operation {
  kind: OperationKind;
  method: string;
  /** The path template, webhook name or callback expression. */
  name: string;
  loc: Located;
  anchor: Anchor;
  /** The (followed) path item holding the operation, for path-level parameters. */
  pathItem: Located;
  pathAnchor: Anchor;
}

export interface PathEntry {
  path: string;
  item: Located;
  anchor: Anchor;
}

/**
 * A small view over OpenAPI 3.x and Swagger 2.0, built lazily from the tree.
 * Everything is read through the resolver so that `$ref`s count wherever they may stand.
 */
export class OpenApiModel {
  private pathsCache?: PathEntry[];
  private opsCache?: Operation[];
  // Most rules ask for these per operation: computed once.
  private readonly parametersCache = new WeakMap<Operation, Parameter[]>();
  private readonly responsesCache = new WeakMap<Operation, Response[]>();

  constructor(
    readonly root: Located,
    readonly format: SpecFormat,
    readonly resolver: Resolver,
    readonly anchors: Anchors,
  ) {}

  get isSwagger(): boolean {
    return this.format.dialect === 'swagger-2.0';
  }

  paths(): PathEntry[] {
    if (this.pathsCache) return this.pathsCache;
    const paths = child(this.root, 'paths');
    const out: PathEntry[] = [];
    if (paths) {
      for (const e of entriesOf(paths.node)) {
        if (!e.key.startsWith('/')) continue; // `x-` extensions
        const raw = { node: e.value, doc: paths.doc };
        const anchor = this.anchors.key(e, paths);
        out.push({ path: e.key, item: this.resolver.deref(raw), anchor });
      }
    }
    return (this.pathsCache = out);
  }

  /** Operations of paths, webhooks (3.1) and callbacks (3.x), in document order. */
  operations(): Operation[] {
    if (this.opsCache) return this.opsCache;
    const out: Operation[] = [];
    for (const p of this.paths()) {
      const ops = this.operationsOf(p.item, p.path, 'path', p.anchor);
      out.push(...ops);
      for (const op of ops) out.push(...this.callbacksOf(op));
    }
    const webhooks = child(this.root, 'webhooks');
    if (webhooks) {
      for (const e of entriesOf(webhooks.node)) {
        const item = this.resolver.deref({ node: e.value, doc: webhooks.doc });
        out.push(...this.operationsOf(item, e.key, 'webhook', this.anchors.key(e, webhooks)));
      }
    }
    return (this.opsCache = out);
  }

  private operationsOf(item: Located, name: string, kind: OperationKind, pathAnchor: Anchor): Operation[] {
    const out: Operation[] = [];
    for (const e of entriesOf(item.node)) {
      const method = e.key.toLowerCase();
      // `post: null` (a stub) is no operation.
      if (!(HTTP_METHODS as readonly string[]).includes(method) || e.value.kind !== 'map') continue;
      const loc = { node: e.value, doc: item.doc };
      out.push({ kind, method, name, loc, anchor: this.anchors.key(e, item, pathAnchor), pathItem: item, pathAnchor });
    }
    return out;
  }

  private callbacksOf(op: Operation): Operation[] {
    const callbacks = child(op.loc, 'callbacks');
    if (!callbacks) return [];
    const out: Operation[] = [];
    for (const cb of entriesOf(callbacks.node)) {
      const callback = this.resolver.deref({ node: cb.value, doc: callbacks.doc });
      const cbAnchor = this.anchors.key(cb, callbacks, op.anchor);
      for (const expr of entriesOf(callback.node)) {
        if (expr.key.startsWith('x-')) continue;
        const item = this.resolver.deref({ node: expr.value, doc: callback.doc });
        out.push(...this.operationsOf(item, expr.key, 'callback', this.anchors.key(expr, callback, cbAnchor)));
      }
    }
    return out;
  }

  /** Path-level parameters, then the operation's own, which override them by name and location. */
  parameters(op: Operation): Parameter[] {
    let cached = this.parametersCache.get(op);
    if (!cached) this.parametersCache.set(op, (cached = this.readParameters(op)));
    return cached;
  }

  private readParameters(op: Operation): Parameter[] {
    const byKey = new Map<string, Parameter>();
    for (const owner of [op.pathItem, op.loc]) {
      const list = child(owner, 'parameters');
      if (!list) continue;
      const fallback = owner === op.loc ? op.anchor : op.pathAnchor;
      itemsOf(list.node).forEach((raw) => {
        const ref = { node: raw, doc: list.doc };
        const loc = this.resolver.deref(ref);
        const name = str(get(loc.node, 'name'));
        const where = str(get(loc.node, 'in'));
        if (name === undefined || where === undefined) return;
        const refAnchor = this.anchors.node(ref, fallback);
        const nameEntry = entry(loc.node, 'name');
        const anchor = nameEntry ? this.anchors.key(nameEntry, loc, refAnchor) : refAnchor;
        byKey.set(`${where}:${where === 'header' ? name.toLowerCase() : name}`, { name, in: where, loc, anchor });
      });
    }
    return [...byKey.values()];
  }

  hasHeaderParameter(op: Operation, test: (lowerName: string) => boolean): boolean {
    return this.parameters(op).some((p) => p.in === 'header' && test(p.name.toLowerCase()));
  }

  responses(op: Operation): Response[] {
    let cached = this.responsesCache.get(op);
    if (!cached) this.responsesCache.set(op, (cached = this.readResponses(op)));
    return cached;
  }

  private readResponses(op: Operation): Response[] {
    const responses = child(op.loc, 'responses');
    if (!responses) return [];
    return entriesOf(responses.node)
      .filter((e) => !e.key.startsWith('x-'))
      .map((e) => {
        const raw = { node: e.value, doc: responses.doc };
        return { code: e.key, loc: this.resolver.deref(raw), anchor: this.anchors.key(e, responses, op.anchor) };
      });
  }

  /** Header names (lower case) a response declares, inline or through `$ref`. */
  responseHeaders(response: Response): string[] {
    return entriesOf(get(response.loc.node, 'headers')).map((e) => e.key.toLowerCase());
  }

  /** Media types a response can answer with (3.x `content`, 2.0 `produces`). */
  responseMediaTypes(op: Operation, response: Response): string[] {
    if (!this.isSwagger) return entriesOf(get(response.loc.node, 'content')).map((e) => e.key.toLowerCase());
    const produces = get(op.loc.node, 'produces') ?? get(this.root.node, 'produces');
    return itemsOf(produces)
      .map((n) => text(n)?.toLowerCase())
      .filter((t): t is string => !!t);
  }

  /** The request body schema (3.x `requestBody`, 2.0 `in: body`), followed. */
  requestBodySchema(op: Operation): Located | undefined {
    if (this.isSwagger) {
      const body = this.parameters(op).find((p) => p.in === 'body');
      const schema = body && child(body.loc, 'schema');
      return schema && this.resolver.deref(schema);
    }
    const bodyRef = child(op.loc, 'requestBody');
    if (!bodyRef) return undefined;
    const body = this.resolver.deref(bodyRef);
    const content = child(body, 'content');
    if (!content) return undefined;
    const first = entriesOf(content.node).find((e) => e.key.includes('json')) ?? entriesOf(content.node)[0];
    if (!first) return undefined;
    const schema = child({ node: first.value, doc: content.doc }, 'schema');
    return schema && this.resolver.deref(schema);
  }

  hasRequestBody(op: Operation): boolean {
    if (this.isSwagger) return this.parameters(op).some((p) => p.in === 'body' || p.in === 'formData');
    return entry(op.loc.node, 'requestBody') !== undefined;
  }

  /** The 2xx response schema (the first JSON one), followed. */
  successSchema(op: Operation): Located | undefined {
    const ok = this.responses(op).find((r) => /^2\d\d$/.test(r.code));
    if (!ok) return undefined;
    if (this.isSwagger) {
      const schema = child(ok.loc, 'schema');
      return schema && this.resolver.deref(schema);
    }
    const content = child(ok.loc, 'content');
    if (!content) return undefined;
    const first = entriesOf(content.node).find((e) => e.key.includes('json')) ?? entriesOf(content.node)[0];
    if (!first) return undefined;
    const schema = child({ node: first.value, doc: content.doc }, 'schema');
    return schema && this.resolver.deref(schema);
  }

  serverUrls(): string[] {
    if (this.isSwagger) {
      const base = str(get(this.root.node, 'basePath'));
      return base ? [base] : [];
    }
    return itemsOf(get(this.root.node, 'servers'))
      .map((s) => str(get(s, 'url')))
      .filter((u): u is string => u !== undefined);
  }
}

/** Property names of an object schema, through `allOf` and references, to a small depth. */
export function schemaPropertyNames(schema: Located | undefined, resolver: Resolver, depth = 0): string[] {
  return schemaProperties(schema, resolver, depth).map((p) => p.entry.key);
}

export interface SchemaProperty {
  entry: Entry;
  /** The `properties` map holding the entry, for anchors. */
  owner: Located;
}

/** The properties of an object schema, through `allOf`/`oneOf`/`anyOf` and references, to a small depth. */
export function schemaProperties(schema: Located | undefined, resolver: Resolver, depth = 0): SchemaProperty[] {
  if (!schema || depth > 6) return [];
  const properties = child(schema, 'properties');
  const out: SchemaProperty[] = properties ? entriesOf(properties.node).map((e) => ({ entry: e, owner: properties })) : [];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = child(schema, key);
    if (!list) continue;
    itemsOf(list.node).forEach((item: SNode) => {
      out.push(...schemaProperties(resolver.deref({ node: item, doc: list.doc }), resolver, depth + 1));
    });
  }
  return out;
}
