import type { Rule } from '../rule';
import { actionVerb, segments, words } from './words';

// A status or adjective under a collection is a filter in disguise: `/orders/active`.
const FILTER_WORDS = new Set([
  'active', 'inactive', 'pending', 'completed', 'archived', 'deleted', 'open', 'closed', 'recent', 'expired', 'enabled',
  'disabled', 'published', 'unpublished', 'draft', 'drafts', 'unread', 'starred', 'public', 'private', 'failed',
  'succeeded', 'cancelled', 'canceled', 'approved', 'rejected', 'upcoming', 'past', 'overdue', 'unpaid', 'paid',
]);

// Plurals that name one thing (`/settings/public` is no filtered list) and collections without an `s`.
const SINGLETON_PLURALS = /^(settings|preferences|stats|statistics|metrics|analytics|news|details|status|options|keys|credentials)$/i;
const IRREGULAR_COLLECTIONS = /^(people|children|staff|inventory|media|data)$/i;

function isCollection(segment: string): boolean {
  const last = words(segment).at(-1) ?? '';
  if (SINGLETON_PLURALS.test(last)) return false;
  return (/[a-z]s$/.test(last) && !/(ss|us)$/.test(last)) || IRREGULAR_COLLECTIONS.test(last);
}

const verbInPath: Rule = {
  id: 'verb-in-path',
  category: 'resource-design',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Paths name resources (nouns); the HTTP method is the verb.',
  check(ctx) {
    for (const p of ctx.openapi.paths()) {
      const segs = segments(p.path);
      for (let i = 0; i < segs.length; i++) {
        const seg = segs[i];
        if (!seg || !actionVerb(seg)) continue;
        // A one-word segment over named, identified children is a container: SharePoint's
        // `/drives/{id}/list/items/{itemId}`, `/export/jobs/{jobId}`. `/agents/{id}/get/state` stays an action.
        if (words(seg).length === 1 && heads(segs.slice(i + 1))) continue;
        ctx.report({
          anchor: p.anchor,
          message: `Path '${p.path}' has an action in it ('${seg}'): the URL should name a resource and the method say what happens. Use e.g. 'POST /orders/{id}/cancellation' or a state change with PATCH.`,
        });
        break;
      }
    }
  },
};

/** A named segment, then an id further down: the segments below a container of resources. */
function heads(below: (string | undefined)[]): boolean {
  const named = below.findIndex((seg) => seg !== undefined);
  return named !== -1 && below.slice(named + 1).includes(undefined);
}

const filterInPath: Rule = {
  id: 'filter-in-path',
  category: 'resource-design',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Filters are query parameters (`/orders?status=active`), not path segments (`/orders/active`).',
  check(ctx) {
    for (const p of ctx.openapi.paths()) {
      const segs = segments(p.path);
      for (let i = 1; i < segs.length; i++) {
        const seg = segs[i];
        const parent = segs[i - 1];
        if (!seg || !parent || !FILTER_WORDS.has(seg.toLowerCase()) || !isCollection(parent)) continue;
        ctx.report({
          anchor: p.anchor,
          message: `Path '${p.path}' uses '${seg}' as a path segment to filter '${parent}': every new filter needs a new endpoint and filters cannot combine. Use a query parameter, e.g. '/${parent}?status=${seg.toLowerCase()}'.`,
        });
        break;
      }
    }
  },
};

export const rules: Rule[] = [verbInPath, filterInPath];
