import type { Located } from '../document';
import type { Resolver } from '../resolve';
import { entriesOf, entry, get, itemsOf, str, type SNode } from '../tree';
import type { SpecFormat } from '../types';
import { child, type Anchor, type Anchors } from './common';
import { schemaPropertyNames } from './openapi';

export type Protocol = 'kafka' | 'amqp' | 'other' | undefined;

export interface Channel {
  key: string;
  /** The address messages travel on (3.0 `address`, else the channel key). */
  address: string;
  loc: Located;
  anchor: Anchor;
  protocol: Protocol;
  /** AMQP `is: routingKey`: an exchange, which nobody consumes from directly. */
  isExchange: boolean;
}

export interface AsyncOperation {
  /** `receive` means this application consumes (2.x `publish`, 3.0 `action: receive`). */
  action: 'send' | 'receive';
  key: string;
  loc: Located;
  anchor: Anchor;
  channel?: Channel;
}

export interface AsyncMessage {
  name: string;
  loc: Located;
  anchor: Anchor;
  channel: Channel;
}

const KAFKA = /^kafka/i;
const AMQP = /^amqps?$/i;
// Where the DLQ marker goes in a channel name: `orders.dlq`, `orders-dead-letter`, `payments.DLT`, `dlx.orders`.
const DEAD_LETTER = /(^|[._\-/:])(dlq|dlt|dlx|dead[-_.]?letters?|parking[-_.]?lot)(?=$|[._\-/:])/i;

export class AsyncApiModel {
  private channelsCache?: Channel[];
  private operationsCache?: AsyncOperation[];

  constructor(
    readonly root: Located,
    readonly format: SpecFormat,
    readonly resolver: Resolver,
    readonly anchors: Anchors,
  ) {}

  get isV3(): boolean {
    return this.format.dialect === 'asyncapi-3';
  }

  channels(): Channel[] {
    if (this.channelsCache) return this.channelsCache;
    const channels = child(this.root, 'channels');
    const out: Channel[] = [];
    for (const e of entriesOf(channels?.node)) {
      if (!channels || e.key.startsWith('x-')) continue;
      const loc = this.resolver.deref({ node: e.value, doc: channels.doc, path: [...channels.path, e.key] });
      const address = this.isV3 ? (str(get(loc.node, 'address')) ?? e.key) : e.key;
      const amqp = get(get(loc.node, 'bindings'), 'amqp');
      out.push({
        key: e.key,
        address,
        loc,
        anchor: this.anchors.key(e, channels),
        protocol: undefined,
        isExchange: str(get(amqp, 'is')) === 'routingKey',
      });
    }
    this.channelsCache = out;
    for (const c of out) c.protocol = this.protocolOf(c);
    return out;
  }

  operations(): AsyncOperation[] {
    if (this.operationsCache) return this.operationsCache;
    const out: AsyncOperation[] = [];
    if (this.isV3) {
      const ops = child(this.root, 'operations');
      for (const e of entriesOf(ops?.node)) {
        if (!ops || e.key.startsWith('x-')) continue;
        const loc = this.resolver.deref({ node: e.value, doc: ops.doc, path: [...ops.path, e.key] });
        const action = str(get(loc.node, 'action'));
        if (action !== 'send' && action !== 'receive') continue;
        const channelRef = child(loc, 'channel');
        const target = channelRef && this.resolver.deref(channelRef);
        const channel = target && this.channels().find((c) => c.loc.node === target.node);
        out.push({ action, key: e.key, loc, anchor: this.anchors.key(e, ops), channel });
      }
    } else {
      for (const channel of this.channels()) {
        for (const [keyword, action] of [['publish', 'receive'], ['subscribe', 'send']] as const) {
          const e = entry(channel.loc.node, keyword);
          if (!e) continue;
          const loc = this.resolver.deref({ node: e.value, doc: channel.loc.doc, path: [...channel.loc.path, keyword] });
          out.push({ action, key: keyword, loc, anchor: this.anchors.key(e, channel.loc, channel.anchor), channel });
        }
      }
    }
    return (this.operationsCache = out);
  }

  /** Each message once per channel that carries it. */
  messages(): AsyncMessage[] {
    const out: AsyncMessage[] = [];
    for (const channel of this.channels()) {
      const seen = new Set<SNode>();
      const add = (name: string, raw: Located, anchor: Anchor): void => {
        const loc = this.resolver.deref(raw);
        if (seen.has(loc.node)) return;
        seen.add(loc.node);
        out.push({ name: str(get(loc.node, 'name')) ?? name, loc, anchor, channel });
      };
      if (this.isV3) {
        const messages = child(channel.loc, 'messages');
        for (const e of entriesOf(messages?.node)) {
          if (messages) add(e.key, { node: e.value, doc: messages.doc, path: [...messages.path, e.key] }, this.anchors.key(e, messages, channel.anchor));
        }
        continue;
      }
      for (const op of this.operations()) {
        if (op.channel !== channel) continue;
        const e = entry(op.loc.node, 'message');
        if (!e) continue;
        const anchor = this.anchors.key(e, op.loc, op.anchor);
        const raw: Located = { node: e.value, doc: op.loc.doc, path: [...op.loc.path, 'message'] };
        const oneOf = child(this.resolver.deref(raw), 'oneOf');
        if (oneOf) {
          itemsOf(oneOf.node).forEach((m, i) => add(messageName(m, i), { node: m, doc: oneOf.doc, path: [...oneOf.path, i] }, anchor));
        } else {
          add(messageName(e.value, 0), raw, anchor);
        }
      }
    }
    return out;
  }

  consumers(channel: Channel): AsyncOperation[] {
    return this.operations().filter((op) => op.action === 'receive' && op.channel === channel);
  }

  isDeadLetter(channel: Channel): boolean {
    return DEAD_LETTER.test(channel.address) || DEAD_LETTER.test(channel.key);
  }

  /** A DLQ channel for this one: same name with a DLQ marker, or a shared DLQ with no other name in it. */
  deadLetterFor(channel: Channel): Channel | undefined {
    const base = stripDeadLetter(channel.address).toLowerCase();
    const key = stripDeadLetter(channel.key).toLowerCase();
    return this.channels().find((c) => {
      if (c === channel || !this.isDeadLetter(c)) return false;
      const stripped = stripDeadLetter(c.address).toLowerCase();
      const strippedKey = stripDeadLetter(c.key).toLowerCase();
      return stripped === '' || stripped === base || strippedKey === key || base.startsWith(stripped) || stripped.startsWith(base);
    });
  }

  /** Id-like property names in a message's headers and payload. */
  messageFieldNames(message: AsyncMessage): string[] {
    const names: string[] = [];
    for (const part of ['headers', 'payload']) {
      const raw = child(message.loc, part);
      if (!raw) continue;
      let schema = this.resolver.deref(raw);
      // 3.0 multi-format schema object: { schemaFormat, schema }.
      const inner = child(schema, 'schema');
      if (inner && entry(schema.node, 'schemaFormat')) schema = this.resolver.deref(inner);
      names.push(...schemaPropertyNames(schema, this.resolver));
      // Avro records list their fields instead of properties.
      for (const f of itemsOf(get(schema.node, 'fields'))) {
        const n = str(get(f, 'name'));
        if (n) names.push(n);
      }
    }
    return names;
  }

  private protocolOf(channel: Channel): Protocol {
    const fromBindings = (node: SNode | undefined): Protocol => {
      const bindings = get(node, 'bindings');
      if (entry(bindings, 'kafka')) return 'kafka';
      if (entry(bindings, 'amqp')) return 'amqp';
      return undefined;
    };
    const own = fromBindings(channel.loc.node);
    if (own) return own;
    const servers = this.servers();
    const named = itemsOf(get(channel.loc.node, 'servers'))
      .map((s) => (this.isV3 ? this.serverKeyOfRef(s) : str(s)))
      .filter((s): s is string => !!s);
    const protocols = new Set((named.length > 0 ? named : [...servers.keys()]).map((k) => servers.get(k)).filter((p) => p !== undefined));
    return protocols.size === 1 ? [...protocols][0] : undefined;
  }

  private serversCache?: Map<string, Protocol>;

  private servers(): Map<string, Protocol> {
    if (this.serversCache) return this.serversCache;
    const map = new Map<string, Protocol>();
    for (const e of entriesOf(get(this.root.node, 'servers'))) {
      const p = str(get(e.value, 'protocol')) ?? '';
      map.set(e.key, KAFKA.test(p) ? 'kafka' : AMQP.test(p) ? 'amqp' : 'other');
    }
    return (this.serversCache = map);
  }

  private serverKeyOfRef(ref: SNode): string | undefined {
    const target = str(get(ref, '$ref'));
    const m = target && /^#\/servers\/(.+)$/.exec(target);
    return m ? (m[1] as string).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  }
}

function messageName(node: SNode, index: number): string {
  const ref = str(get(node, '$ref'));
  if (ref) return ref.slice(ref.lastIndexOf('/') + 1);
  return str(get(node, 'name')) ?? str(get(node, 'messageId')) ?? `message ${index + 1}`;
}

function stripDeadLetter(name: string): string {
  return name.replace(DEAD_LETTER, '').replace(/^[._\-/:]+|[._\-/:]+$/g, '');
}

