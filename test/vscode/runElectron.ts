import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/*
 * The same tests in desktop VS Code, which @vscode/test-electron downloads from Microsoft's update
 * server (so not on machines without that access; scripts/vscode-test.mjs uses code-server there).
 * `npm run test:electron` builds first: the tests entry is the bundle in dist/.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  // Two folders in one window, as scripts/vscode-test.mjs opens them: per-folder config is tested.
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'api-patterns-')), 'tests.code-workspace');
  const folders = ['workspace', 'second-folder'].map((name) => ({ path: path.join(root, 'test', 'vscode', name) }));
  writeFileSync(workspace, JSON.stringify({ folders }));
  try {
    await runTests({
      // The VS Code that code-server 4.100.3 ships, and the oldest that engines.vscode admits.
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist', 'test', 'vscode', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { API_PATTERNS_EXTENSION_ROOT: root },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

void main();
