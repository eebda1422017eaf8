import { renameKey } from '../fix';
import type { Operation } from '../model/openapi';
import type { Rule, RuleContext } from '../rule';
import { entry, get, itemsOf, str } from '../tree';
import { describeOperation, isPathOperation } from './shared';
import { actionVerb, firstWord, isWebhookReceiverPath, leadingVerb, operationIdReads, READ_VERBS, segments, words } from './words';

// Not `post`: generated operationIds such as `PostAccountsAccount` name the method, not a creation.
const CREATE_VERBS = new Set(['create', 'add', 'new', 'register', 'insert']);
// Verbs that change what is there (`Set admin branch protection`, `EnableSecurityHub`). Not those that
// often make something new: upload, generate, start, send, publish, attach, submit.
const MODIFY_VERBS = new Set([
  'set', 'update', 'modify', 'edit', 'put', 'patch', 'change', 'delete', 'remove', 'destroy', 'cancel', 'confirm',
  'approve', 'reject', 'accept', 'decline', 'activate', 'deactivate', 'enable', 'disable', 'assign', 'unassign',
  'mark', 'clear', 'revoke', 'suspend', 'resume', 'pause', 'stop', 'restart', 'reset', 'restore', 'dismiss', 'adjust',
  'apply', 'merge', 'rollback', 'void', 'finalize', 'reopen', 'unarchive', 'unpublish', 'unsubscribe', 'unregister',
  'sync', 'refresh', 'toggle', 'rotate',
]);
const NOT_CREATES = /^(search|query|graphql|batch|bulk|status|settings|preferences|tokens?|sessions?|login|logout|lookup|estimate|preview|calculate|validate|_search|_query)$/i;

const createReturns200: Rule = {
  id: 'create-returns-200',
  category: 'status-codes',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A POST that creates a resource answers 201 Created (or 202 Accepted when creation is asynchronous).',
  check(ctx) {
    const model = ctx.openapi;
    for (const op of model.operations()) {
      if (!isPathOperation(op, 'post') || isWebhookReceiverPath(op.name)) continue;
      const responses = model.responses(op);
      const ok = responses.find((r) => r.code === '200');
      if (!ok || responses.some((r) => r.code === '201' || r.code === '202')) continue;
      const segs = segments(op.name);
      const last = segs[segs.length - 1];
      const operationId = str(get(op.loc.node, 'operationId'));
      const summary = str(get(op.loc.node, 'summary'));
      const namedFor = (verbs: ReadonlySet<string>): string | undefined => leadingVerb(operationId, verbs, op.name) ?? leadingVerb(summary, verbs, op.name);
      const named = namedFor(CREATE_VERBS);
      // A plural collection is created into; `/orders/{id}/cancel` is an action (debatable, left alone).
      // `/listKeys`, `/searchImageSets`, `/cancel-flow-executions` end like a plural but are actions.
      const collection = last !== undefined && !last.includes(':') && /[a-z][^su]s$/i.test(last) && words(last).length <= 3 && !actionVerb(last) && !READ_VERBS.has(firstWord(last) ?? '');
      // `GetRecommendations` on `POST /recommendations` reads.
      const reads = operationIdReads(operationId) || leadingVerb(summary, READ_VERBS) !== undefined;
      // Not when the verb names the collection posted to: `Restore a backup` on `/backups/{id}/restores` creates a restore.
      const modifies = namedFor(MODIFY_VERBS);
      // Reads and sessions are no creates, whatever their operationId says (`createSearch`).
      if ((!named && !collection) || (!named && (reads || modifies)) || (last !== undefined && NOT_CREATES.test(last.replace(/^.*:/, '')))) continue;
      const responsesEntry = entry(op.loc.node, 'responses');
      const key = responsesEntry && entry(responsesEntry.value, '200');
      ctx.report({
        anchor: ok.anchor,
        message: `${describeOperation(op)} creates a resource but answers 200: clients and caches cannot tell a creation from a read. Answer 201 Created with a Location header (or 202 Accepted if it completes later).`,
        fix: key && op.loc.doc === ctx.doc ? { title: 'Answer 201 Created', edits: () => renameKey(ctx.doc, key, '201') } : undefined,
      });
    }
  },
};

const no4xxResponse: Rule = {
  id: 'no-4xx-response',
  category: 'status-codes',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Every operation documents how it fails on bad input: at least one 4xx response (or a default error).',
  check(ctx) {
    const model = ctx.openapi;
    for (const op of model.operations()) {
      if (!isPathOperation(op)) continue;
      const codes = model.responses(op).map((r) => r.code.toUpperCase());
      if (codes.length === 0) continue;
      // `default` documents the error shape for every status; 101 is a WebSocket upgrade.
      if (codes.some((c) => c.startsWith('4') || c === 'DEFAULT' || c === '101')) continue;
      if (takesNoInput(ctx, op)) continue;
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} documents no 4xx response: clients cannot tell which errors are worth retrying (5xx, 429) and which are not (400, 404, 409). Document the client errors and their body.`,
      });
    }
  },
};

/** No parameters, no body, no credentials: nothing the client sends can be wrong (`GET /health`). */
function takesNoInput(ctx: RuleContext, op: Operation): boolean {
  if (ctx.openapi.parameters(op).length > 0 || ctx.openapi.hasRequestBody(op)) return false;
  const security = get(op.loc.node, 'security') ?? get(ctx.root.node, 'security');
  return itemsOf(security).length === 0;
}

export const rules: Rule[] = [createReturns200, no4xxResponse];
