import { addEntry } from '../fix';
import type { Located } from '../document';
import { child } from '../model/common';
import type { Operation } from '../model/openapi';
import type { Report, Rule, RuleContext } from '../rule';
import { entriesOf, entry, get, isMap, str } from '../tree';
import { addHeaderFix, describeOperation, isPathOperation } from './shared';
import { firstWord, isWebhookReceiverPath, leadingVerb, operationIdReads, READ_VERBS, segments, squash, words } from './words';

const IDEMPOTENCY_HEADERS = new Set(['idempotency-key', 'x-idempotency-key', 'idempotencykey']);

// POSTs that read: a retry cannot duplicate anything.
const SAFE_POST_SEGMENTS = /^(search|query|graphql|lookup|estimate|preview|calculate|validate|_search|_query)$/i;

// Not `execute`: on a GET it runs a query (`Execute an Analytics query`). Not `subscribe`: a GET that
// subscribes opens an event stream, which is a read; `unsubscribe` links are the classic unsafe GET.
const STATE_CHANGING_VERBS = new Set([
  'create', 'delete', 'remove', 'update', 'modify', 'set', 'add', 'cancel', 'approve', 'reject', 'reset', 'trigger',
  'send', 'submit', 'increment', 'decrement', 'mark', 'activate', 'deactivate', 'enable', 'disable', 'revoke',
  'archive', 'unarchive', 'purge', 'destroy', 'insert', 'upsert', 'save', 'write', 'assign', 'unassign',
  'unsubscribe', 'publish', 'unpublish', 'register', 'deregister', 'unregister', 'confirm', 'refund',
  'charge', 'transfer', 'reopen', 'merge', 'pay', 'post', 'put', 'patch', 'clear', 'rotate', 'invalidate', 'toggle',
]);

const MESSAGE_IDS = new Set(['eventid', 'messageid', 'id', 'ceid', 'cloudeventsid', 'notificationid']);

const postIdempotencyKey: Rule = {
  id: 'post-idempotency-key',
  category: 'idempotency',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A POST accepts an Idempotency-Key request header, so that a retried request is not executed twice.',
  check(ctx) {
    for (const op of ctx.openapi.operations()) {
      if (!isPathOperation(op, 'post') || isWebhookReceiverPath(op.name)) continue;
      if (ctx.openapi.hasHeaderParameter(op, (n) => IDEMPOTENCY_HEADERS.has(n))) continue;
      const last = segments(op.name).at(-1)?.replace(/^.*:/, '');
      if (last && (SAFE_POST_SEGMENTS.test(last) || READ_VERBS.has(firstWord(last) ?? ''))) continue;
      if (operationIdReads(str(get(op.loc.node, 'operationId')))) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} has no Idempotency-Key request header: a client that retries after a timeout may create the same thing twice. Declare an Idempotency-Key header and deduplicate on it.`,
        fix: addHeaderFix(ctx, op, 'Idempotency-Key', 'Unique key the client generates per logical request; the server returns the first result for repeats.', {
          names: IDEMPOTENCY_HEADERS,
        }),
      });
    }
  },
};

const getRequestBody: Rule = {
  id: 'get-request-body',
  category: 'idempotency',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'A GET carries no request body: caches, proxies and retries treat GET as safe and may drop or repeat it.',
  check(ctx) {
    for (const op of ctx.openapi.operations()) {
      if (op.method !== 'get' || !hasRealBody(ctx, op)) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} has a request body. Intermediaries may drop it and GET semantics say it has no meaning; move the inputs to query parameters, or use POST if the request is not a safe read.`,
      });
    }
  },
};

/** Stripe declares an empty form (`properties: {}`, no additional properties) on every GET: that is no body. */
function hasRealBody(ctx: RuleContext, op: Operation): boolean {
  const model = ctx.openapi;
  if (!model.hasRequestBody(op)) return false;
  if (model.isSwagger) return model.parameters(op).some((p) => p.in === 'formData' || (p.in === 'body' && !isEmptyObject(ctx, child(p.loc, 'schema'))));
  const content = child(ctx.resolver.deref(child(op.loc, 'requestBody')!), 'content');
  return entriesOf(content?.node).some((e) => !isEmptyObject(ctx, child({ node: e.value, doc: content!.doc }, 'schema')));
}

function isEmptyObject(ctx: RuleContext, schema: Located | undefined): boolean {
  if (!schema) return false;
  const node = ctx.resolver.deref(schema).node;
  const properties = get(node, 'properties');
  const additional = get(node, 'additionalProperties');
  return properties?.kind === 'map' && properties.entries.length === 0 && additional?.kind === 'scalar' && additional.value === false;
}

const getStateChange: Rule = {
  id: 'get-state-change',
  category: 'idempotency',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'A GET does not change state; its operationId and summary should not say it does.',
  check(ctx) {
    for (const op of ctx.openapi.operations()) {
      if (op.method !== 'get') continue;
      const node = op.loc.node;
      const operationId = str(get(node, 'operationId'));
      // An operationId that says it reads (`GetInstantMixFromAlbum`) is taken at its word: the summary then
      // describes the result, not the call (`Creates an instant playlist`).
      if (operationIdReads(operationId)) continue;
      const verb = changeVerb(operationId, op.name) ?? changeVerb(str(get(node, 'summary')), op.name);
      if (!verb) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} is named as a state change ('${verb}'): GET must be safe, because crawlers, prefetchers and retries call it freely. Use POST, PUT, PATCH or DELETE for the change.`,
      });
    }
  },
};

/** `Send a search query` reads: what is sent is a question, not a change. */
function changeVerb(text: string | undefined, path: string): string | undefined {
  const verb = leadingVerb(text, STATE_CHANGING_VERBS, path);
  return verb && !words(text!.slice(0, 60)).slice(1, 4).some((w) => /^(query|queries|search|searches|lookup)$/.test(w)) ? verb : undefined;
}

const messageIdMissing: Rule = {
  id: 'message-id-missing',
  category: 'idempotency',
  severity: 'warning',
  formats: ['asyncapi'],
  fixable: true,
  summary: 'Every message carries a unique id (eventId/messageId) so that consumers can drop redeliveries.',
  check(ctx) {
    const reported = new Set<string>();
    for (const message of ctx.asyncapi.messages()) {
      const names = ctx.asyncapi.messageFieldNames(message).map(squash);
      if (names.some((n) => MESSAGE_IDS.has(n))) continue;
      const key = `${message.anchor.start}:${message.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({
        anchor: message.anchor,
        message: `Message '${message.name}' has no per-message id in its headers or payload (an entity id such as orderId does not count). At-least-once delivery redelivers messages; consumers need an eventId to process each one once.`,
        fix: messageIdFix(ctx, message.loc),
      });
    }
  },
};

function messageIdFix(ctx: RuleContext, message: Located): Report['fix'] {
  if (message.doc !== ctx.doc || !isMap(message.node)) return undefined;
  const property = { type: 'string', format: 'uuid', description: 'Unique per message; consumers deduplicate on it.' };
  const headers = child(message, 'headers');
  if (!headers) {
    return {
      title: 'Add a messageId header',
      edits: () => addEntry(ctx.doc, message, 'headers', { type: 'object', properties: { messageId: property } }),
    };
  }
  // A reference or a multi-format schema (`schemaFormat`) is not ours to extend in place.
  if (str(get(headers.node, '$ref')) || entry(headers.node, 'schemaFormat')) return undefined;
  const properties = child(headers, 'properties');
  if (properties && isMap(properties.node)) {
    return { title: 'Add a messageId header', edits: () => addEntry(ctx.doc, properties, 'messageId', property) };
  }
  if (!entry(headers.node, 'properties') && isMap(headers.node)) {
    return { title: 'Add a messageId header', edits: () => addEntry(ctx.doc, headers, 'properties', { messageId: property }) };
  }
  return undefined;
}

export const rules: Rule[] = [postIdempotencyKey, getRequestBody, getStateChange, messageIdMissing];
