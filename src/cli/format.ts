import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { styleText } from 'node:util';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { RULES, type Finding, type Severity } from '../core';

export interface Report {
  cwd: string;
  findings: Finding[];
  filesChecked: number;
  specsLinted: number;
}

/** The rule's documentation page, shipped with the package. */
export function docsUrl(ruleId: string): string {
  return pathToFileURL(docsPath(ruleId)).href;
}

function docsPath(ruleId: string): string {
  return resolve(__dirname, '..', 'docs', 'rules', `${ruleId}.md`);
}

function docsMarkdown(ruleId: string, fallback: string): string {
  try {
    return readFileSync(docsPath(ruleId), 'utf8');
  } catch {
    return fallback;
  }
}

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : file;
}

/** The output contract of RULES.md: 1-based lines and columns, paths relative to the working folder. */
export function formatJson(report: Report): string {
  const findings = report.findings.map((f) => ({
    file: displayPath(f.file, report.cwd),
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    range: {
      start: { line: f.range.start.line + 1, column: f.range.start.character + 1 },
      end: { line: f.range.end.line + 1, column: f.range.end.character + 1 },
    },
  }));
  return JSON.stringify({ findings }, null, 2) + '\n';
}

export function formatStylish(report: Report, color: boolean): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string): string => (color ? styleText(style, text) : text);
  const severityStyle: Record<Severity, Parameters<typeof styleText>[0]> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push(paint('underline', displayPath(file, report.cwd)));
    for (const f of findings) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      out.push(`  ${paint('dim', where.padEnd(8))} ${paint(severityStyle[f.severity], f.severity.padEnd(7))}  ${f.message}  ${paint('dim', f.ruleId)}`);
      out.push(`  ${' '.repeat(8)} ${' '.repeat(7)}  ${paint('dim', docsUrl(f.ruleId))}`);
    }
    out.push('');
  }
  const count = (s: Severity): number => report.findings.filter((f) => f.severity === s).length;
  const total = report.findings.length;
  const summary =
    total === 0
      ? `No problems in ${plural(report.specsLinted, 'API description')} (${plural(report.filesChecked, 'file')} checked).`
      : `${plural(total, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'note')}) in ${plural(report.specsLinted, 'API description')} (${plural(report.filesChecked, 'file')} checked).`;
  out.push(total === 0 ? paint('green', summary) : paint('bold', summary));
  return out.join('\n') + '\n';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 as GitHub code scanning reads it: relative URIs against %SRCROOT%, rules with help text. */
export function formatSarif(report: Report, toolVersion: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(displayPath(f.file, report.cwd)), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'API Patterns',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary },
              help: { text: r.summary, markdown: docsMarkdown(r.id, r.summary) },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { category: r.category, tags: [r.category] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd + '/').href } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
