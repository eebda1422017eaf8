import type { Rule } from '../rule';
import { addHeaderFix, describeOperation } from './shared';

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
      ctx.report({
        anchor: op.anchor,
        message: `${describeOperation(op)} streams server-sent events but does not accept the Last-Event-ID header: after a dropped connection the browser reconnects and every event in between is lost. Accept Last-Event-ID and replay from it.`,
        fix: addHeaderFix(ctx, op, 'Last-Event-ID', 'Id of the last event the client received; the stream resumes after it.', false),
      });
    }
  },
};

export const rules: Rule[] = [sseLastEventId];
