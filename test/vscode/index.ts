import Mocha from 'mocha';
import { format } from 'node:util';
import { suites } from 'vscode-test-suites';

/**
 * The tests entry VS Code loads in its extension host (extensionTestsPath), in code-server
 * (scripts/vscode-test.mjs) or in desktop VS Code (runElectron.ts). The build bundles it
 * with mocha and every suite/*.test.ts, so `suites` is the list found at build time.
 */
export function run(): Promise<void> {
  // VS Code forwards the extension host's console arguments unformatted, so '%s' would show. In
  // code-server the report shares that channel with VS Code's own log; the runner's tag tells them apart.
  const tag = process.env.API_PATTERNS_TEST_OUTPUT_TAG ?? '';
  Mocha.reporters.Base.consoleLog = (...data) => console.log(tag + format(...data));
  // The extension host has no TTY; colours would reach the log as escape codes.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000 });
  for (const [file, load] of Object.entries(suites)) {
    // What mocha's own file loading does, so that the suites see describe/it as globals.
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', load(), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} VS Code test(s) failed`)) : resolve()));
  });
}
