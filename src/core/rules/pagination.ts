import type { Located } from '../document';
import { child } from '../model/common';
import type { Anchor } from '../model/common';
import { schemaProperties, schemaPropertyNames, type Operation } from '../model/openapi';
import type { Resolver } from '../resolve';
import type { Rule, RuleContext } from '../rule';
import { entriesOf, get, itemsOf, str } from '../tree';
import { describeOperation, isPathOperation } from './shared';
import { segments, squash } from './words';

// Offsets only when they are numbers: `startAt` (Jira), `firstResult` (JPA), `firstRow`/`startRow` (report
// APIs), and as a body field `from` (Elasticsearch). As strings they are dates (`start_at` filters) or addresses.
const NUMERIC_OFFSETS = new Set(['startat', 'firstresult', 'firstrow', 'startrow', 'from']);
const OFFSET_PARAMETERS = new Set(['offset', 'skip', 'page', 'pagenumber', 'pagenum', 'pageno', 'pageindex', 'startindex', 'startat', 'firstresult', 'firstrow', 'startrow']);

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

// Paging by position in a body: `{"page": 3}` in a search request, `"offset": 40` next to a list in a response.
const OFFSET_FIELDS = new Set([...OFFSET_PARAMETERS, 'currentpage', 'from']);
const CURSOR_PARAMETERS = new Set([
  'cursor', 'pagetoken', 'after', 'before', 'startingafter', 'endingbefore', 'continuationtoken', 'nexttoken', 'continue',
  'marker', 'pagecursor', 'nextpagetoken', 'startkey', 'continuation', 'sinceid', 'maxid',
]);
const SEARCH_SEGMENT = /^(search|query|_search|_query|find|lookup|filter)$/i;

const offsetPagination: Rule = {
  id: 'offset-pagination',
  category: 'pagination',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Lists page with an opaque cursor, not with offset, skip or page numbers.',
  check(ctx) {
    const reported = new Set<number>();
    const report = (anchor: Anchor, what: string): void => {
      if (reported.has(anchor.start)) return;
      reported.add(anchor.start);
      ctx.report({
        anchor,
        message: `${what} pages by position: the server scans and discards every skipped row (O(n)), and pages shift when items are added or removed. Page with an opaque cursor (e.g. 'cursor' + 'limit', returning 'next_cursor').`,
      });
    };
    for (const op of ctx.openapi.operations()) {
      let byParameter = false;
      let byCursor = false;
      for (const p of ctx.openapi.parameters(op)) {
        if (p.in !== 'query') continue;
        const name = squash(p.name);
        byCursor ||= CURSOR_PARAMETERS.has(name);
        if (!OFFSET_PARAMETERS.has(name)) continue;
        if (NUMERIC_OFFSETS.has(name) && !isNumber(ctx.resolver.deref(child(p.loc, 'schema') ?? p.loc))) continue;
        byParameter = true;
        report(p.anchor, `Query parameter '${p.name}'`);
      }
      // Body fields of an operation already reported by its parameters would say the same twice,
      // and next to a cursor parameter they describe that cursor's pages.
      if (byParameter || byCursor || !isPathOperation(op)) continue;
      const last = segments(op.name).at(-1)?.replace(/^.*:/, '');
      let schema: Located | undefined;
      let where = '';
      if (op.method === 'post' && last && SEARCH_SEGMENT.test(last)) {
        schema = ctx.openapi.requestBodySchema(op);
        where = 'Request field';
      } else if (op.method === 'get' && last !== undefined) {
        schema = ctx.openapi.successSchema(op);
        where = 'Response field';
      }
      const suspects = schemaProperties(schema, ctx.resolver).filter((p) => OFFSET_FIELDS.has(squash(p.entry.key)));
      // A page number only means paging next to a list (a checked last: it derefs every property).
      if (suspects.length === 0 || (where === 'Response field' && !hasObjectList(schema!, ctx.resolver))) continue;
      for (const prop of suspects) {
        const name = squash(prop.entry.key);
        if (NUMERIC_OFFSETS.has(name) && !isNumber(ctx.resolver.deref({ node: prop.entry.value, doc: prop.owner.doc }))) continue;
        report(ctx.anchors.key(prop.entry, prop.owner, op.anchor), `${where} '${prop.entry.key}'`);
      }
    }
  },
};

/** A schema (or a Swagger 2.0 parameter, which carries its own `type`) of an integer or a number. */
function isNumber(schema: Located): boolean {
  return /^(integer|number)$/.test(str(get(schema.node, 'type')) ?? '');
}

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
  // Page numbers in the envelope are paging too: offset-pagination has its say about them.
  if (names.some((n) => PAGING_FIELDS.has(squash(n)) || OFFSET_FIELDS.has(squash(n)))) return false;
  const properties = child(schema, 'properties');
  if (!properties) return false;
  return entriesOf(properties.node).some(
    (e) => WRAPPER_ARRAYS.has(e.key.toLowerCase()) && isObjectArray(resolver.deref({ node: e.value, doc: properties.doc }), resolver),
  );
}

/** A response envelope around a list: some top-level property is an array of objects. */
function hasObjectList(schema: Located, resolver: Resolver): boolean {
  return schemaProperties(schema, resolver).some((p) =>
    isObjectArray(resolver.deref({ node: p.entry.value, doc: p.owner.doc }), resolver),
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
