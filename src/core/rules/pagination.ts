import type { Located } from '../document';
import { child } from '../model/common';
import { schemaPropertyNames, type Operation } from '../model/openapi';
import type { Resolver } from '../resolve';
import type { Rule, RuleContext } from '../rule';
import { entriesOf, get, itemsOf, str } from '../tree';
import { describeOperation, isPathOperation } from './shared';
import { segments, squash } from './words';

const OFFSET_PARAMETERS = new Set(['offset', 'skip', 'page', 'pagenumber', 'pagenum', 'pageno', 'pageindex', 'startindex']);

// Any of these on a list means somebody thought about paging (offset ones are the other rule's business).
const PAGING_PARAMETERS = new Set([
  'cursor', 'pagetoken', 'after', 'before', 'startingafter', 'endingbefore', 'limit', 'pagesize', 'perpage', 'maxresults',
  'first', 'last', 'continuationtoken', 'nexttoken', 'token', 'since', 'sinceid', 'maxid', 'top', 'marker', 'count',
  'maxitems', 'pagecursor', 'nextpagetoken', 'startkey', 'continuation', 'size', 'until',
  ...OFFSET_PARAMETERS,
]);
const PAGING_FIELDS = new Set(['nextcursor', 'nextpagetoken', 'hasmore', 'next', 'cursor', 'pageinfo', 'nextpage', 'continuationtoken', 'links', 'nextlink', 'endcursor']);
const LONG_POLL_PARAMETERS = new Set(['wait', 'timeout', 'longpoll', 'waitseconds', 'watch']);
const WRAPPER_ARRAYS = new Set(['data', 'items', 'results', 'records', 'entries', 'values', 'elements', 'content', 'list']);

const offsetPagination: Rule = {
  id: 'offset-pagination',
  category: 'pagination',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Lists page with an opaque cursor, not with offset, skip or page numbers.',
  check(ctx) {
    const reported = new Set<number>();
    for (const op of ctx.openapi.operations()) {
      for (const p of ctx.openapi.parameters(op)) {
        if (p.in !== 'query' || !OFFSET_PARAMETERS.has(squash(p.name)) || reported.has(p.anchor.start)) continue;
        reported.add(p.anchor.start);
        ctx.report({
          anchor: p.anchor,
          message: `Query parameter '${p.name}' pages by position: the server scans and discards every skipped row (O(n)), and pages shift when items are added or removed. Page with an opaque cursor (e.g. 'cursor' + 'limit', returning 'next_cursor').`,
        });
      }
    }
  },
};

const listPaginationMissing: Rule = {
  id: 'list-pagination-missing',
  category: 'pagination',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'A GET that returns a list of objects accepts a page size and a cursor.',
  check(ctx) {
    for (const op of ctx.openapi.operations()) {
      if (!isPathOperation(op, 'get')) continue;
      const segs = segments(op.name);
      if (segs.length === 0 || segs[segs.length - 1] === undefined) continue; // an item, not a collection
      const params = ctx.openapi.parameters(op).map((p) => squash(p.name));
      if (params.some((p) => PAGING_PARAMETERS.has(p) || LONG_POLL_PARAMETERS.has(p))) continue;
      if (ctx.openapi.responses(op).some((r) => ctx.openapi.responseHeaders(r).includes('link'))) continue;
      if (!returnsObjectList(ctx, op)) continue;
      // Debatable per RULES.md: a list under one parent item is often bounded (line items); said softly.
      const nested = segs.slice(0, -1).includes(undefined);
      ctx.report({
        anchor: op.anchor,
        severity: nested ? 'info' : undefined,
        message: `${describeOperation(op)} returns a list with no paging: it grows with the data until responses time out. Accept 'limit' and a 'cursor' and return the next cursor.${nested ? ' (A list bounded by its parent may be fine; then suppress this.)' : ''}`,
      });
    }
  },
};

function returnsObjectList(ctx: RuleContext, op: Operation): boolean {
  const schema = ctx.openapi.successSchema(op);
  if (!schema) return false;
  const resolver = ctx.resolver;
  if (isObjectArray(schema, resolver)) return true;
  const names = schemaPropertyNames(schema, resolver);
  if (names.some((n) => PAGING_FIELDS.has(squash(n)))) return false;
  const properties = child(schema, 'properties');
  if (!properties) return false;
  return entriesOf(properties.node).some(
    (e) => WRAPPER_ARRAYS.has(e.key.toLowerCase()) && isObjectArray(resolver.deref({ node: e.value, doc: properties.doc, path: [...properties.path, e.key] }), resolver),
  );
}

function isObjectArray(schema: Located, resolver: Resolver): boolean {
  if (str(get(schema.node, 'type')) !== 'array' && !itemsOf(get(schema.node, 'type')).some((t) => str(t) === 'array')) return false;
  const items = child(schema, 'items');
  if (!items) return false;
  const item = resolver.deref(items);
  const type = str(get(item.node, 'type'));
  return type === 'object' || (type === undefined && (get(item.node, 'properties') !== undefined || get(item.node, 'allOf') !== undefined));
}

export const rules: Rule[] = [offsetPagination, listPaginationMissing];
