// Writes schemas/api-patterns.schema.json (completion and validation of .api-patterns.yaml)
// from the rules in dist/core.js, so that a new rule never needs a hand edit here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { RULES } = require('../dist/core.js');

const SETTING = { enum: ['off', 'on', 'error', 'warning', 'warn', 'info', 'hint'] };
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'API Patterns configuration (.api-patterns.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      description: 'Turn rules off or change their severity.',
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        RULES.filter((r) => r.formats.length > 0).map((r) => [
          r.id,
          { ...SETTING, description: `${r.summary} (${r.category}, default ${r.severity})`, default: r.severity },
        ]),
      ),
    },
    ignore: {
      description: 'Glob patterns, relative to this file, of files not to lint.',
      type: 'array',
      items: { type: 'string' },
    },
  },
};

mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schemas/api-patterns.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');
