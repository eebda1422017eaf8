import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, parseText } from '../src/core';
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
