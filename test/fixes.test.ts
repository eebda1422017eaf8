import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, lintDocument, parseText } from '../src/core';
import { countByRule, FIXTURES, lintFile, listFiles } from './helpers';
import { readFileSync } from 'node:fs';

const fixtures = listFiles(FIXTURES, (n) => /\.(ya?ml|json)$/.test(n)).filter((f) => !f.includes('/malformed/'));

describe('every fix parses, removes its finding and adds none', () => {
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8');
    const before = lintFile(file, undefined, text);
    before.forEach((finding, index) => {
      if (!finding.fix) return;
      it(`${relative(FIXTURES, file)}:${finding.range.start.line + 1} ${finding.ruleId} #${index}`, () => {
        const edits = finding.fix!.edits();
        assert.ok(edits.length > 0, 'the fix has edits');
        const fixed = applyEdits(text, edits);
        assert.equal(parseText(fixed).error, undefined, `fixed text parses:\n${fixed}`);
        const after = lintFile(file, undefined, fixed);
        const b = countByRule(before);
        const a = countByRule(after);
        assert.ok((a.get(finding.ruleId) ?? 0) < (b.get(finding.ruleId) ?? 0), `${finding.ruleId} is gone:\n${fixed}`);
        for (const [rule, count] of a) assert.ok(count <= (b.get(rule) ?? 0), `no new ${rule} finding`);
        // Only insertions or the replaced token: nothing the user wrote is lost.
        for (const e of edits) {
          const replaced = text.slice(e.start, e.end).trim();
          assert.ok(replaced.length <= 5, `edit replaces at most a token, not '${replaced}'`);
        }
      });
    });
  }
});

describe('fixes keep the layout the author chose', () => {
  const fixOf = (uri: string, text: string, ruleId: string): string => {
    const finding = lintDocument({ uri, text }).findings.find((f) => f.ruleId === ruleId);
    assert.ok(finding?.fix, `${ruleId} offers a fix`);
    return applyEdits(text, finding.fix.edits());
  };

  it('YAML: 4-space indentation, single quotes and comments stay', () => {
    const text = [
      "openapi: '3.0.3'",
      "info: {title: 'Shipping', version: '1.0.0'}",
      'servers:',
      "    - url: 'https://api.example.com/v1'",
      'paths:',
      '    /shipments:',
      '        post:  # create a shipment',
      "            summary: 'Create a shipment'",
      '            responses:',
      "                '201': {description: 'Created'}",
      "                '400': {description: 'Invalid'}",
      '# trailing comment',
      '',
    ].join('\n');
    const fixed = fixOf('/ws/shipping.yaml', text, 'post-idempotency-key');
    assert.equal(
      fixed,
      text.replace(
        "                '400': {description: 'Invalid'}\n",
        "                '400': {description: 'Invalid'}\n" +
          '            parameters:\n' +
          "                - name: 'Idempotency-Key'\n" +
          "                  in: 'header'\n" +
          '                  required: true\n' +
          "                  description: 'Unique key the client generates per logical request; the server returns the first result for repeats.'\n" +
          '                  schema:\n' +
          "                      type: 'string'\n",
      ),
    );
  });

  it('JSON: the file keeps its indentation and the member joins its siblings', () => {
    const text = JSON.stringify(
      {
        openapi: '3.0.3',
        info: { title: 'Shipping', version: '1.0.0' },
        servers: [{ url: 'https://api.example.com/v1' }],
        paths: { '/shipments': { post: { parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'boolean' } }], responses: { '201': { description: 'Created' }, '400': { description: 'Invalid' } } } } },
      },
      null,
      4,
    );
    const fixed = fixOf('/ws/shipping.json', text, 'post-idempotency-key');
    const parsed = JSON.parse(fixed);
    assert.equal(parsed.paths['/shipments'].post.parameters[1].name, 'Idempotency-Key');
    const untouched = text.split('\n');
    const after = fixed.split('\n');
    // Every original line is still there, in order; only new lines were added, 4-space indented.
    let i = 0;
    for (const line of after) if (line === untouched[i]) i++;
    assert.equal(i, untouched.length);
    for (const line of after.filter((l) => !untouched.includes(l))) assert.match(line, /^( {4})+\S/);
  });
});

describe('fixes in a file with Windows line endings', () => {
  // Editors keep CRLF files CRLF; an inserted bare LF would mix line endings in the file.
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n');
    const before = lintFile(file, undefined, text);
    if (!before.some((f) => f.fix)) continue;
    it(relative(FIXTURES, file), () => {
      for (const finding of before) {
        if (!finding.fix) continue;
        const fixed = applyEdits(text, finding.fix.edits());
        assert.ok(!/[^\r]\n/.test(fixed), `${finding.ruleId}: no bare LF`);
        assert.equal(parseText(fixed).error, undefined, `${finding.ruleId}: parses`);
        const after = countByRule(lintFile(file, undefined, fixed)).get(finding.ruleId) ?? 0;
        assert.ok(after < countByRule(before).get(finding.ruleId)!, `${finding.ruleId} is gone`);
      }
    });
  }
});
