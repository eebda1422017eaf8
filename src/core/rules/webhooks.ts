import { envelopeFieldNames } from '../model/asyncapi';
import type { Operation } from '../model/openapi';
import type { Rule, RuleContext } from '../rule';
import { entriesOf, get, itemsOf, str } from '../tree';
import { addHeaderFix, describeOperation } from './shared';
import { isWebhookReceiverPath, squash } from './words';

// `webhook-signature` (Standard Webhooks), `Stripe-Signature`, `X-Hub-Signature-256`, `X-Acme-Hmac-SHA256`.
const SIGNATURE_HEADER = /signature|hmac/;
// `webhook-id`, `X-Event-Id`, `X-GitHub-Delivery`, `X-Gitlab-Event-UUID`, `ce-id` (CloudEvents), `svix-id` (Svix).
const EVENT_ID_HEADER = /(^|-)(webhook|event|delivery|message|notification)-?(id|uuid|identifier)$|(^|-)delivery$|^(ce|svix)-id$/;
const EVENT_ID_FIELDS = new Set(['id', 'eventid', 'webhookid', 'deliveryid', 'messageid', 'notificationid']);

/** Webhooks (3.1), callbacks (3.x) and inbound `/webhooks/...` receivers. */
function webhookOperations(ctx: RuleContext): Operation[] {
  return ctx.openapi.operations().filter((op) => op.kind !== 'path' || (op.method === 'post' && isWebhookReceiverPath(op.name)));
}

/** A signature can also be declared as an apiKey security scheme carried in a header. */
function signatureBySecurity(ctx: RuleContext, op: Operation): boolean {
  const requirements = get(op.loc.node, 'security') ?? get(ctx.root.node, 'security');
  const schemes = ctx.openapi.isSwagger ? get(ctx.root.node, 'securityDefinitions') : get(get(ctx.root.node, 'components'), 'securitySchemes');
  return itemsOf(requirements).some((req) =>
    entriesOf(req).some((r) => {
      const scheme = get(schemes, r.key);
      return str(get(scheme, 'in')) === 'header' && SIGNATURE_HEADER.test((str(get(scheme, 'name')) ?? '').toLowerCase());
    }),
  );
}

const webhookSignatureMissing: Rule = {
  id: 'webhook-signature-missing',
  category: 'webhooks',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A webhook carries a signature header (HMAC of the body) so that receivers can reject forgeries.',
  check(ctx) {
    for (const op of webhookOperations(ctx)) {
      if (ctx.openapi.hasHeaderParameter(op, (n) => SIGNATURE_HEADER.test(n)) || signatureBySecurity(ctx, op)) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} has no signature header: anyone who learns the URL can post forged events. Sign the body with a shared secret (e.g. 'webhook-signature: v1,<HMAC-SHA256>') and verify it before processing.`,
        fix: addHeaderFix(ctx, op, 'webhook-signature', 'HMAC-SHA256 of the webhook id, timestamp and body, with the shared secret.'),
      });
    }
  },
};

const webhookEventIdMissing: Rule = {
  id: 'webhook-event-id-missing',
  category: 'webhooks',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A webhook carries a unique event id (header or payload) so that receivers can drop duplicate deliveries.',
  check(ctx) {
    for (const op of webhookOperations(ctx)) {
      if (ctx.openapi.hasHeaderParameter(op, (n) => EVENT_ID_HEADER.test(n))) continue;
      const fields = envelopeFieldNames(ctx.openapi.requestBodySchema(op), ctx.resolver).map(squash);
      if (fields.some((f) => EVENT_ID_FIELDS.has(f))) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} has no unique event id: webhooks are delivered at least once, and without an id receivers cannot tell a retry from a new event. Send a 'webhook-id' header (or an 'id' in the payload) that stays the same across retries.`,
        fix: addHeaderFix(ctx, op, 'webhook-id', 'Unique id of the event; identical across retries of the same delivery.'),
      });
    }
  },
};

export const rules: Rule[] = [webhookSignatureMissing, webhookEventIdMissing];
