import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { createNodeFileHost, lintDocument, parseText } from '../src/core';
import { MAX_DEPTH, MAX_EXPANDED_NODES } from '../src/core/parse';
import { EXAMPLES, FIXTURES, lintFile, listFiles } from './helpers';

describe('malformed files: one parse finding at the line of the error, nothing else', () => {
  const cases: [string, number, RegExp][] = [
    ['malformed/bad-indent.yaml', 11, /same column/],
    ['malformed/unclosed.json', 9, /brace expected/i],
    ['malformed/alias-bomb.yaml', 4, /alias bomb/],
    ['malformed/unknown-alias.yaml', 8, /Alias \*ordersTopic has no anchor/],
  ];
  for (const [file, line, message] of cases) {
    it(file, () => {
      const findings = lintFile(`${FIXTURES}/${file}`);
      assert.equal(findings.length, 1);
      const [f] = findings;
      assert.equal(f!.ruleId, 'parse-error');
      assert.equal(f!.category, 'parse');
      assert.equal(f!.range.start.line + 1, line);
      assert.match(f!.message, message);
    });
  }

  it('an alias bomb is refused without expanding it', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const text = `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n${levels.join('\n')}\n`;
    const before = process.memoryUsage().heapUsed;
    const parsed = parseText(text);
    assert.ok(parsed.error, 'refused');
    assert.match(parsed.error!.message, new RegExp(MAX_EXPANDED_NODES.toLocaleString('en-US')));
    // 10^12 nodes would need terabytes; refusing must stay within a few megabytes.
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024);
  });

  it('nesting deep enough to overflow a parser is one parse finding where it passes the limit', () => {
    const head = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: `;
    const json = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x-deep":`;
    const cases: [string, string, number][] = [
      // 100,000 levels: the parsers themselves would overflow the stack.
      ['JSON arrays', `${json}${'['.repeat(100_000)}${']'.repeat(100_000)}}`, json.length + MAX_DEPTH - 1],
      ['JSON objects', `${json}${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, json.length + 5 * (MAX_DEPTH - 1)],
      ['YAML flow', `${head}${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, -1],
      // Block nesting within what the YAML parser survives, past what the tree walks allow.
      ['YAML blocks', `${head}${Array.from({ length: MAX_DEPTH + 50 }, (_, i) => `\n${'  '.repeat(i + 1)}a:`).join('')} 1\n`, -1],
    ];
    for (const [what, text, at] of cases) {
      const { findings } = lintDocument({ uri: '/tmp/deep', text });
      assert.equal(findings.length, 1, what);
      assert.equal(findings[0]!.ruleId, 'parse-error', what);
      assert.match(findings[0]!.message, /Nested more than 500 levels deep/, what);
      if (at >= 0) assert.equal(findings[0]!.offsets.start, at, `${what}: at the first level past the limit`);
      else assert.ok(findings[0]!.range.start.line >= 3, `${what}: in x-deep`);
    }
    // As deep as the limit allows is fine.
    const ok = `${json}${'['.repeat(MAX_DEPTH - 2)}${']'.repeat(MAX_DEPTH - 2)}}`;
    assert.deepEqual(lintDocument({ uri: '/tmp/deep', text: ok }).findings, []);
  });

  it('a $ref to a device or a named pipe is unresolved, not read forever', () => {
    const text = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/orders:\n    get:\n      responses:\n        '200':\n          $ref: '/dev/zero#/components/responses/Ok'\n        '400': {description: Bad request}\n`;
    const { findings } = lintDocument({ uri: '/tmp/hostile.yaml', text }, { host: createNodeFileHost() });
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['8 unresolved-ref']);
    assert.match(findings[0]!.message, /not a regular file/);
  });

  it('a document with many harmless aliases is not refused', () => {
    const text = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-defaults: &d {type: string}\npaths:\n${Array.from({ length: 200 }, (_, i) => `  /v1/things${i}:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: *d}}}\n        '404': {description: none}`).join('\n')}\n`;
    const findings = lintDocument({ uri: '/tmp/aliases.yaml', text }).findings;
    assert.ok(findings.every((f) => f.ruleId !== 'parse-error'));
  });
});

/** A small deterministic generator, so that a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS: ((text: string, r: () => number) => string)[] = [
  (t, r) => t.slice(0, Math.floor(r() * t.length)), // truncate
  (t, r) => {
    const at = Math.floor(r() * t.length);
    const chars = ':-{}[]"\'#&*!|>\n\t ,?%@`';
    return t.slice(0, at) + chars[Math.floor(r() * chars.length)] + t.slice(at);
  },
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 3));
  },
  (t, r) => {
    const lines = t.split('\n');
    lines.splice(Math.floor(r() * lines.length), 1);
    return lines.join('\n');
  },
  (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, lines[Math.floor(r() * lines.length)] ?? '');
    return lines.join('\n');
  },
  (t, r) => {
    // Swap indentation: shift one line in or out by two spaces.
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = r() < 0.5 ? `  ${lines[i]}` : (lines[i] ?? '').replace(/^ {1,2}/, '');
    return lines.join('\n');
  },
  (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = (lines[i] ?? '').replace(/^( *)/, (m) => '\t'.repeat(Math.ceil(m.length / 2)));
    return lines.join('\n');
  },
];

describe('fuzz: mutated fixtures never throw, hang or lose the parse contract', () => {
  const specFile = (n: string): boolean => /\.(ya?ml|json)$/.test(n);
  const sources = [...listFiles(FIXTURES, specFile), ...listFiles(EXAMPLES, specFile)].filter((f) => !f.includes('alias-bomb'));
  const CASES = 3000;
  // A hang guard, not a performance test: each case is a few KB and takes about a millisecond.
  const HANG_GUARD_MS = 5000;

  it(`${CASES} mutations of ${sources.length} fixtures`, () => {
    const r = random(20261124);
    const texts = sources.map((f) => readFileSync(f, 'utf8'));
    for (let n = 0; n < CASES; n++) {
      const i = Math.floor(r() * texts.length);
      let text = texts[i]!;
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) text = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(text, r);
      const label = `case ${n} from ${relative(FIXTURES, sources[i]!)}`;
      const started = Date.now();
      const { findings } = lintDocument({ uri: sources[i]!, text });
      for (const f of findings) if (f.fix) f.fix.edits();
      const took = Date.now() - started;
      assert.ok(took < HANG_GUARD_MS, `${label} took ${took} ms`);
      assert.ok(!findings.some((f) => f.message.startsWith('Internal error')), `${label}: ${findings.map((f) => f.message).join('; ')}`);
      const parse = findings.filter((f) => f.ruleId === 'parse-error');
      if (parse.length > 0) assert.equal(findings.length, 1, `${label}: a parse error comes alone`);
      for (const f of findings) {
        assert.ok(f.range.start.line >= 0 && f.offsets.start <= text.length, `${label}: position inside the text`);
      }
    }
  });
});
