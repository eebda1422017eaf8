import type { Rule } from '../rule';
import { segments, words } from './words';

// Words that are only verbs as the first word of a segment. Nouns that start like a verb
// (`settings`, `addresses`, `deletion-requests`, `captures`) never match, because whole words are compared.
const ACTION_VERBS = new Set([
  'get', 'fetch', 'retrieve', 'list', 'create', 'add', 'insert', 'update', 'modify', 'edit', 'delete', 'remove',
  'destroy', 'cancel', 'confirm', 'approve', 'reject', 'activate', 'deactivate', 'enable', 'disable', 'send', 'submit',
  'execute', 'run', 'process', 'validate', 'verify', 'reset', 'refresh', 'generate', 'calculate', 'compute', 'do',
  'make', 'set', 'change', 'assign', 'unassign', 'archive', 'unarchive', 'publish', 'unpublish', 'subscribe',
  'unsubscribe', 'start', 'stop', 'restart', 'trigger', 'sync', 'upload', 'download', 'register', 'unregister',
  'login', 'logout', 'signin', 'signout', 'mark', 'merge', 'transfer', 'rerun', 'retry', 'capture', 'pay', 'refund',
  'finalize', 'reopen', 'attach', 'detach', 'apply', 'accept', 'decline', 'resume', 'pause', 'suspend', 'restore',
  'revoke', 'redeem', 'resend', 'dismiss', 'deploy', 'rollback', 'void',
]);

// A status or adjective under a collection is a filter in disguise: `/orders/active`.
const FILTER_WORDS = new Set([
  'active', 'inactive', 'pending', 'completed', 'archived', 'deleted', 'open', 'closed', 'recent', 'expired', 'enabled',
  'disabled', 'published', 'unpublished', 'draft', 'drafts', 'unread', 'starred', 'public', 'private', 'failed',
  'succeeded', 'cancelled', 'canceled', 'approved', 'rejected', 'upcoming', 'past', 'overdue', 'unpaid', 'paid',
]);

const verbInPath: Rule = {
  id: 'verb-in-path',
  category: 'resource-design',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Paths name resources (nouns); the HTTP method is the verb.',
  check(ctx) {
    for (const p of ctx.openapi.paths()) {
      for (const seg of segments(p.path)) {
        if (!seg) continue;
        // `/things/{id}:cancel` is the explicit custom-method convention, not a disguised resource.
        const first = words(seg.split(':')[0] ?? '')[0];
        if (!first || !ACTION_VERBS.has(first)) continue;
        ctx.report({
          anchor: p.anchor,
          message: `Path '${p.path}' has an action in it ('${seg}'): the URL should name a resource and the method say what happens. Use e.g. 'POST /orders/{id}/cancellation' or a state change with PATCH.`,
        });
        break;
      }
    }
  },
};

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
        if (!seg || !parent || !FILTER_WORDS.has(seg.toLowerCase()) || !/s$/i.test(parent)) continue;
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
