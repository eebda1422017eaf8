import type { Rule, RuleContext } from '../rule';
import type { Parameter, PathEntry } from '../model/openapi';
import { entriesOf, entry, get, itemsOf, str, text } from '../tree';
import { hasMajorVersion, MINOR_VERSION, segments, squash, urlPath, VERSION_SEGMENT } from './words';

// Header-based versioning is a legitimate choice (RULES.md calls it debatable): such APIs are left alone.
const VERSION_HEADER = /^(x-[\w-]*-)?(api-)?version$|^accept-version$|^x-api-version$/;
const VERSION_QUERY = new Set(['apiversion', 'v']);

// Probes and discovery documents sit outside the versioned contract.
const OPERATIONAL_PATH = /^\/(health|healthz|livez|readyz|ready|live|liveness|readiness|ping|metrics|status|version|openapi\.(json|ya?ml)|swagger\.json)\/?$|^\/\.well-known\//i;

function usesVersionHeader(ctx: RuleContext): boolean {
  const model = ctx.openapi;
  if (model.operations().some((op) => model.hasHeaderParameter(op, (n) => VERSION_HEADER.test(n)))) return true;
  const components = model.isSwagger ? get(ctx.root.node, 'parameters') : get(get(ctx.root.node, 'components'), 'parameters');
  return entriesOf(components).some((e) => str(get(e.value, 'in')) === 'header' && VERSION_HEADER.test((str(get(e.value, 'name')) ?? '').toLowerCase()));
}

/** A server URL whose `{version}` variable defaults to `v1` counts as versioned. */
function serverVersioned(ctx: RuleContext): boolean {
  const model = ctx.openapi;
  if (model.isSwagger) return false;
  const servers = itemsOf(get(ctx.root.node, 'servers'));
  if (servers.length === 0) return false;
  return servers.every((s) => {
    let url = str(get(s, 'url')) ?? '';
    for (const v of entriesOf(get(s, 'variables'))) url = url.split(`{${v.key}}`).join(text(get(v.value, 'default')) ?? '');
    return hasMajorVersion(url);
  });
}

const pathVersionMissing: Rule = {
  id: 'path-version-missing',
  category: 'versioning',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Public paths carry a major version (/v1), in the path or in every server URL.',
  check(ctx) {
    const model = ctx.openapi;
    if (model.isSwagger) {
      const base = entry(ctx.root.node, 'basePath');
      const value = str(base?.value);
      if (base && value !== undefined) {
        if (!hasMajorVersion(value) && !model.paths().some((p) => hasMajorVersion(p.path)) && !usesVersionHeader(ctx)) {
          ctx.report({
            anchor: { start: base.keyStart, end: base.keyEnd },
            message: `basePath '${value}' has no major version: the first breaking change will break every client at once. Use a basePath such as '/v1'.`,
          });
        }
        return;
      }
    } else if (serverVersioned(ctx)) {
      return;
    }
    const contract = model.paths().filter((p) => !OPERATIONAL_PATH.test(p.path));
    const unversioned = contract.filter((p) => !hasMajorVersion(p.path));
    if (unversioned.length === 0 || usesVersionHeader(ctx)) return;
    if (unversioned.length === contract.length) {
      // One finding for an API that versions nothing, not one per path.
      ctx.report({
        anchor: unversioned[0]!.anchor,
        message: `No path carries a major version (/v1) and no server URL does (${unversioned.length} paths): the first breaking change will break every client at once. Put the major version in the server URL or the paths.`,
      });
      return;
    }
    if (unversioned.length * 2 > contract.length) {
      // Mostly unversioned: the few versioned paths follow a protocol of their own (GitHub's `/scim/v2/Users`).
      ctx.report({
        anchor: unversioned[0]!.anchor,
        message: `${unversioned.length} of ${contract.length} paths carry no major version (/v1) and not every server URL does: the first breaking change will break their clients at once. Put the major version in the server URL or the paths.`,
      });
      return;
    }
    // `/apis/` and `/apis/apps/` list what is below them (`/apis/apps/v1/...`, Kubernetes discovery): they cannot carry a version.
    const versionParents = new Set<string>();
    for (const p of contract) {
      const segs = p.path.split('/').filter(Boolean);
      const at = segs.findIndex((seg) => VERSION_SEGMENT.test(seg));
      for (let i = at; i >= 0; i--) versionParents.add(segs.slice(0, i).join('/'));
    }
    for (const p of unversioned) {
      if (versionParents.has(p.path.split('/').filter(Boolean).join('/'))) continue;
      ctx.report({
        anchor: p.anchor,
        message: `Path '${p.path}' has no major version while other paths have one: clients cannot tell which contract it follows. Move it under the version prefix.`,
      });
    }
  },
};

const minorVersionInPath: Rule = {
  id: 'minor-version-in-path',
  category: 'versioning',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'Only the major version goes in the URL; minor versions are backwards compatible and need no new URL.',
  check(ctx) {
    // The server URL or basePath is part of every URL too.
    const bases = ctx.openapi.isSwagger
      ? [entry(ctx.root.node, 'basePath')].map((e) => e && { at: { start: e.keyStart, end: e.keyEnd }, url: str(e.value) })
      : itemsOf(get(ctx.root.node, 'servers')).map((s) => {
          const url = get(s, 'url');
          return url && { at: { start: url.start, end: url.end }, url: str(url) };
        });
    for (const base of bases) {
      const minor = base?.url && segments(urlPath(base.url)).find((s) => s !== undefined && MINOR_VERSION.test(s));
      if (!base || !minor) continue;
      ctx.report({
        anchor: base.at,
        message: `'${base.url}' has a minor version ('${minor}'): minor changes are additive and must not move clients to a new URL. Keep only the major version ('/${minor.split('.')[0]}').`,
      });
    }
    // One finding per minor version, at its first path: a fix moves them all at once (2,030 paths under
    // `/V1.0` in one public spec). Under one prefix, every path is a base path in disguise.
    const paths = ctx.openapi.paths();
    const byMinor = new Map<string, PathEntry[]>();
    for (const p of paths) {
      const minor = segments(p.path).find((s) => s !== undefined && MINOR_VERSION.test(s));
      if (minor) addTo(byMinor, minor, p);
    }
    for (const [minor, [first, ...others]] of byMinor) {
      const where =
        others.length > 0 && others.length + 1 === paths.length
          ? `Every path starts with the minor version '${minor}' (${paths.length} paths)`
          : `Path '${first!.path}'${others.length > 0 ? ` (and ${others.length} more path${others.length > 1 ? 's' : ''} under it)` : ''} has a minor version ('${minor}')`;
      ctx.report({
        anchor: first!.anchor,
        message: `${where}: minor changes are additive and must not move clients to a new URL. Keep only the major version ('/${minor.split('.')[0]}').`,
      });
    }
  },
};

function addTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

const API_WORDS = /^(api|apis|service|interface|protocol|contract|the|a|an|this)$/i;

/** `Revision number to read`, `the package version`, `version of the model`: not the API's. */
function versionOfSomethingElse(description: string | undefined): boolean {
  if (!description) return false;
  if (/revision|snapshot|history/i.test(description)) return true;
  const before = /(\w+)[ -]version\b/i.exec(description)?.[1];
  const after = /\bversion of (?:the |a |an )?(\w+)/i.exec(description)?.[1];
  return (!!before && !API_WORDS.test(before)) || (!!after && !API_WORDS.test(after));
}

const versionQueryParameter: Rule = {
  id: 'version-query-parameter',
  category: 'versioning',
  severity: 'warning',
  formats: ['openapi'],
  summary: 'The API version is not a query parameter.',
  check(ctx) {
    const seen = new Set<number>();
    // By name: AWS declares `Version` inline on each of EC2's 1,188 operations; one finding says it.
    const byName = new Map<string, Parameter[]>();
    for (const op of ctx.openapi.operations()) {
      // `/documents/{id}` or anything below it addresses one resource: `?version=` picks its revision.
      const onResource = segments(op.name).includes(undefined);
      for (const p of ctx.openapi.parameters(op)) {
        if (p.in !== 'query' || seen.has(p.anchor.start)) continue;
        const name = squash(p.name);
        const plainVersion = name === 'version';
        if (!VERSION_QUERY.has(name) && !plainVersion) continue;
        if (plainVersion && (onResource || versionOfSomethingElse(str(get(p.loc.node, 'description'))))) continue;
        seen.add(p.anchor.start);
        addTo(byName, name, p);
      }
    }
    for (const [first, ...others] of byName.values()) {
      const more = others.length > 0 ? ` (declared ${others.length} more time${others.length > 1 ? 's' : ''} in this file)` : '';
      ctx.report({
        anchor: first!.anchor,
        message: `Query parameter '${first!.name}'${more} selects the API version: it is easy to omit, splits caches and mixes versions within one URL space. Version in the path (/v1) or, if you must, in a header.`,
      });
    }
  },
};

export const rules: Rule[] = [pathVersionMissing, minorVersionInPath, versionQueryParameter];
