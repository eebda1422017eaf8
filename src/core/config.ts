import picomatch from 'picomatch';
import { isMap, parseDocument, isScalar, isSeq, type Node as YNode } from 'yaml';
import { LineIndex } from './lines';
import { RULES_BY_ID } from './rules';
import type { Range, Severity } from './types';

export const CONFIG_FILE = '.api-patterns.yaml';

export type RuleSetting = Severity | 'off';

export interface ConfigProblem {
  message: string;
  range: Range;
}

export interface Config {
  /** Absolute path of the config file, when there is one. */
  file?: string;
  /** Folder that `ignore` globs are relative to. */
  root: string;
  rules: Map<string, RuleSetting>;
  ignore: string[];
  problems: ConfigProblem[];
}

const SETTINGS: Record<string, RuleSetting | 'on'> = {
  off: 'off',
  false: 'off',
  on: 'on',
  true: 'on',
  error: 'error',
  warn: 'warning',
  warning: 'warning',
  info: 'info',
  information: 'info',
  hint: 'hint',
};

export function defaultConfig(root: string): Config {
  return { root, rules: new Map(), ignore: [], problems: [] };
}

/**
 * Reads `.api-patterns.yaml`:
 *   rules: { <rule-id>: off | on | error | warning | info | hint }
 *   ignore: [ <glob relative to the config file> ]
 * Anything it does not understand is a problem with a position, never silently dropped.
 */
export function parseConfig(text: string, file: string, root: string): Config {
  const config: Config = { ...defaultConfig(root), file };
  const lines = new LineIndex(text);
  const at = (node: YNode | null | undefined): Range => {
    const [s, e] = node?.range ?? [0, 0];
    return { start: lines.position(s), end: lines.position(Math.max(e, s)) };
  };
  const problem = (message: string, node?: YNode | null): void => {
    config.problems.push({ message, range: at(node) });
  };

  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors[0]) {
    const err = doc.errors[0];
    config.problems.push({ message: `${CONFIG_FILE} does not parse: ${err.message.split('\n')[0]}`, range: { start: lines.position(err.pos[0]), end: lines.position(err.pos[1]) } });
    return config;
  }
  const top = doc.contents as YNode | null;
  if (top === null || (isScalar(top) && top.value === null)) return config;
  if (!isMap(top)) {
    problem(`${CONFIG_FILE} must be a map with 'rules' and 'ignore'`, top);
    return config;
  }
  for (const pair of top.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YNode | null;
    if (key === 'rules') {
      if (value === null) continue;
      if (!isMap(value)) {
        problem("'rules' must map rule ids to off, on, error, warning, info or hint", value);
        continue;
      }
      for (const rule of value.items) {
        const id = isScalar(rule.key) ? String(rule.key.value) : '';
        const raw = isScalar(rule.value) ? String(rule.value.value).toLowerCase() : undefined;
        const known = RULES_BY_ID.get(id);
        if (!known) {
          problem(`Unknown rule id '${id}' in ${CONFIG_FILE}`, rule.key as YNode);
          continue;
        }
        const setting = raw === undefined ? undefined : SETTINGS[raw];
        if (!setting) {
          problem(`Rule '${id}': '${raw ?? ''}' is not one of off, on, error, warning, info, hint`, (rule.value as YNode) ?? (rule.key as YNode));
          continue;
        }
        config.rules.set(id, setting === 'on' ? known.severity : setting);
      }
    } else if (key === 'ignore') {
      if (value === null) continue;
      const items = isSeq(value) ? value.items : [value];
      for (const item of items) {
        if (isScalar(item) && typeof item.value === 'string') config.ignore.push(item.value);
        else problem("'ignore' must be a list of glob patterns", item as YNode);
      }
    } else {
      problem(`Unknown key '${key}' in ${CONFIG_FILE} (expected 'rules' or 'ignore')`, pair.key as YNode);
    }
  }
  return config;
}

const matchers = new WeakMap<Config, (path: string) => boolean>();

/** True when the file matches an `ignore` glob; paths are compared relative to the config's folder. */
export function isIgnored(config: Config, absPath: string): boolean {
  if (config.ignore.length === 0) return false;
  let match = matchers.get(config);
  if (!match) {
    match = picomatch(config.ignore, { dot: true });
    matchers.set(config, match);
  }
  const root = config.root.replace(/\\/g, '/').replace(/\/$/, '');
  const path = absPath.replace(/\\/g, '/');
  const relative = path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
  return match(relative);
}
