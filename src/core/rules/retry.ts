import type { Located } from '../document';
import { addNested } from '../fix';
import { child } from '../model/common';
import type { Rule } from '../rule';
import { entriesOf, entry, get, str, type Entry, type SNode } from '../tree';

const retryAfterMissing: Rule = {
  id: 'retry-after-missing',
  category: 'retry-safety',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A 429 or 503 response tells the client when to retry, with a Retry-After header.',
  check(ctx) {
    const model = ctx.openapi;
    for (const op of model.operations()) {
      for (const response of model.responses(op)) {
        if (response.code !== '429' && response.code !== '503') continue;
        if (model.responseHeaders(response).includes('retry-after')) continue;
        const header = model.isSwagger
          ? { description: 'Seconds to wait before retrying.', type: 'integer' }
          : { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } };
        const target = response.loc;
        ctx.report({
          anchor: response.anchor,
          message: `${response.code} response without a Retry-After header: clients guess when to retry and tend to retry at once, all together, making the overload worse. Send Retry-After (seconds or an HTTP date).`,
          fix:
            target.doc === ctx.doc && target.node.kind === 'map'
              ? { title: 'Add a Retry-After header', edits: () => addNested(ctx.doc, target, ['headers', 'Retry-After'], header) }
              : undefined,
        });
      }
    }
  },
};

const DEAD_LETTER_KEY = /dead.?letter|dlq/i;

/** Dead-lettering declared in bindings or extensions (`x-dead-letter-exchange`, `deadLetterQueue`). */
function declaresDeadLetter(node: SNode | undefined, depth = 0): boolean {
  if (!node || depth > 5) return false;
  if (node.kind === 'map') return node.entries.some((e) => DEAD_LETTER_KEY.test(e.key) || declaresDeadLetter(e.value, depth + 1));
  if (node.kind === 'seq') return node.items.some((i) => declaresDeadLetter(i, depth + 1));
  return false;
}

const deadLetterMissing: Rule = {
  id: 'dead-letter-missing',
  category: 'retry-safety',
  severity: 'warning',
  formats: ['asyncapi'],
  summary: 'A consumed queue or topic has a dead-letter channel for the messages that keep failing.',
  check(ctx) {
    const model = ctx.asyncapi;
    // Declared in bindings (`x-dead-letter-exchange` queue arguments) or extensions (`x-dead-letter-topic`).
    const declares = (loc: Located): boolean => {
      const bindings = child(loc, 'bindings');
      return (!!bindings && declaresDeadLetter(ctx.resolver.deref(bindings).node)) || entriesOf(loc.node).some((e) => DEAD_LETTER_KEY.test(e.key));
    };
    for (const channel of model.channels()) {
      const consumers = model.consumers(channel);
      // A WebSocket or HTTP stream has no broker: nothing to redeliver, nowhere to dead-letter.
      if (consumers.length === 0 || channel.isExchange || channel.protocol === 'direct' || model.isDeadLetter(channel)) continue;
      if (model.deadLetterFor(channel) || declares(channel.loc) || consumers.some((op) => declares(op.loc))) continue;
      ctx.report({
        anchor: channel.anchor,
        message: `Channel '${channel.address}' is consumed but has no dead-letter channel: a message that always fails (a poison message) is retried forever and blocks the ones behind it. Declare a DLQ channel (e.g. '${channel.address}.dlq') and route failures there after N attempts.`,
      });
    }
  },
};

const amqpAutoAck: Rule = {
  id: 'amqp-auto-ack',
  category: 'retry-safety',
  severity: 'warning',
  formats: ['asyncapi'],
  fixable: true,
  summary: 'AMQP consumers acknowledge after processing (ack: true), not on delivery.',
  check(ctx) {
    for (const op of ctx.asyncapi.operations()) {
      if (op.action !== 'receive') continue;
      // `ack` may sit in a shared `components/operationBindings` entry or in a trait; the operation's own wins.
      let amqp: Located | undefined;
      let ack: Entry | undefined;
      for (const layer of ctx.asyncapi.layers(op.loc)) {
        amqp = ctx.asyncapi.binding(layer, 'amqp');
        ack = entry(amqp?.node, 'ack');
        if (ack) break;
      }
      if (!amqp || !ack || ack.value.kind !== 'scalar' || ack.value.value !== false) continue;
      const value = ack.value;
      ctx.report({
        anchor: op.anchor,
        message: `Operation '${str(get(op.loc.node, 'operationId')) ?? op.key}' consumes with auto-ack (ack: false): the broker forgets a message as soon as it is delivered, so a consumer crash loses it (at-most-once). Acknowledge after processing.`,
        fix:
          amqp.doc === ctx.doc
            ? { title: 'Acknowledge manually (ack: true)', edits: () => [{ start: value.start, end: value.end, newText: 'true' }] }
            : undefined,
      });
    }
  },
};

export const rules: Rule[] = [retryAfterMissing, deadLetterMissing, amqpAutoAck];
