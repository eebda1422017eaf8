import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/core';

const DOCS = resolve(__dirname, '..', 'docs', 'rules');

describe('every rule has its documentation page', () => {
  const index = readFileSync(`${DOCS}/README.md`, 'utf8');
  for (const rule of RULES) {
    it(rule.id, () => {
      const path = `${DOCS}/${rule.id}.md`;
      assert.ok(existsSync(path), `${path} exists`);
      const page = readFileSync(path, 'utf8');
      assert.match(page, new RegExp(`^# ${rule.id}\\n`));
      assert.match(page, new RegExp(`\\*\\*Category:\\*\\* ${rule.category}\\b`));
      assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.severity}\\b`));
      for (const section of ['## What it flags', '## Why']) assert.ok(page.includes(section), `${rule.id} has '${section}'`);
      if (rule.formats.length > 0 && rule.id !== 'parse-error') {
        for (const section of ['## Bad', '## Good']) assert.ok(page.includes(section), `${rule.id} has '${section}'`);
      }
      assert.ok(index.includes(`[${rule.id}](${rule.id}.md)`), `the index links ${rule.id}`);
    });
  }
});
