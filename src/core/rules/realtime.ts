import type { Rule } from '../rule';
import { get, str } from '../tree';
import { addHeaderFix, describeOperation } from './shared';

// A stream whose every event replaces the previous one (a ticker, presence, a status): a missed
// event is healed by the next, so resuming matters less. RULES.md calls it debatable: said at 'info'.
// A bare "snapshot" is not enough: "a snapshot, then deltas" needs every delta.
const LATEST_ONLY = /\b(only the (latest|last|most recent)|(latest|current|most recent) (value|state|status|price|quote|position|snapshot)s?|replaces? the previous)\b/i;

const sseLastEventId: Rule = {
  id: 'sse-last-event-id',
  category: 'real-time',
  severity: 'warning',
  formats: ['openapi'],
  fixable: true,
  summary: 'A text/event-stream endpoint accepts Last-Event-ID so that a reconnecting client resumes where it stopped.',
  check(ctx) {
    const model = ctx.openapi;
    for (const op of model.operations()) {
      const streams = model.responses(op).some((r) => model.responseMediaTypes(op, r).some((t) => t.startsWith('text/event-stream')));
      if (!streams || model.hasHeaderParameter(op, (n) => n === 'last-event-id')) continue;
      const prose = `${str(get(op.loc.node, 'summary')) ?? ''} ${str(get(op.loc.node, 'description')) ?? ''}`;
      const latestOnly = LATEST_ONLY.test(prose);
      ctx.report({
        anchor: op.anchor,
        severity: latestOnly ? 'info' : undefined,
        message: latestOnly
          ? `${describeOperation(op)} streams server-sent events without accepting Last-Event-ID. Each event seems to replace the previous one, so a reconnecting client only waits for the next; accept Last-Event-ID anyway if it should get the current value at once.`
          : `${describeOperation(op)} streams server-sent events but does not accept the Last-Event-ID header: after a dropped connection the browser reconnects and every event in between is lost. Accept Last-Event-ID and replay from it.`,
        fix: addHeaderFix(ctx, op, 'Last-Event-ID', 'Id of the last event the client received; the stream resumes after it.', { required: false }),
      });
    }
  },
};

export const rules: Rule[] = [sseLastEventId];
