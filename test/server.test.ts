import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { RULES } from '../src/core';
import { DEFAULT_SETTINGS, LintService } from '../src/server/service';

const SPEC = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: "https://x.example.com/v1"}]\npaths:\n  /orders:\n    get:\n      parameters:\n        - {name: offset, in: query, schema: {type: integer}}\n      responses:\n        "200": {description: ok}\n        "400": {description: bad}\n';

describe('language server: one config per workspace folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'api-patterns-roots-'));
  const billing = join(root, 'billing');
  const shipping = join(root, 'shipping');
  mkdirSync(billing);
  mkdirSync(shipping);
  writeFileSync(join(billing, '.api-patterns.yaml'), 'rules:\n  offset-pagination: error\n');
  const open = new Map<string, string>();
  const service = new LintService((p) => open.get(p));
  service.setFolders([billing, shipping]);

  const severity = (folder: string) => service.lint(join(folder, 'api.yaml'), SPEC).findings.find((f) => f.ruleId === 'offset-pagination')?.severity;

  it('each folder reads its own .api-patterns.yaml', () => {
    assert.equal(severity(billing), 'error');
    assert.equal(severity(shipping), 'warning');
  });

  it('an untitled buffer follows the first folder', () => {
    const finding = service.lint('untitled:Untitled-1', SPEC).findings.find((f) => f.ruleId === 'offset-pagination');
    assert.equal(finding?.severity, 'error');
  });

  it('an unsaved config buffer applies once configs are reloaded', () => {
    open.set(join(shipping, '.api-patterns.yaml'), 'rules:\n  offset-pagination: off\n');
    service.reloadConfigs();
    assert.equal(severity(shipping), undefined);
    assert.equal(severity(billing), 'error');
    open.clear();
    service.reloadConfigs();
  });

  it('settings override the config file, per folder', () => {
    service.setSettings(billing, { ...DEFAULT_SETTINGS, rules: { 'offset-pagination': 'info' } });
    assert.equal(severity(billing), 'info');
    assert.equal(severity(shipping), 'warning');
    service.setSettings(billing, DEFAULT_SETTINGS);
  });

  it('knows which open documents read a file through $ref', () => {
    const spec = join(shipping, 'api.yaml');
    writeFileSync(join(shipping, 'common.yaml'), 'Page:\n  name: offset\n  in: query\n');
    service.lint(spec, SPEC.replace('- {name: offset, in: query, schema: {type: integer}}', "- $ref: './common.yaml#/Page'"));
    assert.deepEqual(service.dependents(join(shipping, 'common.yaml')), [spec]);
    service.forget(spec);
    assert.deepEqual(service.dependents(join(shipping, 'common.yaml')), []);
  });
});

describe('the contributed schema of .api-patterns.yaml', () => {
  const schema = JSON.parse(readFileSync(resolve(__dirname, '..', 'schemas', 'api-patterns.schema.json'), 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
  const validate = new Ajv({ strict: false }).compile(schema);

  it('offers every configurable rule', () => {
    const configurable = RULES.filter((r) => r.formats.length > 0).map((r) => r.id).sort();
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), configurable);
  });

  it('accepts a good config and rejects an unknown rule or setting', () => {
    assert.equal(validate(parse('rules:\n  verb-in-path: off\n  no-4xx-response: info\nignore:\n  - "legacy/**"\n')), true);
    assert.equal(validate(parse('rules:\n  no-such-rule: off\n')), false);
    assert.equal(validate(parse('rules:\n  verb-in-path: loud\n')), false);
  });
});
