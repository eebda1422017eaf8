import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { lintDocument, RULES } from '../src/core';
import { actualFindings, expectedFindings, FIXTURES, lintFile, listFiles } from './helpers';

const fixtures = listFiles(`${FIXTURES}/rules`, (n) => /\.(ya?ml|json)$/.test(n));

describe('rule fixtures: every finding expected, at its line, and nothing else', () => {
  for (const file of fixtures) {
    it(relative(FIXTURES, file), () => {
      assert.deepEqual(actualFindings(lintFile(file)), expectedFindings(file));
    });
  }
});

describe('rule catalogue', () => {
  const expected = new Set(fixtures.flatMap((f) => expectedFindings(f).map((e) => e.split(' ')[1])));
  for (const rule of RULES) {
    if (rule.formats.length === 0 || rule.id === 'parse-error') continue;
    it(`${rule.id} is shown failing by at least one fixture`, () => {
      assert.ok(expected.has(rule.id), `no fixture expects ${rule.id}`);
    });
  }
});

describe('format detection', () => {
  // Go's encoding/json and `jq -S` sort keys: `components` (large) comes before `openapi`.
  const schemas = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`Schema${i}`, { type: 'object', description: 'A schema of the catalogue.' }]));
  const post = { responses: { '201': { description: 'Created.' }, '422': { description: 'Invalid.' } } };
  const sorted = { components: { schemas }, info: { title: 'Catalog', version: '1.0.0' }, openapi: '3.0.3', paths: { '/v1/products': { post } } };
  for (const [name, text] of [
    ['sorted-keys.json', JSON.stringify(sorted, null, 2)],
    ['sorted-keys.yaml', stringify(sorted)],
  ] as const) {
    it(`finds the version key after 100 KB of components (${name})`, () => {
      assert.ok(text.indexOf('openapi') > 100_000, 'the key comes late');
      const result = lintDocument({ uri: `/tmp/${name}`, text });
      assert.equal(result.format?.dialect, 'openapi-3.0');
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['post-idempotency-key']);
    });
  }
});
