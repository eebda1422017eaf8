import type { Located } from '../document';
import type { Resolver } from '../resolve';
import { entriesOf, entry, get, itemsOf, str, type SNode } from '../tree';
import type { SpecFormat } from '../types';
import { child, type Anchor, type Anchors } from './common';
import { schemaPropertyNames } from './openapi';

/** `direct`: a connection to the application itself (WebSocket, HTTP, SSE), with no broker and no queue. */
export type Protocol = 'kafka' | 'amqp' | 'direct' | 'other' | undefined;

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
// Mercure is a hub that pushes server-sent events: no queue either.
const DIRECT = /^(wss?|https?|sse|mercure|socket\.io)$/i;
// Where the DLQ marker goes in a channel name: `orders.dlq`, `orders-dead-letter`, `payments.DLT`, `dlx.orders`.
const DEAD_LETTER = /(^|\.)(dlq|dlt|dlx|dead\.?letters?|parking\.?lot)(?=$|\.)/;
// Envelope objects whose fields describe the message rather than the entity: `metadata.eventId`.
const ENVELOPE = /^(meta|metadata|envelope|headers?|context|attributes)$/i;

export class AsyncApiModel {
  private channelsCache?: Channel[];
  private operationsCache?: AsyncOperation[];
  private byChannel?: Map<Channel, AsyncOperation[]>;
  private deadLetters?: DeadLetterIndex;

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
      const loc = this.resolver.deref({ node: e.value, doc: channels.doc });
      const address = this.isV3 ? (str(get(loc.node, 'address')) ?? e.key) : e.key;
      out.push({
        key: e.key,
        address,
        loc,
        anchor: this.anchors.key(e, channels),
        protocol: undefined,
        isExchange: str(get(this.binding(loc, 'amqp')?.node, 'is')) === 'routingKey',
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
      const byNode = new Map<SNode, Channel>(this.channels().map((c) => [c.loc.node, c]));
      const ops = child(this.root, 'operations');
      for (const e of entriesOf(ops?.node)) {
        if (!ops || e.key.startsWith('x-')) continue;
        const loc = this.resolver.deref({ node: e.value, doc: ops.doc });
        const action = str(get(loc.node, 'action'));
        if (action !== 'send' && action !== 'receive') continue;
        const channelRef = child(loc, 'channel');
        const target = channelRef && this.resolver.deref(channelRef);
        out.push({ action, key: e.key, loc, anchor: this.anchors.key(e, ops), channel: target && byNode.get(target.node) });
      }
    } else {
      for (const channel of this.channels()) {
        for (const [keyword, action] of [['publish', 'receive'], ['subscribe', 'send']] as const) {
          const e = entry(channel.loc.node, keyword);
          if (!e) continue;
          const loc = this.resolver.deref({ node: e.value, doc: channel.loc.doc });
          out.push({ action, key: keyword, loc, anchor: this.anchors.key(e, channel.loc, channel.anchor), channel });
        }
      }
    }
    return (this.operationsCache = out);
  }

  /** Operations on a channel, grouped once (a scan per channel would be quadratic). */
  operationsOn(channel: Channel): AsyncOperation[] {
    if (!this.byChannel) {
      this.byChannel = new Map();
      for (const op of this.operations()) {
        if (!op.channel) continue;
        const list = this.byChannel.get(op.channel);
        if (list) list.push(op);
        else this.byChannel.set(op.channel, [op]);
      }
    }
    return this.byChannel.get(channel) ?? [];
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
          if (messages) add(e.key, { node: e.value, doc: messages.doc }, this.anchors.key(e, messages, channel.anchor));
        }
        continue;
      }
      for (const op of this.operationsOn(channel)) {
        const e = entry(op.loc.node, 'message');
        if (!e) continue;
        const anchor = this.anchors.key(e, op.loc, op.anchor);
        const raw: Located = { node: e.value, doc: op.loc.doc };
        const oneOf = child(this.resolver.deref(raw), 'oneOf');
        if (oneOf) {
          itemsOf(oneOf.node).forEach((m, i) => add(messageName(m, i), { node: m, doc: oneOf.doc }, anchor));
        } else {
          add(messageName(e.value, 0), raw, anchor);
        }
      }
    }
    return out;
  }

  consumers(channel: Channel): AsyncOperation[] {
    return this.operationsOn(channel).filter((op) => op.action === 'receive');
  }

  isDeadLetter(channel: Channel): boolean {
    return DEAD_LETTER.test(normalName(channel.address)) || DEAD_LETTER.test(normalName(channel.key));
  }

  /**
   * A DLQ channel for this one: same name with a DLQ marker (`orders.placed.dlq`), one for its
   * domain (`orders.dlq`) or its consumer group (`orders.placed.billing.dlt`), or a shared one (`dlq`).
   * Names are compared by whole segments, through an index built once.
   */
  deadLetterFor(channel: Channel): Channel | undefined {
    const index = (this.deadLetters ??= this.indexDeadLetters());
    if (index.shared) return index.shared;
    for (const name of [channel.address, channel.key]) {
      const base = normalName(name);
      const found = index.byName.get(base) ?? index.byPrefix.get(base) ?? firstDefined(segmentPrefixes(base), (p) => index.byName.get(p));
      if (found && found !== channel) return found;
    }
    return undefined;
  }

  /** A protocol's binding object, through `$ref`s to components (`#/components/channelBindings/...`). */
  binding(owner: Located, protocol: string): Located | undefined {
    const bindings = child(owner, 'bindings');
    if (!bindings) return undefined;
    const b = child(this.resolver.deref(bindings), protocol);
    return b && this.resolver.deref(b);
  }

  /** A message or operation, then its traits (`traits: [$ref: '#/components/messageTraits/common']`), which merge into it. */
  layers(owner: Located): Located[] {
    const out = [owner];
    const traits = child(owner, 'traits');
    if (traits) {
      itemsOf(traits.node).forEach((t) => out.push(this.resolver.deref({ node: t, doc: traits.doc })));
    }
    return out;
  }

  /** The message's bindings for a protocol: its own and its traits', which merge into one. */
  messageBindings(message: AsyncMessage, protocol: string): Located[] {
    return this.layers(message.loc)
      .map((layer) => this.binding(layer, protocol))
      .filter((b): b is Located => b !== undefined);
  }

  /** Id-like property names in a message's headers and payload (its traits' too, and envelope objects). */
  messageFieldNames(message: AsyncMessage): string[] {
    const names: string[] = [];
    for (const layer of this.layers(message.loc)) {
      for (const part of ['headers', 'payload']) {
        const raw = child(layer, part);
        if (!raw) continue;
        let schema = this.resolver.deref(raw);
        // 3.0 multi-format schema object: { schemaFormat, schema }.
        const inner = child(schema, 'schema');
        if (inner && entry(schema.node, 'schemaFormat')) schema = this.resolver.deref(inner);
        names.push(...envelopeFieldNames(schema, this.resolver));
        // Avro records list their fields instead of properties.
        for (const f of itemsOf(get(schema.node, 'fields'))) {
          const n = str(get(f, 'name'));
          if (n) names.push(n);
        }
      }
    }
    return names;
  }

  private indexDeadLetters(): DeadLetterIndex {
    const index: DeadLetterIndex = { byName: new Map(), byPrefix: new Map() };
    for (const c of this.channels()) {
      if (!this.isDeadLetter(c)) continue;
      for (const name of [c.address, c.key]) {
        const stripped = stripDeadLetter(normalName(name));
        if (stripped === '') {
          index.shared ??= c;
          continue;
        }
        if (!index.byName.has(stripped)) index.byName.set(stripped, c);
        for (const prefix of segmentPrefixes(stripped)) if (!index.byPrefix.has(prefix)) index.byPrefix.set(prefix, c);
      }
    }
    return index;
  }

  private protocolOf(channel: Channel): Protocol {
    if (this.binding(channel.loc, 'kafka')) return 'kafka';
    if (this.binding(channel.loc, 'amqp')) return 'amqp';
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
    const servers = child(this.root, 'servers');
    for (const e of entriesOf(servers?.node)) {
      if (!servers) continue;
      const server = this.resolver.deref({ node: e.value, doc: servers.doc });
      const p = str(get(server.node, 'protocol')) ?? '';
      map.set(e.key, KAFKA.test(p) ? 'kafka' : AMQP.test(p) ? 'amqp' : DIRECT.test(p) ? 'direct' : 'other');
    }
    return (this.serversCache = map);
  }

  private serverKeyOfRef(ref: SNode): string | undefined {
    const target = str(get(ref, '$ref'));
    const m = target && /^#\/servers\/(.+)$/.exec(target);
    return m ? (m[1] as string).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  }
}

/**
 * Property names of an event schema, with those of its envelope object:
 * `{ metadata: { eventId }, data: {...} }` carries an event id, `{ data: { id } }` does not.
 */
export function envelopeFieldNames(schema: Located | undefined, resolver: Resolver): string[] {
  const names = schemaPropertyNames(schema, resolver);
  const properties = schema && child(schema, 'properties');
  for (const e of entriesOf(properties?.node)) {
    if (!properties || !ENVELOPE.test(e.key)) continue;
    names.push(...schemaPropertyNames(resolver.deref({ node: e.value, doc: properties.doc }), resolver));
  }
  return names;
}

interface DeadLetterIndex {
  /** A DLQ named by its marker alone (`dlq`, `dead-letters`): it takes every channel's failures. */
  shared?: Channel;
  /** DLQs by their name without the marker (`orders.placed.dlq` under `orders.placed`). */
  byName: Map<string, Channel>;
  /** DLQs under every leading run of their segments, for per-consumer DLQs (`orders.placed.billing.dlq`). */
  byPrefix: Map<string, Channel>;
}

function messageName(node: SNode, index: number): string {
  const ref = str(get(node, '$ref'));
  if (ref) return ref.slice(ref.lastIndexOf('/') + 1);
  return str(get(node, 'name')) ?? str(get(node, 'messageId')) ?? `message ${index + 1}`;
}

/** `userEvents-DeadLetter`, `user_events.dead-letter` both become `user.events.dead.letter`. */
function normalName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1.$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1.$2')
    .toLowerCase()
    .replace(/[._\-/:]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

function stripDeadLetter(name: string): string {
  return name.replace(DEAD_LETTER, '').replace(/\.\.+/g, '.').replace(/^\.|\.$/g, '');
}

function firstDefined<T, U>(items: T[], f: (item: T) => U | undefined): U | undefined {
  for (const item of items) {
    const u = f(item);
    if (u !== undefined) return u;
  }
  return undefined;
}

/** `orders.placed.eu` gives `orders` and `orders.placed`: the proper leading runs of segments. */
function segmentPrefixes(name: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf('.'); i !== -1; i = name.indexOf('.', i + 1)) out.push(name.slice(0, i));
  return out;
}
