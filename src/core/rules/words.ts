/** Splits `cancelOrder`, `cancel-order`, `cancel_order` and `Cancel order` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `event_id`, `Event-ID` and `eventId` all become `eventid`. */
export function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The first word, with a third-person `s` dropped: `Deletes the user` reads as `delete`. */
export function leadingVerb(text: string | undefined, verbs: ReadonlySet<string>): string | undefined {
  if (!text) return undefined;
  const first = words(text.slice(text.lastIndexOf('/') + 1))[0];
  if (!first) return undefined;
  if (verbs.has(first)) return first;
  if (first.length > 3 && first.endsWith('es') && verbs.has(first.slice(0, -2))) return first.slice(0, -2);
  if (first.length > 3 && first.endsWith('s') && verbs.has(first.slice(0, -1))) return first.slice(0, -1);
  return undefined;
}

/** Literal segments of a path template; `{id}` becomes undefined so that positions are kept. */
export function segments(path: string): (string | undefined)[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\{[^}]*\}$/.test(s) ? undefined : s));
}

export const MAJOR_VERSION = /^v\d+$/i;
export const MINOR_VERSION = /^v\d+\.\d+/i;

/** A version segment anywhere in a path or URL: `/v1/`, `/api/v2`. */
export function hasMajorVersion(pathOrUrl: string): boolean {
  return /(^|\/)v\d+(\.\d+)*(\/|$)/i.test(pathOrUrl.replace(/^[a-z]+:\/\/[^/]*/i, ''));
}

/** An inbound webhook receiver: `POST /webhooks/stripe`, `/api/webhooks/{provider}`. */
export function isWebhookReceiverPath(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  const at = segs.findIndex((s) => /^webhooks?$/i.test(s));
  return at !== -1 && at < segs.length - 1;
}
