import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintDocument, parseText } from '../src/core';
import type { SNode } from '../src/core/tree';
import { EXAMPLES, FIXTURES, listFiles } from './helpers';

/** The tree as plain data, without the lookup caches. */
function plain(node: SNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return [node.start, node.end, node.value];
  if (node.kind === 'seq') return [node.start, node.end, node.items.map(plain)];
  return [node.start, node.end, node.entries.map((e) => [e.key, e.keyStart, e.keyEnd, plain(e.value)])];
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const TYPED = 'abcxyz XYZ019.,-_/()=+"\'\\:#{}[]&*!|>%@`';

describe('typing reuses the previous tree exactly when a parse would give the same', () => {
  const specs = (dir: string) => listFiles(dir, (n) => /\.(ya?ml|json)$/.test(n)).filter((f) => lintDocument({ uri: f, text: readFileSync(f, 'utf8') }).format);
  const files = [...specs(`${FIXTURES}/rules`), ...specs(EXAMPLES)];
  for (const file of files) {
    it(relative(FIXTURES, file), () => {
      // Seeded from the path inside the repository, so every clone types the same edits.
      const r = random(seedOf(relative(FIXTURES, file)));
      let text = readFileSync(file, 'utf8');
      let previous = lintDocument({ uri: file, text }).document;
      let reused = 0;
      let good = text;
      for (let step = 0; step < 80; step++) {
        // Most edits land inside a string value, as typing in a description does.
        const strings = previous?.root ? stringScalars(previous.root) : [];
        const target = strings.length > 0 && r() < 0.8 ? strings[Math.floor(r() * strings.length)]! : { start: 0, end: text.length };
        const at = target.start + Math.floor(r() * (target.end - target.start + 1));
        text = r() < 0.6 ? text.slice(0, at) + TYPED[Math.floor(r() * TYPED.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
        const before = previous?.root;
        const incremental = lintDocument({ uri: file, text }, { previous });
        const fresh = lintDocument({ uri: file, text });
        if (before && incremental.document?.root === before) {
          reused++;
          assert.deepEqual(plain(incremental.document.root), plain(parseText(text).root), `step ${step}: tree as parsed`);
        }
        const view = (f: typeof fresh.findings) => f.map((x) => [x.ruleId, x.offsets.start, x.offsets.end, x.severity, x.message]);
        assert.deepEqual(view(incremental.findings), view(fresh.findings), `step ${step}: same findings`);
        previous = incremental.document;
        // A typo that breaks the file, its `openapi:`/`asyncapi:` line, or adds an alias (never reused) is undone.
        if (!fresh.format || fresh.document?.shared || fresh.findings.some((f) => f.ruleId === 'parse-error')) {
          text = good;
          previous = lintDocument({ uri: file, text }).document;
        } else {
          good = text;
        }
      }
      assert.ok(reused > 10, `the reuse path ran (${reused} times)`);
    });
  }
});

function seedOf(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

function stringScalars(node: SNode, out: SNode[] = []): SNode[] {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') out.push(node);
  } else if (node.kind === 'map') for (const e of node.entries) stringScalars(e.value, out);
  else for (const i of node.items) stringScalars(i, out);
  return out;
}
