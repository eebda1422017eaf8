import { dirname, relative } from 'node:path';
import type { Located, RefSite } from '../document';
import { Resolver } from '../resolve';
import type { Rule, RuleContext } from '../rule';
import type { MapNode, SNode } from '../tree';

/** Reported by the engine itself, before any rule runs; declared here for its id, docs and configuration. */
export const parseError: Rule = {
  id: 'parse-error',
  category: 'parse',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
  summary: 'The file parses as YAML or JSON (and is no alias bomb).',
  check() {},
};

// Values that are data, not description: a `$ref` key in them is no reference.
const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const']);
// Maps keyed by names the author chose: a property may well be called `default`.
const NAMED_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'schemas', 'parameters', 'responses', 'headers']);

const unresolvedRef: Rule = {
  id: 'unresolved-ref',
  category: 'parse',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
  summary: 'Every $ref points at something that exists.',
  check(ctx) {
    // The sites outlive an edit inside a string (the tree is reused), so they are found once per parse.
    const sites = (ctx.doc.refSites ??= ctx.doc.root ? refSites(ctx.doc.root) : []);
    for (const { node, value } of sites) {
      const ref = value.value;
      if (typeof ref !== 'string' || ctx.resolver.isRemote(ref)) continue;
      const problem = brokenRef(ctx, node);
      if (problem) ctx.report({ anchor: { start: value.start, end: value.end }, message: `$ref '${ref}' cannot be resolved: ${problem}.` });
    }
  },
};

/** Every `$ref` outside literal data (examples, defaults, enums). */
function refSites(root: SNode): RefSite[] {
  const sites: RefSite[] = [];
  // `role` says what kind of map `node` is, as far as literal data goes.
  const visit = (node: SNode, role?: 'examples' | 'example' | 'names'): void => {
    if (node.kind === 'seq') {
      // 3.1 schema `examples` is a list of literal values.
      if (role !== 'examples') for (const item of node.items) visit(item);
      return;
    }
    if (node.kind !== 'map') return;
    for (const e of node.entries) {
      if (e.value.kind === 'scalar') {
        // Most values; no call for them.
        if (e.key === '$ref' && typeof e.value.value === 'string') sites.push({ node, value: e.value });
      } else if (role === 'examples') {
        // Swagger's `examples` are keyed by media type and hold the data itself.
        if (!e.key.includes('/')) visit(e.value, 'example');
      } else if (role !== 'names' && (LITERAL_KEYS.has(e.key) || (role === 'example' && e.key === 'value'))) continue;
      else visit(e.value, e.key === 'examples' ? 'examples' : NAMED_MAPS.has(e.key) ? 'names' : undefined);
    }
  };
  visit(root);
  return sites;
}

/**
 * Why the `$ref` in `node` cannot be followed, or undefined if it can. A chain that breaks
 * at a `$ref` written elsewhere in this file is reported there, not at every `$ref` that
 * leads to it; a cycle is reported at each of its members.
 */
function brokenRef(ctx: RuleContext, node: MapNode): string | undefined {
  // Fast path, for nearly every $ref: one hop to something that is no reference.
  const first = ctx.resolver.lookup(ctx.doc, Resolver.refOf(node)!);
  if (first.ok && Resolver.refOf(first.target.node) === undefined) return undefined;
  let current: Located = { node, doc: ctx.doc };
  const seen = new Set<SNode>();
  const refs: string[] = [];
  let localHop = false;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const ref = Resolver.refOf(current.node);
    if (ref === undefined) return undefined;
    if (hops > 0 && current.doc === ctx.doc) localHop = true;
    if (seen.has(current.node)) {
      if (current.node === node) return `circular $ref (${[...refs, ref].join(' → ')})`;
      return localHop ? undefined : `it leads into a circular $ref (${refs.join(' → ')})`;
    }
    seen.add(current.node);
    refs.push(ref);
    const step = ctx.resolver.lookup(current.doc, ref);
    if (!step.ok) {
      if (hops > 0 && localHop) return undefined;
      return current.doc === ctx.doc ? step.reason : `${step.reason} in '${relative(dirname(ctx.doc.uri), current.doc.uri)}'`;
    }
    current = step.target;
  }
  return `$ref chain longer than ${MAX_HOPS} hops`;
}

const MAX_HOPS = 32;

/** Reported by the front ends for `.api-patterns.yaml`, which is no spec. */
export const invalidConfig: Rule = {
  id: 'invalid-config',
  category: 'parse',
  severity: 'error',
  formats: [],
  summary: 'The .api-patterns.yaml configuration names known rules and settings only.',
  check() {},
};

export const rules: Rule[] = [parseError, unresolvedRef, invalidConfig];
