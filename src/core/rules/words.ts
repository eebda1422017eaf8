/** Splits `cancelOrder`, `cancel-order`, `cancel_order` and `Cancel order` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The first of `words(name)` (digits aside), without splitting the rest: rules ask it of every operation. */
export function firstWord(name: string): string | undefined {
  return /[A-Z]?[a-z]+[0-9]*|[A-Z]+(?![a-z])[0-9]*|[0-9]+/.exec(name)?.[0].toLowerCase();
}

/** `event_id`, `Event-ID` and `eventId` all become `eventid`. */
export function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// After a plural noun, not after a verb: `Transfers of the account`, `Updates since a date`.
const PREPOSITIONS = new Set(['of', 'for', 'on', 'in', 'by', 'since', 'from', 'to', 'with', 'at', 'per', 'about', 'under', 'within', 'across', 'between']);

/**
 * The first word, with a third-person `s` dropped: `Deletes the user` reads as `delete`.
 * Words that name the resource are no verb: `Transfers of the account` on `/transfers`,
 * `Merge requests` on `/merge_requests`.
 */
export function leadingVerb(text: string | undefined, verbs: ReadonlySet<string>, path?: string): string | undefined {
  if (!text) return undefined;
  // `apps/scope-token` is an operationId with a namespace; in a sentence (`Get create/update model`) a slash is no such thing.
  const source = /\s/.test(text) ? text : text.slice(text.lastIndexOf('/') + 1);
  const first = firstWord(source);
  if (!first) return undefined;
  let verb: string | undefined;
  if (verbs.has(first)) verb = first;
  else if (first.length > 3 && first.endsWith('es') && verbs.has(first.slice(0, -2))) verb = first.slice(0, -2);
  else if (first.length > 3 && first.endsWith('s') && verbs.has(first.slice(0, -1))) verb = first.slice(0, -1);
  if (!verb) return undefined;
  // Two words are all that is read: a long summary is cut first.
  const next = words(source.slice(0, 60))[1];
  // A bare plural (`Refunds`) or one followed by a preposition is a noun.
  if (verb !== first && (next === undefined || PREPOSITIONS.has(next))) return undefined;
  if (path !== undefined) {
    for (const seg of segments(path)) {
      if (!seg) continue;
      const sw = words(seg);
      // The path's collection under this name: `Transfers of the account`, `Charge details` on `/charges/{id}`.
      if (sw.some((w) => w !== verb && (w === first || singular(w) === verb))) return undefined;
      if (sw.length > 1 && sw[0] === first && next !== undefined && singular(sw[1] as string) === singular(next)) return undefined;
    }
  }
  return verb;
}

/**
 * Whether an operationId says the operation reads: `getOrder`, `get_order`, `apps/list-installations`, and
 * the `Resource_action` form, whose action follows the last `_` (Azure's `StorageAccounts_ListKeys`,
 * `addsServices_list`, AWS's `POST_DescribeAccountLimits`). Only the last part: in snake case the words
 * between are nouns (`check_deposits_return`).
 */
export function operationIdReads(operationId: string | undefined): boolean {
  if (!operationId) return false;
  return leadingVerb(operationId, READ_VERBS) !== undefined || leadingVerb(operationId.slice(operationId.lastIndexOf('_') + 1), READ_VERBS) !== undefined;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

// Words that are only verbs as the first word of a segment. Nouns that start like a verb
// (`settings`, `addresses`, `deletion-requests`, `captures`) never match, because whole words are compared.
export const ACTION_VERBS = new Set([
  'get', 'put', 'list', 'fetch', 'retrieve', 'create', 'add', 'insert', 'modify', 'edit', 'delete', 'remove',
  'destroy', 'cancel', 'confirm', 'approve', 'reject', 'activate', 'deactivate', 'enable', 'disable', 'send', 'submit',
  'execute', 'validate', 'verify', 'generate', 'calculate', 'compute', 'make', 'assign', 'clear', 'unassign',
  'unarchive', 'publish', 'unpublish', 'subscribe', 'unsubscribe', 'unregister', 'mark', 'finalize', 'reopen',
  'attach', 'detach', 'accept', 'decline', 'suspend', 'revoke', 'redeem', 'resend', 'dismiss', 'adjust', 'rerun',
  'recalculate', 'regenerate', 'resubmit',
]);

// Also nouns. Alone (`/payments/{id}/capture`) or before an object (`/reset-password`, `/sync-contacts`) they
// are actions; before a head noun (`/change-requests`, `/download-url`, `/process-definitions`) they name a resource.
export const NOUN_VERBS = new Set([
  'update', 'change', 'set', 'reset', 'run', 'process', 'start', 'stop', 'restart', 'trigger', 'sync',
  'upload', 'download', 'register', 'login', 'logout', 'signin', 'signout', 'merge', 'transfer', 'retry', 'capture',
  'pay', 'refund', 'apply', 'resume', 'pause', 'restore', 'deploy', 'rollback', 'void', 'archive', 'refresh', 'import',
  'export',
]);

const HEAD_NOUNS = new Set([
  'request', 'requests', 'job', 'jobs', 'log', 'logs', 'attempt', 'attempts', 'definition', 'definitions', 'event',
  'events', 'run', 'runs', 'task', 'tasks', 'history', 'status', 'url', 'urls', 'link', 'links', 'token', 'tokens',
  'settings', 'config', 'policy', 'policies', 'rule', 'rules', 'method', 'methods', 'record', 'records', 'report',
  'reports', 'schedule', 'schedules', 'window', 'windows', 'target', 'targets', 'session', 'sessions', 'intent',
  'intents', 'date', 'dates', 'time', 'times', 'limit', 'limits', 'count', 'counts', 'instance', 'instances', 'items',
  'plan', 'plans', 'state', 'states', 'summary', 'summaries', 'template', 'templates', 'options',
  'preferences', 'queue', 'queues', 'batch', 'batches', 'file', 'files', 'group', 'groups', 'code',
  'codes', 'quota', 'quotas', 'reason', 'reasons', 'notes', 'webhooks', 'hooks', 'stats', 'metrics', 'point', 'points',
]);

// Operations named for these only read, whatever their method: `POST .../listKeys`, `GetRecommendations`.
export const READ_VERBS = new Set([
  'get', 'list', 'fetch', 'retrieve', 'read', 'search', 'query', 'find', 'describe', 'lookup', 'check', 'preview',
  'estimate', 'calculate', 'compute', 'count', 'validate', 'verify', 'select',
]);

/**
 * The action a path segment starts with (`getUsers`, `cancel`, `reset-password`), if any.
 * `/things/{id}:cancel` is the explicit custom-method convention, not a disguised resource.
 */
export function actionVerb(segment: string): string | undefined {
  const name = segment.split(':')[0] ?? '';
  const first = firstWord(name);
  if (!first) return undefined;
  if (ACTION_VERBS.has(first)) return first;
  if (!NOUN_VERBS.has(first)) return undefined;
  const ws = words(name);
  return ws.length > 1 && HEAD_NOUNS.has(ws[ws.length - 1] as string) ? undefined : first;
}

/** Literal segments of a path template; `{id}` becomes undefined so that positions are kept. */
export function segments(path: string): (string | undefined)[] {
  // `/#Action=DescribeEvents` (AWS query APIs) and `/items?view=full` keep their operation out of the path.
  return (path.split(/[?#]/)[0] ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\{[^}]*\}$/.test(s) ? undefined : s));
}

export const MINOR_VERSION = /^v\d+\.\d+/i;

/** A version segment: `v1`, `v1.2`, `v1beta1` (Google), `v1.0-preview` (Azure). */
export const VERSION_SEGMENT = /^v\d+(\.\d+)*((alpha|beta)\d*)?(-[\w.]+)?$/i;

/** A version segment anywhere in a path or URL: `/v1/`, `/api/v2`. */
export function hasMajorVersion(pathOrUrl: string): boolean {
  // VERSION_SEGMENT between slashes; a regex rather than a split, for the 10,000-path specs.
  return /(^|\/)v\d+(\.\d+)*((alpha|beta)\d*)?(-[\w.]+)?(\/|[?#]|$)/i.test(urlPath(pathOrUrl));
}

/** The path part of a URL (`https://api.example.com/v1` gives `/v1`); a path is returned as is. */
export function urlPath(pathOrUrl: string): string {
  return pathOrUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
}

/** An inbound webhook receiver: `POST /webhooks/stripe`, `/api/webhooks/{provider}`. */
export function isWebhookReceiverPath(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  const at = segs.findIndex((s) => /^webhooks?$/i.test(s));
  if (at === -1 || at === segs.length - 1) return false;
  // `/webhooks/{webhookId}/pings` manages one of our own subscriptions: an id names a subscription.
  return !/^\{[^}]*id\}$/i.test(segs[at + 1] ?? '');
}
