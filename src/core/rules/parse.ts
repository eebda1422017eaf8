import type { Rule } from '../rule';
import type { SNode } from '../tree';

/** Reported by the engine itself, before any rule runs; declared here for its id, docs and configuration. */
export const parseError: Rule = {
  id: 'parse-error',
  category: 'parse',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
  summary: 'The file parses as YAML or JSON (and is no alias bomb).',
  check() {},
};

const unresolvedRef: Rule = {
  id: 'unresolved-ref',
  category: 'parse',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
  summary: 'Every $ref points at something that exists.',
  check(ctx) {
    const visit = (node: SNode): void => {
      if (node.kind === 'seq') {
        for (const item of node.items) visit(item);
        return;
      }
      if (node.kind !== 'map') return;
      for (const e of node.entries) {
        if (e.key === '$ref' && e.value.kind === 'scalar' && typeof e.value.value === 'string') {
          const ref = e.value.value;
          if (ctx.resolver.isRemote(ref)) continue;
          const outcome = ctx.resolver.follow({ node, doc: ctx.doc, path: [] });
          if (!outcome.ok) {
            ctx.report({ anchor: { start: e.value.start, end: e.value.end }, message: `$ref '${ref}' cannot be resolved: ${outcome.reason}.` });
          }
        } else {
          visit(e.value);
        }
      }
    };
    if (ctx.doc.root) visit(ctx.doc.root);
  },
};

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
