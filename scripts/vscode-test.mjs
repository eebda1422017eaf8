// Runs the VS Code tests (dist/test/vscode/index.js, built by `npm run build`) in a real VS Code
// extension host: code-server, which ships VS Code 1.100 on npm, hosts the extension and the tests,
// and headless Chromium opens its workbench with VS Code's own test payload. Desktop VS Code cannot
// be downloaded here; test/vscode/runElectron.ts runs the same tests where it can.
//
//   node scripts/vscode-test.mjs [--workspace dir ...] [--tests index.js] [--extension dir | --vsix file] [--timeout s]
//   (two or more --workspace folders open as one multi-root workspace)
//   node scripts/vscode-test.mjs --serve --vsix file --workspace examples   (for a person; Ctrl-C stops)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER = join(ROOT, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_TAG = '[api-patterns-test] ';
// Without the networking flags Chromium keeps calling Google's hosts, which this closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', multiple: true, default: ['test/vscode/workspace', 'test/vscode/second-folder'] },
    tests: { type: 'string', default: 'dist/test/vscode/index.js' },
    extension: { type: 'string', default: ROOT },
    vsix: { type: 'string' },
    serve: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
  },
});
const folders = opts.workspace.map((folder) => resolve(folder));
const tests = resolve(opts.tests);
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout takes seconds, not '${opts.timeout}'`);
for (const [what, path] of [...folders.map((folder) => ['workspace folder', folder]), ['VSIX', opts.vsix && resolve(opts.vsix)], ['tests', !opts.serve && tests]]) {
  if (path && !existsSync(path)) fail(`no ${what} at ${path}${what === 'tests' ? ' (run `npm run build` first)' : ''}`);
}

const temp = mkdtempSync(join(tmpdir(), 'api-patterns-vscode-'));
const dirs = Object.fromEntries(['user-data', 'extensions', 'config', 'data', 'tmp', 'chromium'].map((name) => [name, join(temp, name)]));
Object.values(dirs).forEach((dir) => mkdirSync(dir));

// A VSIX is installed for real; otherwise the extension loads from its folder (development mode).
const extensionRoot = opts.vsix ? dirs.extensions : resolve(opts.extension);
const env = {
  // VSCODE_* variables of a surrounding VS Code terminal would make code-server talk to that VS Code.
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_'))),
  XDG_CONFIG_HOME: dirs.config,
  XDG_DATA_HOME: dirs.data,
  TMPDIR: dirs.tmp,
  // No extension gallery (open-vsx.org, unreachable here): VS Code then does not try to query it.
  EXTENSIONS_GALLERY: '{}',
  // The extension host inherits these: the smoke suite checks the extension came from there,
  // and test/vscode/index.ts marks the test report with the tag.
  API_PATTERNS_EXTENSION_ROOT: extensionRoot,
  API_PATTERNS_TEST_OUTPUT_TAG: OUTPUT_TAG,
};
// Several folders: a .code-workspace file of our own, so that settings written by the tests stay in temp.
// VS Code for the web saves after a delay by default; the tests' edits must never reach the fixtures.
const workspace = folders.length === 1 ? folders[0] : join(temp, 'tests.code-workspace');
if (folders.length > 1) writeFileSync(workspace, JSON.stringify({ folders: folders.map((path) => ({ path })), settings: { 'files.autoSave': 'off' } }));
// The examples sit inside this repository: VS Code would offer to open it as a Git repository.
mkdirSync(join(dirs['user-data'], 'User'));
writeFileSync(join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify({ 'git.openRepositoryInParentFolders': 'never' }));
const codeServerArgs = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check'];

let server;
let serverLog = '';
let context;
const consoleLog = [];

function fail(message) {
  console.error(`vscode-test: ${message}`);
  process.exit(2);
}

async function freePort() {
  const probe = createServer();
  await new Promise((done, error) => probe.once('error', error).listen(0, '127.0.0.1', done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

function installVsix(vsix) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CODE_SERVER, ...codeServerArgs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.error?.message ?? `exit code ${result.status}`}):\n${result.stdout}${result.stderr}`);
  console.log(`vscode-test: installed ${basename(vsix)} in ${Date.now() - started} ms`);
}

/** VS Code only runs extensionTestsPath with a development extension whose folder holds the tests. For
 *  an installed VSIX that is this empty harness, so the extension under test is the installed one. */
function harness() {
  const dir = join(temp, 'harness');
  mkdirSync(dir);
  const manifest = { name: 'api-patterns-test-harness', publisher: 'api-patterns', version: '0.0.0', engines: { vscode: '*' } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  copyFileSync(tests, join(dir, 'index.js'));
  if (existsSync(`${tests}.map`)) copyFileSync(`${tests}.map`, join(dir, 'index.js.map'));
  return { developmentPath: dir, testsPath: join(dir, 'index.js') };
}

async function startServer(port) {
  server = spawn(process.execPath, [CODE_SERVER, ...codeServerArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-workspace-trust', '--disable-getting-started-override', workspace], {
    env,
    detached: true, // its own process group, so that its extension hosts and language servers go with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    if (opts.serve) process.stderr.write(chunk);
    else serverLog = (serverLog + chunk).slice(-20_000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const exited = new Promise((_, error) => server.once('exit', (code) => error(new Error(`code-server exited (${code}) before it was ready`))));
  exited.catch(() => {});
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await Promise.race([
      fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false),
      exited,
    ]);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('code-server did not answer /healthz within 60 s');
}

/** The workbench URL; with a payload, VS Code loads the development extension and runs the tests. */
function workbenchUrl(port, { developmentPath, testsPath } = {}) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(path).pathname}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (developmentPath) payload.push(['extensionDevelopmentPath', remote(developmentPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const target = folders.length === 1 ? 'folder' : 'workspace';
  return `http://127.0.0.1:${port}/?${target}=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Opens the workbench in headless Chromium and resolves with the tests' exit code. */
async function runTests(url) {
  context = await chromium.launchPersistentContext(dirs.chromium, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Playwright would exit on these signals itself, before stop() has cleaned up.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let exit;
  const exitCode = new Promise((done) => (exit = done));
  // VS Code's browser test hooks: the extension host's output, then the runner's exit code.
  // The test report goes to stdout; the rest of VS Code's log (the extension host's own console
  // output included) to stderr.
  await context.exposeFunction('codeAutomationLog', (_level, args) => {
    if (stopping) return; // the workbench complains once code-server is gone
    const text = format(...args);
    if (text.startsWith(OUTPUT_TAG)) console.log(text.slice(OUTPUT_TAG.length));
    else console.error(`[vscode] ${text}`);
  });
  await context.exposeFunction('codeAutomationExit', (code) => exit(code));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => consoleLog.push(`[browser ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[browser error] ${e.message}`));
  await page.goto(url);
  return exitCode;
}

function killServer(signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {} // the group is gone already
}

async function stop() {
  if (server) {
    const running = server.exitCode === null && server.signalCode === null;
    const gone = running ? new Promise((done) => server.once('exit', done)) : undefined;
    killServer('SIGTERM');
    const timer = setTimeout(() => killServer('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
    // Extension hosts and language servers may outlive code-server itself.
    killServer('SIGKILL');
  }
  await context?.close().catch(() => {});
  rmSync(temp, { recursive: true, force: true });
}

async function main() {
  if (opts.vsix) installVsix(resolve(opts.vsix));
  const port = await freePort();
  const target = opts.vsix ? (opts.serve ? {} : harness()) : { developmentPath: extensionRoot, testsPath: opts.serve ? undefined : tests };
  const url = workbenchUrl(port, target);
  if (opts.serve) {
    await startServer(port);
    console.log(`\nVS Code with API Patterns: ${url}\n(Ctrl-C stops it)`);
    return new Promise(() => {});
  }
  const started = Date.now();
  let timer;
  const timeout = new Promise((_, error) => (timer = setTimeout(() => error(new Error(`the VS Code tests did not finish within ${opts.timeout} s`)), timeoutMs)));
  try {
    const code = await Promise.race([startServer(port).then(() => runTests(url)), timeout]);
    console.log(`vscode-test: exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    clearTimeout(timer);
  }
}

let stopping;
function shutdown(code) {
  stopping ??= stop().finally(() => process.exit(code));
  return stopping;
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

try {
  await shutdown(await main());
} catch (error) {
  console.error(`vscode-test: ${error.message}`);
  console.error(`--- code-server output (tail) ---\n${serverLog}\n--- browser console (last 50) ---\n${consoleLog.slice(-50).join('\n')}`);
  await shutdown(1);
}
