import { appendItem } from '../fix';
import { child } from '../model/common';
import { entriesOf, get, str } from '../tree';
import type { Operation, OpenApiModel } from '../model/openapi';
import type { Report, RuleContext } from '../rule';

/** A required string header parameter, in the shape of the file's dialect. */
export function headerParameter(model: OpenApiModel, name: string, description: string): Record<string, unknown> {
  return model.isSwagger
    ? { name, in: 'header', required: true, type: 'string', description }
    : { name, in: 'header', required: true, description, schema: { type: 'string' } };
}

interface HeaderFixOptions {
  required?: boolean;
  /** Lower-case names that count as this header when looking for a shared declaration. */
  names?: ReadonlySet<string>;
}

/**
 * A fix that adds a header parameter to the operation: a `$ref` to the file's own shared
 * declaration when `components/parameters` (2.0: `parameters`) has one, else a new one.
 */
export function addHeaderFix(ctx: RuleContext, op: Operation, name: string, description: string, options: HeaderFixOptions = {}): Report['fix'] {
  if (op.loc.doc !== ctx.doc) return undefined;
  return {
    title: `Add the ${name} header parameter`,
    edits: () => {
      const shared = sharedHeaderParameter(ctx, options.names ?? new Set([name.toLowerCase()]));
      const param = shared ? { $ref: shared } : headerParameter(ctx.openapi, name, description);
      if (!shared && options.required === false) delete param.required;
      return appendItem(ctx.doc, op.loc, 'parameters', param);
    },
  };
}

function sharedHeaderParameter(ctx: RuleContext, names: ReadonlySet<string>): string | undefined {
  const swagger = ctx.openapi.isSwagger;
  const owner = swagger ? ctx.root : child(ctx.root, 'components');
  const section = owner && child(owner, 'parameters');
  if (!section) return undefined;
  for (const e of entriesOf(section.node)) {
    const param = ctx.resolver.deref({ node: e.value, doc: section.doc }).node;
    if (str(get(param, 'in')) !== 'header' || !names.has((str(get(param, 'name')) ?? '').toLowerCase())) continue;
    return `#/${swagger ? '' : 'components/'}parameters/${e.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return undefined;
}

/** `POST /orders` on the paths, not a webhook or callback that we send. */
export function isPathOperation(op: Operation, method?: string): boolean {
  return op.kind === 'path' && (method === undefined || op.method === method);
}

export function describeOperation(op: Operation): string {
  if (op.kind === 'webhook') return `Webhook '${op.name}' (${op.method.toUpperCase()})`;
  if (op.kind === 'callback') return `Callback ${op.method.toUpperCase()} ${op.name}`;
  return `${op.method.toUpperCase()} ${op.name}`;
}
