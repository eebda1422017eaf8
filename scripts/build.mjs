// Bundles the command line, the engine (for the benchmark) and the extension client into dist/.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

// Some dependencies ship ESM only and read import.meta.url, which a CommonJS bundle lacks.
const importMetaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build does not.
  mainFields: ['module', 'main'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: importMetaUrl },
};

// The VS Code tests' bundle cannot list its suites at run time, so the build does: the module
// 'vscode-test-suites' requires each test/vscode/suite/*.test.ts on demand, by file name.
const vscodeTestSuites = {
  name: 'vscode-test-suites',
  setup(b) {
    b.onResolve({ filter: /^vscode-test-suites$/ }, () => ({ path: 'suites', namespace: 'vscode-test-suites' }));
    b.onLoad({ filter: /.*/, namespace: 'vscode-test-suites' }, () => {
      const dir = resolve('test/vscode/suite');
      const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort();
      const entries = files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify(`./${f}`)}),`);
      return { contents: `export const suites = {\n${entries.join('\n')}\n};\n`, loader: 'js', resolveDir: dir };
    });
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } }),
  build({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' }),
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' }),
  build({
    ...common,
    entryPoints: ['test/vscode/index.ts'],
    outfile: 'dist/test/vscode/index.js',
    external: ['vscode'],
    plugins: [vscodeTestSuites],
    // Only mocha's parallel mode, which the tests do not use, resolves files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  }),
]);

// The config file's JSON schema, from the rule catalogue the engine was just built with.
await import('./schema.mjs');
