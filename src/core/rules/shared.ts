import { appendItem } from '../fix';
import type { Operation, OpenApiModel } from '../model/openapi';
import type { Report, RuleContext } from '../rule';

/** A required string header parameter, in the shape of the file's dialect. */
export function headerParameter(model: OpenApiModel, name: string, description: string): Record<string, unknown> {
  return model.isSwagger
    ? { name, in: 'header', required: true, type: 'string', description }
    : { name, in: 'header', required: true, description, schema: { type: 'string' } };
}

/** A fix that declares a header parameter on the operation itself. */
export function addHeaderFix(ctx: RuleContext, op: Operation, name: string, description: string, required = true): Report['fix'] {
  if (op.loc.doc !== ctx.doc) return undefined;
  const param = headerParameter(ctx.openapi, name, description);
  if (!required) delete param.required;
  return { title: `Add the ${name} header parameter`, edits: () => appendItem(ctx.doc, op.loc, 'parameters', param) };
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
