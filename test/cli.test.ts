import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, lintFile } from './helpers';

const CLI = resolve(__dirname, '..', 'dist', 'cli.js');

function run(args: string[], cwd = resolve(__dirname, '..')) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  ruleId: string;
  category: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-patterns-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(resolve(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('api-patterns lint', () => {
  it('prints the JSON contract of RULES.md for the examples, as the engine finds them', () => {
    const { code, stdout } = run(['lint', 'examples', '--format', 'json']);
    assert.equal(code, 0, 'warnings only: exit 0');
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    const engine = [`${EXAMPLES}/order-events.asyncapi.yaml`, `${EXAMPLES}/orders-api.yaml`].flatMap((f) => lintFile(f));
    assert.equal(findings.length, engine.length);
    assert.ok(findings.length >= 8);
    findings.forEach((f, i) => {
      const e = engine[i]!;
      assert.equal(f.file, `examples/${e.file.split('/').pop()}`);
      assert.deepEqual(Object.keys(f), ['file', 'ruleId', 'category', 'severity', 'message', 'range']);
      assert.equal(f.ruleId, e.ruleId);
      assert.equal(f.range.start.line, e.range.start.line + 1, 'lines are 1-based');
      assert.equal(f.range.start.column, e.range.start.character + 1, 'columns are 1-based');
    });
  });

  it('stylish output names the rule and links its documentation', () => {
    const { code, stdout } = run(['lint', 'examples/orders-api.yaml']);
    assert.equal(code, 0);
    assert.match(stdout, /examples\/orders-api\.yaml/);
    assert.match(stdout, /14:11 +warning +Query parameter 'offset'.*offset-pagination/);
    assert.match(stdout, /file:\/\/.*docs\/rules\/offset-pagination\.md/);
    assert.match(stdout, /problems? \(0 errors, \d+ warnings/);
  });

  it('exits 1 when a finding is at error level', () => {
    const dir = workspace({ 'specs/api.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /v1/items/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        "200": {description: ok}\n', '.api-patterns.yaml': 'rules:\n  no-4xx-response: error\n' });
    const { code, stdout } = run(['lint', '.', '--format', 'json'], dir);
    assert.equal(code, 1);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.deepEqual(findings.map((f) => [f.file, f.ruleId, f.severity, f.range.start.line]), [['specs/api.yaml', 'no-4xx-response', 'error', 5]]);
  });

  it('exits 1 past --max-warnings', () => {
    assert.equal(run(['lint', 'examples', '--max-warnings', '3']).code, 1);
    assert.equal(run(['lint', 'examples', '--max-warnings', '1000']).code, 0);
  });

  it('walks folders, skips files that are no API description and honours ignore globs', () => {
    const spec = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /v1/items:\n    post:\n      responses:\n        "201": {description: ok}\n        "400": {description: bad}\n';
    const dir = workspace({
      'a/orders.yaml': spec,
      'legacy/old.yaml': spec,
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'broken-compose.yml': 'services:\n  web: [\n',
      '.api-patterns.yaml': 'ignore:\n  - "legacy/**"\n',
    });
    const { code, stdout } = run(['lint', '.', '--format', 'json'], dir);
    assert.equal(code, 0);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['a/orders.yaml']);
  });

  it('walks a folder with a symlink back up and a named pipe: each spec once, nothing hangs', () => {
    const dir = workspace({ 'specs/orders.yaml': readFileSync(`${EXAMPLES}/orders-api.yaml`, 'utf8') });
    symlinkSync(dir, join(dir, 'specs', 'loop'));
    assert.equal(spawnSync('mkfifo', [join(dir, 'specs', 'events.yaml')]).status, 0, 'mkfifo');
    const { code, stdout } = run(['lint', '.', '--format', 'json'], dir);
    assert.equal(code, 0);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.deepEqual([...new Set(findings.map((f) => f.file))], [join('specs', 'orders.yaml')]);
  });

  it('accepts globs', () => {
    const { stdout } = run(['lint', 'examples/*.asyncapi.yaml', '--format', 'json']);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.file === 'examples/order-events.asyncapi.yaml'));
  });

  it('lints a folder larger than its memory: nothing of a linted file is kept but its findings', () => {
    // 120 specs of ~400 KB (~50 MB of text, several times that as trees) under a 64 MB heap.
    const schemas = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`Item${i}`, { type: 'object', description: 'An item of the catalogue. '.repeat(4) }]));
    const post = { responses: { '201': { description: 'Created' }, '422': { description: 'Invalid' } } };
    const spec = JSON.stringify({ openapi: '3.0.3', info: { title: 'Items', version: '1.0.0' }, paths: { '/v1/items': { post } }, components: { schemas } }, null, 2);
    const dir = workspace(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`specs/items-${i}.json`, spec])));
    const result = spawnSync(process.execPath, ['--max-old-space-size=64', CLI, 'lint', 'specs', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr.slice(-500));
    const { findings } = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    // Each file's POST lacks an Idempotency-Key.
    assert.deepEqual(new Set(findings.map((f) => f.ruleId)), new Set(['post-idempotency-key']));
    assert.equal(findings.length, 120);
  });

  it('reads files saved with a UTF-8 byte order mark, config included', () => {
    const BOM = '\ufeff';
    const spec = `openapi: 3.0.3\ninfo: {title: Orders, version: 1.0.0}\npaths:\n  /v1/orders:\n    post:\n      responses:\n        '201': {description: Created}\n        '422': {description: Invalid}\n`;
    const dir = workspace({ 'orders.yaml': BOM + spec, 'orders.json': BOM + JSON.stringify({ openapi: '3.0.3', paths: {} }), '.api-patterns.yaml': `${BOM}rules:\n  no-4xx-response: off\n` });
    const { code, stdout } = run(['lint', '.', '--format', 'json'], dir);
    assert.equal(code, 0);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.range.start.line}:${f.range.start.column} ${f.ruleId}`),
      ['orders.yaml 5:5 post-idempotency-key'],
    );
  });

  it('reports config problems as findings on the config file', () => {
    const dir = workspace({ '.api-patterns.yaml': 'rules:\n  no-such-rule: off\n' });
    cpSync(`${EXAMPLES}/orders-api.yaml`, join(dir, 'orders.yaml'));
    const { code, stdout } = run(['lint', '.', '--format', 'json'], dir);
    assert.equal(code, 1);
    const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'invalid-config').map((f) => [f.file, f.range.start.line, f.message]),
      [['.api-patterns.yaml', 2, "Unknown rule id 'no-such-rule' in .api-patterns.yaml"]],
    );
  });
});

describe('user mistakes: a clear message and exit 2, never a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing file', ['lint', 'no/such/spec.yaml'], /no such file or folder: no\/such\/spec\.yaml/],
    ['unknown option', ['lint', 'examples', '--colour'], /Unknown option '--colour'/],
    ['unknown format', ['lint', 'examples', '--format', 'xml'], /unknown format 'xml'/],
    ['unknown command', ['check', 'examples'], /unknown command 'check'/],
    ['bad --max-warnings', ['lint', 'examples', '--max-warnings', 'lots'], /--max-warnings takes a whole number/],
    ['missing config', ['lint', 'examples', '--config', 'nope.yaml'], /config file not found: nope\.yaml/],
    ['glob without matches', ['lint', 'specs/**/*.nothing'], /no files match/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const { code, stderr, stdout } = run(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      assert.equal(stdout, '');
    });
  }
});

describe('api-patterns lint --format sarif', () => {
  it('is valid SARIF 2.1.0 with results at the findings of the JSON format', () => {
    // The schema as Microsoft ships it (draft-04; one pattern in it is not valid under the `u` flag).
    const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    const validate = new Ajv({ unicodeRegExp: false, validateFormats: false, strict: false }).compile(schema);
    const { code, stdout } = run(['lint', 'examples', '--format', 'sarif']);
    assert.equal(code, 0);
    // Loosely typed on purpose: the schema is what checks its shape.
    const sarif = JSON.parse(stdout) as any;
    const valid: boolean = validate(sarif);
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const wrongVersion: boolean = validate({ ...sarif, version: '2.0.0' });
    assert.ok(!wrongVersion, 'the schema rejects what it should');

    const { findings } = JSON.parse(run(['lint', 'examples', '--format', 'json']).stdout) as { findings: JsonFinding[] };
    const run0 = sarif.runs[0];
    assert.equal(run0.results.length, findings.length);
    run0.results.forEach((r: any, i: number) => {
      const f = findings[i]!;
      assert.equal(r.ruleId, f.ruleId);
      assert.equal(run0.tool.driver.rules[r.ruleIndex].id, f.ruleId);
      assert.equal(r.level, 'warning');
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, f.file);
      assert.equal(r.locations[0].physicalLocation.region.startLine, f.range.start.line);
      assert.equal(r.locations[0].physicalLocation.region.startColumn, f.range.start.column);
    });
    // Code scanning shows the rule's documentation page as its help.
    const rule = run0.tool.driver.rules.find((r: any) => r.id === 'offset-pagination');
    assert.match(rule.help.markdown, /^# offset-pagination/);
  });
});
