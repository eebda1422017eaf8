import { defaultConfig, type Config } from './config';
import { detectFormat, loadDocument, mayBeSpec, type SpecDocument } from './document';
import type { FileHost } from './host';
import { reuseTree } from './incremental';
import { LineIndex } from './lines';
import { syntaxOf } from './parse';
import { Resolver, type DocumentCache } from './resolve';
import { RuleContext, type RawFinding, type Rule } from './rule';
import { RULES } from './rules';
import { parseError } from './rules/parse';
import type { Finding, Severity, SpecFormat } from './types';

export interface LintInput {
  /** Absolute path of the file; relative `$ref`s are resolved against it. */
  uri: string;
  text: string;
}

export interface LintOptions {
  config?: Config;
  host?: FileHost;
  /** Share between the files of one run so that a referenced file is parsed once. */
  cache?: DocumentCache;
  /**
   * The document of the previous lint of the same file (an editor's last version). When
   * the edit is inside one string its tree is reused, and changed in place: it is
   * the caller's to drop.
   */
  previous?: SpecDocument;
}

export interface LintResult {
  /** Undefined for files that are no API description: those get no findings. */
  format?: SpecFormat;
  findings: Finding[];
  /** What was parsed, to pass back as `previous` next time. */
  document?: SpecDocument;
}

export function lintDocument(input: LintInput, options: LintOptions = {}): LintResult {
  const config = options.config ?? defaultConfig('/');
  // A reused tree is the last version's, which was worth parsing: no need to look again.
  const reused = options.previous && reuseTree(options.previous, input.uri, input.text);
  if (!reused && !mayBeSpec(input.text, syntaxOf(input.text))) return { findings: [] };
  let doc: SpecDocument;
  try {
    doc = reused || loadDocument(input.uri, input.text);
  } catch (error) {
    // A parser bug must cost this file's findings, never the editor's language server.
    const unread: SpecDocument = { uri: input.uri, text: input.text, syntax: syntaxOf(input.text), lines: new LineIndex(input.text), shared: false };
    const raw: RawFinding = { rule: parseError, anchor: { start: 0, end: 0 }, message: `Internal error while reading the file: ${(error as Error).message}` };
    return { findings: [toFinding(unread, raw, 'error')] };
  }
  const cache: DocumentCache = options.cache ?? new Map();
  cache.set(input.uri, doc);

  if (doc.error) {
    const setting = config.rules.get(parseError.id);
    if (setting === 'off') return { findings: [] };
    const raw: RawFinding = { rule: parseError, anchor: doc.error, message: doc.error.message };
    return { findings: [toFinding(doc, raw, setting ?? parseError.severity)], document: doc };
  }
  const format = detectFormat(doc.root);
  if (!format) return { findings: [], document: doc };

  const ctx = new RuleContext(doc, format, new Resolver(options.host, cache));
  for (const rule of RULES) {
    if (!rule.formats.includes(format.family) || config.rules.get(rule.id) === 'off') continue;
    try {
      ctx.run(rule);
    } catch (error) {
      // A rule bug must not take the other rules' findings down with it; it is reported instead.
      ctx.found.push({ rule: parseError, anchor: { start: 0, end: 0 }, message: `Internal error in rule '${rule.id}': ${(error as Error).message}` });
    }
  }
  const suppressed = suppressions(doc);
  const findings: Finding[] = [];
  for (const raw of ctx.found) {
    const setting = config.rules.get(raw.rule.id);
    const severity = setting && setting !== 'off' ? setting : (raw.severity ?? raw.rule.severity);
    const finding = toFinding(doc, raw, severity);
    const lineRules = suppressed.get(finding.range.start.line);
    if (lineRules && (lineRules.has('*') || lineRules.has(raw.rule.id))) continue;
    findings.push(finding);
  }
  findings.sort((a, b) => a.offsets.start - b.offsets.start || a.ruleId.localeCompare(b.ruleId));
  return { format, findings, document: doc };
}

function toFinding(doc: SpecDocument, raw: RawFinding, severity: Severity): Finding {
  const { start, end } = raw.anchor;
  const rule: Rule = raw.rule;
  return {
    file: doc.uri,
    ruleId: rule.id,
    category: rule.category,
    severity,
    message: raw.message,
    range: { start: doc.lines.position(start), end: doc.lines.position(end) },
    offsets: { start, end },
    fix: raw.fix,
  };
}

const DIRECTIVE = /#\s*api-patterns-disable-(next-line|line)\b([^\n]*)/g;

/**
 * `# api-patterns-disable-next-line <rule-id>...` and a trailing `# api-patterns-disable-line <rule-id>...`,
 * by zero-based line; no ids means every rule.
 */
function suppressions(doc: SpecDocument): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (doc.syntax !== 'yaml' || !doc.text.includes('api-patterns-disable')) return out;
  for (const m of doc.text.matchAll(DIRECTIVE)) {
    const line = doc.lines.position(m.index).line + (m[1] === 'next-line' ? 1 : 0);
    const ids = (m[2] ?? '').split('--')[0]!.split(/[\s,]+/).filter(Boolean);
    const set = out.get(line) ?? new Set<string>();
    if (ids.length === 0) set.add('*');
    for (const id of ids) set.add(id);
    out.set(line, set);
  }
  return out;
}

