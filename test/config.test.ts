import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isIgnored, lintDocument, parseConfig } from '../src/core';
import { EXAMPLES } from './helpers';

const ordersPath = `${EXAMPLES}/orders-api.yaml`;
const orders = readFileSync(ordersPath, 'utf8');
const lint = (text: string, configText?: string) =>
  lintDocument({ uri: ordersPath, text }, { config: configText === undefined ? undefined : parseConfig(configText, '/ws/.api-patterns.yaml', '/ws') }).findings;

describe('.api-patterns.yaml', () => {
  it('turns rules off and changes their severity', () => {
    const base = lint(orders);
    assert.ok(base.some((f) => f.ruleId === 'offset-pagination'));
    assert.ok(base.some((f) => f.ruleId === 'verb-in-path' && f.severity === 'warning'));
    const configured = lint(orders, 'rules:\n  offset-pagination: off\n  verb-in-path: error\n  sse-last-event-id: on\n');
    assert.ok(!configured.some((f) => f.ruleId === 'offset-pagination'));
    assert.equal(configured.find((f) => f.ruleId === 'verb-in-path')?.severity, 'error');
    assert.equal(configured.find((f) => f.ruleId === 'sse-last-event-id')?.severity, 'warning');
    assert.equal(configured.length, base.length - base.filter((f) => f.ruleId === 'offset-pagination').length);
  });

  it('reports unknown rule ids, bad settings and unknown keys at their lines', () => {
    const config = parseConfig('rules:\n  post-idempotency-key: warn\n  no-such-rule: off\n  verb-in-path: loud\nignore:\n  - legacy/**\nextends: strict\n', '/ws/.api-patterns.yaml', '/ws');
    assert.deepEqual(
      config.problems.map((p) => [p.range.start.line + 1, p.message]),
      [
        [3, "Unknown rule id 'no-such-rule' in .api-patterns.yaml"],
        [4, "Rule 'verb-in-path': 'loud' is not one of off, on, error, warning, info, hint"],
        [7, "Unknown key 'extends' in .api-patterns.yaml (expected 'rules' or 'ignore')"],
      ],
    );
    assert.equal(config.rules.get('post-idempotency-key'), 'warning');
    assert.deepEqual(config.ignore, ['legacy/**']);
  });

  it('reports a config that does not parse', () => {
    const config = parseConfig('rules:\n  a: [\n', '/ws/.api-patterns.yaml', '/ws');
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!.message, /does not parse/);
  });

  it('ignores paths by glob, relative to the config folder', () => {
    const config = parseConfig('ignore:\n  - "legacy/**"\n  - "**/*.draft.yaml"\n', '/ws/.api-patterns.yaml', '/ws');
    assert.equal(isIgnored(config, '/ws/legacy/v0/orders.yaml'), true);
    assert.equal(isIgnored(config, '/ws/specs/orders.draft.yaml'), true);
    assert.equal(isIgnored(config, '/ws/specs/orders.yaml'), false);
    assert.equal(isIgnored(config, '/elsewhere/legacy.yaml'), false);
  });
});

describe('suppression comments', () => {
  const offsetLine = orders.split('\n').findIndex((l) => l.includes('- name: offset'));
  const withComment = (comment: string, trailing = false) => {
    const lines = orders.split('\n');
    if (trailing) lines[offsetLine] += `  ${comment}`;
    else lines.splice(offsetLine, 0, `${lines[offsetLine]!.match(/^ */)![0]}${comment}`);
    return lines.join('\n');
  };

  it('disable-next-line with the rule id silences that finding only', () => {
    const findings = lint(withComment('# api-patterns-disable-next-line offset-pagination'));
    assert.ok(!findings.some((f) => f.ruleId === 'offset-pagination'));
    assert.equal(findings.length, lint(orders).length - 1);
  });

  it('another rule id does not silence it', () => {
    const findings = lint(withComment('# api-patterns-disable-next-line verb-in-path'));
    assert.ok(findings.some((f) => f.ruleId === 'offset-pagination'));
  });

  it('disable-line at the end of the line, with a reason after --', () => {
    const findings = lint(withComment('# api-patterns-disable-line offset-pagination -- legacy clients', true));
    assert.ok(!findings.some((f) => f.ruleId === 'offset-pagination'));
  });

  it('no rule id silences every rule on that line', () => {
    const findings = lint(withComment('# api-patterns-disable-next-line'));
    assert.ok(!findings.some((f) => f.ruleId === 'offset-pagination'));
  });
});
