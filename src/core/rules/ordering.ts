import { addNested } from '../fix';
import { Resolver } from '../resolve';
import type { Rule } from '../rule';
import { entry, get } from '../tree';

const kafkaPartitionKey: Rule = {
  id: 'kafka-partition-key',
  category: 'ordering',
  severity: 'warning',
  formats: ['asyncapi'],
  fixable: true,
  summary: 'A Kafka message declares its partition key (bindings.kafka.key), which decides what stays in order.',
  check(ctx) {
    const reported = new Set<string>();
    for (const message of ctx.asyncapi.messages()) {
      // On the message, in a trait, or through a `$ref` to components/messageBindings.
      const kafka = ctx.asyncapi.messageBindings(message, 'kafka');
      if (message.channel.protocol !== 'kafka' && kafka.length === 0) continue;
      if (kafka.some((b) => entry(b.node, 'key'))) continue;
      const id = `${message.anchor.start}:${message.name}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const loc = message.loc;
      ctx.report({
        anchor: message.anchor,
        message: `Kafka message '${message.name}' has no partition key: messages are spread round-robin and events of one entity (e.g. one order) can be consumed out of order. Key it by the entity id in bindings.kafka.key.`,
        fix:
          loc.doc === ctx.doc && loc.node.kind === 'map' && !Resolver.refOf(get(loc.node, 'bindings'))
            ? { title: 'Declare a Kafka partition key', edits: () => addNested(ctx.doc, loc, ['bindings', 'kafka', 'key'], { type: 'string', description: 'Entity id: all events of one entity go to one partition, in order.' }) }
            : undefined,
      });
    }
  },
};

export const rules: Rule[] = [kafkaPartitionKey];
