import { LineIndex } from './lines';
import { parseText, type ParseFailure, type Syntax } from './parse';
import { get, str, text as scalarText, type MapNode, type ScalarNode, type SNode } from './tree';
import type { SpecFormat } from './types';

export interface SpecDocument {
  uri: string;
  text: string;
  syntax: Syntax;
  root?: SNode;
  error?: ParseFailure;
  lines: LineIndex;
  /** The tree has nodes reachable twice (YAML aliases): no in-place reuse. */
  shared?: boolean;
  /** Where `$ref`s stand, found on first use and kept while the tree is reused. */
  refSites?: RefSite[];
}

export interface RefSite {
  /** The reference object. */
  node: MapNode;
  /** Its `$ref` string, read afresh each time: typing may change it. */
  value: ScalarNode;
}

/** A node together with the document it lives in (a `$ref` may lead to another file). */
export interface Located {
  node: SNode;
  doc: SpecDocument;
}

export function loadDocument(uri: string, text: string): SpecDocument {
  const parsed = parseText(text);
  return { uri, text, syntax: parsed.syntax, root: parsed.root, error: parsed.error, lines: new LineIndex(text), shared: parsed.shared };
}

// The version key of a spec: at column 0 in YAML, anywhere in JSON (which may be minified).
const YAML_MARKER = /^["']?(?:openapi|swagger|asyncapi)["']?[ \t]*:/m;
const JSON_MARKER = /"(?:openapi|swagger|asyncapi)"\s*:/;

/**
 * Cheap test on the raw text so that docker-compose, package.json and friends are
 * never parsed at all. The parse tree then decides.
 */
export function mayBeSpec(text: string, syntax: Syntax): boolean {
  // The whole text, not a head: specs written with sorted keys (Go's encoding/json, `jq -S`) put
  // `openapi` after `components`, megabytes in. The scan costs about half a millisecond per MB.
  return (syntax === 'json' ? JSON_MARKER : YAML_MARKER).test(text);
}

export function detectFormat(root: SNode | undefined): SpecFormat | undefined {
  const openapi = scalarText(get(root, 'openapi'));
  if (openapi !== undefined) {
    if (/^3\.0(\.|$)/.test(openapi)) return { family: 'openapi', dialect: 'openapi-3.0', version: openapi };
    if (/^3\.[1-9]/.test(openapi)) return { family: 'openapi', dialect: 'openapi-3.1', version: openapi };
    return undefined;
  }
  const swagger = scalarText(get(root, 'swagger'));
  if (swagger !== undefined) {
    return /^2(\.0)?$/.test(swagger) ? { family: 'openapi', dialect: 'swagger-2.0', version: swagger } : undefined;
  }
  const asyncapi = str(get(root, 'asyncapi')) ?? scalarText(get(root, 'asyncapi'));
  if (asyncapi !== undefined) {
    if (/^2\./.test(asyncapi)) return { family: 'asyncapi', dialect: 'asyncapi-2', version: asyncapi };
    if (/^3\./.test(asyncapi)) return { family: 'asyncapi', dialect: 'asyncapi-3', version: asyncapi };
  }
  return undefined;
}
