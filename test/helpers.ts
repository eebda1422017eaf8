import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNodeFileHost, lintDocument, type Config, type Finding } from '../src/core';

export const FIXTURES = resolve(__dirname, 'fixtures');
export const EXAMPLES = resolve(__dirname, '..', 'examples');

export function lintFile(path: string, config?: Config, text = readFileSync(path, 'utf8')): Finding[] {
  return lintDocument({ uri: path, text }, { host: createNodeFileHost(), config }).findings;
}

export function listFiles(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, test));
    else if (test(name)) out.push(full);
  }
  return out;
}

/**
 * Expected findings written into a fixture as trailing comments, `# expect: rule-a, rule-b`,
 * on the line where each finding must start. JSON fixtures keep theirs in `<file>.expect`
 * (one `line rule-id` per line). Lines are 1-based.
 */
export function expectedFindings(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const out: string[] = [];
  if (path.endsWith('.json')) {
    // No sidecar: nothing is expected (files that are no spec).
    const sidecar = existsSync(`${path}.expect`) ? readFileSync(`${path}.expect`, 'utf8') : '';
    for (const line of sidecar.split('\n')) {
      const m = /^(\d+)\s+([\w-]+)/.exec(line.trim());
      if (m) out.push(`${m[1]} ${m[2]}`);
    }
  } else {
    text.split('\n').forEach((line, i) => {
      const m = /#\s*expect:\s*([\w\s,-]+)$/.exec(line);
      if (m) for (const id of (m[1] as string).split(',').map((s) => s.trim()).filter(Boolean)) out.push(`${i + 1} ${id}`);
    });
  }
  return out.sort(byLine);
}

export function actualFindings(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`).sort(byLine);
}

function byLine(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

export function countByRule(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}
