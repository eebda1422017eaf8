import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { RULES_BY_ID, type Finding, type Severity } from '../core';

export const SOURCE = 'API Patterns';

/** Bundled next to the server: dist/server.js → docs/rules. */
export const DOCS_DIR = resolve(__dirname, '..', 'docs', 'rules');

export function docsUri(ruleId: string): string {
  return pathToFileURL(resolve(DOCS_DIR, `${ruleId}.md`)).href;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, start: f.offsets.start, end: f.offsets.end };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUri(f.ruleId) },
    message: f.message,
    data,
  };
}

const sections = new Map<string, Map<string, string>>();

/** A section of a rule's page (`Why`, `What it flags`...), read once. */
export function docSection(ruleId: string, heading: string): string | undefined {
  let page = sections.get(ruleId);
  if (!page) {
    page = new Map();
    const path = resolve(DOCS_DIR, `${ruleId}.md`);
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      for (const part of text.split(/^## /m).slice(1)) {
        const newline = part.indexOf('\n');
        page.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
      }
    }
    sections.set(ruleId, page);
  }
  return page.get(heading);
}

/**
 * The rule behind a finding: what it flags, why that matters, how to fix it. The finding's own
 * message is not repeated: VS Code shows it above the hover already.
 */
export function hoverMarkdown(ruleId: string): string {
  const rule = RULES_BY_ID.get(ruleId);
  const what = docSection(ruleId, 'What it flags');
  const why = docSection(ruleId, 'Why');
  const parts = [`**${ruleId}** · ${rule?.category ?? ''}`];
  if (what) parts.push(`**What is wrong:** ${firstSentence(what)}`);
  if (why) parts.push(`**Why it matters**\n\n${firstParagraphs(why, 2)}`);
  if (rule) parts.push(`**How to fix:** ${rule.summary}${rule.fixable ? ' A quick fix is available (Ctrl+. / Cmd+.).' : ''}`);
  parts.push(`[Documentation](${docsUri(ruleId)})`);
  return parts.join('\n\n');
}

/** Up to the first full stop outside inline code (`/v1.1` holds one). */
function firstSentence(text: string): string {
  let code = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '`') code = !code;
    else if (!code && text[i] === '.' && (i + 1 === text.length || /\s/.test(text[i + 1]!))) return text.slice(0, i + 1);
  }
  return text;
}

function firstParagraphs(text: string, count: number): string {
  return text.split(/\n\s*\n/).slice(0, count).join('\n\n');
}
