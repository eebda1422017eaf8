import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/core';
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
