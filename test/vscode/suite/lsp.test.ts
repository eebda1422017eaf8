import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/*
 * The extension in a real VS Code: what a user sees after opening, typing, hovering,
 * applying quick fixes and changing the config file. Specs live in workspace/lsp/.
 */

const SOURCE = 'API Patterns';
const EXTENSION_ID = 'api-patterns.api-patterns';

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, 'lsp', ...parts);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function summary(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => `${d.range.start.line + 1} ${ruleId(d)}`);
}

function ruleId(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Waits until the diagnostics of `uri` satisfy `test`; diagnostics arrive asynchronously from the server. */
async function until(uri: vscode.Uri, test: (d: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const current = ours(uri);
    if (test(current)) return current;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}; diagnostics now: ${JSON.stringify(summary(uri))}`);
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/** Throws away the test's edits (no save prompt) and closes every editor. */
async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

/** orders.yaml open, with its three findings in. */
async function openOrders(): Promise<{ uri: vscode.Uri; editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  const uri = workspaceFile('orders.yaml');
  const editor = await open(uri);
  const diagnostics = await until(uri, (d) => d.length === 3, 'the three findings of orders.yaml');
  return { uri, editor, diagnostics };
}

async function quickFixes(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], rule: string): Promise<vscode.CodeAction[]> {
  const diagnostic = diagnostics.find((d) => ruleId(d) === rule);
  assert.ok(diagnostic, `a ${rule} finding`);
  return codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
}

describe('API Patterns in VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const api = (await extension.activate()) as { ready: Promise<void> };
    await api.ready;
  });

  afterEach(closeAll);

  it('shows the expected findings, with rule ids, lines, source and documentation links', async () => {
    const { uri, diagnostics } = await openOrders();
    assert.deepEqual(summary(uri), ['11 offset-pagination', '24 post-idempotency-key', '32 sse-last-event-id']);
    const d = diagnostics[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(typeof d.code === 'object', 'the code carries a link');
    assert.match(d.code.target.toString(), /docs\/rules\/offset-pagination\.md$/);
  });

  it('updates as you type', async () => {
    const { uri, editor } = await openOrders();
    // Type an Idempotency-Key header parameter into the POST, as a user would.
    const postLine = editor.document.lineAt(23);
    assert.equal(postLine.text, '    post:');
    await editor.edit((b) =>
      b.insert(new vscode.Position(24, 0), '      parameters:\n        - name: Idempotency-Key\n          in: header\n          required: true\n          schema:\n            type: string\n'),
    );
    await until(uri, (d) => !d.some((x) => ruleId(x) === 'post-idempotency-key'), 'the POST finding to go');
    assert.deepEqual(summary(uri), ['11 offset-pagination', '38 sse-last-event-id']);
  });

  it('hover explains the rule', async () => {
    const {
      uri,
      diagnostics: [first],
    } = await openOrders();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, first!.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /offset-pagination/);
    assert.match(text, /What is wrong:\*\* A query parameter that pages by position\./);
    assert.match(text, /Why it matters/);
    assert.match(text, /How to fix:\*\* .*opaque cursor/);
    // VS Code shows the diagnostic's message above the hover: the hover teaches the pattern instead.
    assert.ok(!text.includes(first!.message), 'the message is not repeated');
  });

  it('applies the preferred quick fix and the finding disappears', async () => {
    const { uri, editor, diagnostics } = await openOrders();
    const actions = await quickFixes(uri, diagnostics, 'sse-last-event-id');
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Add the Last-Event-ID header parameter');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\n {8}- name: id\n[\s\S]*\n {8}- name: Last-Event-ID\n {10}in: header\n/);
    await until(uri, (d) => !d.some((x) => ruleId(x) === 'sse-last-event-id'), 'the SSE finding to go');
    assert.equal(ours(uri).length, 2);
  });

  it('offers documentation and a suppression comment, which silences the line', async () => {
    const { uri, editor, diagnostics } = await openOrders();
    const actions = await quickFixes(uri, diagnostics, 'offset-pagination');
    assert.ok(actions.some((a) => a.title === 'Show documentation for offset-pagination' && a.command?.command === 'apiPatterns.showRuleDocs'));
    const disable = actions.find((a) => a.title === 'Disable offset-pagination for this line');
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(editor.document.lineAt(10).text, '        # api-patterns-disable-next-line offset-pagination');
    await until(uri, (d) => d.length === 2 && !d.some((x) => ruleId(x) === 'offset-pagination'), 'the suppressed finding to go');
  });

  it('fixes all problems through source.fixAll.api-patterns', async () => {
    const { uri, editor } = await openOrders();
    const actions = await codeActions(uri, new vscode.Range(0, 0, editor.document.lineCount, 0), 'source.fixAll.api-patterns');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.api-patterns');
    assert.ok(fixAll?.edit, 'a fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    // offset-pagination has no minimal fix; the two others are fixed at once.
    await until(uri, (d) => d.length === 1, 'only the unfixable finding');
    assert.deepEqual(ours(uri).map(ruleId), ['offset-pagination']);
  });

  it('applies .api-patterns.yaml as soon as it changes', async () => {
    const config = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.api-patterns.yaml');
    const { uri } = await openOrders();
    try {
      writeFileSync(config.fsPath, 'rules:\n  offset-pagination: off\n  sse-last-event-id: error\n');
      await until(uri, (d) => d.length === 2 && d.some((x) => ruleId(x) === 'sse-last-event-id' && x.severity === vscode.DiagnosticSeverity.Error), 'the config to apply');
      writeFileSync(config.fsPath, 'rules:\n  no-such-rule: off\n');
      await until(config, (d) => d.length === 1, 'the config problem');
      assert.match(ours(config)[0]!.message, /Unknown rule id 'no-such-rule'/);
      assert.equal(ours(config)[0]!.range.start.line, 1);
    } finally {
      if (existsSync(config.fsPath)) unlinkSync(config.fsPath);
    }
    await until(uri, (d) => d.length === 3, 'the defaults again');
  });

  it('follows $ref into a second file and lints again when that file changes', async () => {
    const client = workspaceFile('client.yaml');
    const shared = workspaceFile('shared', 'responses.yaml');
    await open(client);
    await until(client, (d) => d.length === 1 && ruleId(d[0]!) === 'retry-after-missing', 'the 429 finding through $ref');
    const sharedEditor = await open(shared);
    assert.deepEqual(ours(shared), [], 'the referenced fragment is no spec: no findings of its own');
    await sharedEditor.edit((b) => b.insert(new vscode.Position(2, 0), '  headers:\n    Retry-After:\n      schema:\n        type: integer\n'));
    await until(client, (d) => d.length === 0, 'the referencing file to be linted again');
  });

  it('leaves YAML that is no API description alone', async () => {
    const uri = workspaceFile('docker-compose.yaml');
    await open(uri);
    const orders = workspaceFile('orders.yaml');
    await open(orders);
    await until(orders, (d) => d.length === 3, 'the server to have answered for another file');
    assert.deepEqual(ours(uri), []);
  });

  it('reports a malformed spec once, at the line of the error', async () => {
    const uri = workspaceFile('broken.yaml');
    await open(uri);
    const [d] = await until(uri, (x) => x.length === 1, 'one parse finding');
    assert.equal(ruleId(d!), 'parse-error');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d!.range.start.line + 1, 10);
  });

  it('clears diagnostics when a file is closed', async () => {
    const { uri } = await openOrders();
    await closeAll();
    await until(uri, (d) => d.length === 0, 'no stale diagnostics');
  });

  it('gives the same findings as the command line', async () => {
    const files = ['orders.yaml', 'client.yaml', 'broken.yaml', 'docker-compose.yaml'];
    const root = workspaceFile().fsPath;
    const cli = path.resolve(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    // Exit status 1: broken.yaml has an error-level finding.
    const output = spawnSync(process.execPath, [cli, 'lint', ...files, '--format', 'json'], { cwd: root, encoding: 'utf8' }).stdout;
    const fromCli = (JSON.parse(output) as { findings: { file: string; ruleId: string; range: { start: { line: number } } }[] }).findings;
    for (const file of files) {
      const uri = workspaceFile(file);
      await open(uri);
      const expected = fromCli.filter((f) => f.file === file).map((f) => `${f.range.start.line} ${f.ruleId}`);
      await until(uri, (d) => d.length === expected.length, `${expected.length} findings in ${file}`);
      assert.deepEqual(summary(uri), expected, file);
    }
  });

  it('applies rule severity overrides from the settings', async () => {
    const { uri } = await openOrders();
    const settingsFolder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.vscode');
    const hadSettings = existsSync(settingsFolder.fsPath);
    const config = vscode.workspace.getConfiguration('apiPatterns');
    try {
      await config.update('rules', { 'post-idempotency-key': 'off', 'offset-pagination': 'error' }, vscode.ConfigurationTarget.Workspace);
      await until(uri, (d) => d.length === 2 && d.some((x) => ruleId(x) === 'offset-pagination' && x.severity === vscode.DiagnosticSeverity.Error), 'the settings to apply');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) rmSync(settingsFolder.fsPath, { recursive: true, force: true });
    }
    await until(uri, (d) => d.length === 3, 'the defaults again');
  });

  it('lints on save only, when apiPatterns.run is onSave', async () => {
    const file = workspaceFile('saved-orders.yaml');
    writeFileSync(file.fsPath, readFileSync(workspaceFile('orders.yaml').fsPath, 'utf8'));
    const config = vscode.workspace.getConfiguration('apiPatterns', file);
    // VS Code for the web (code-server) saves after a delay by default, which would lint too.
    const files = vscode.workspace.getConfiguration('files', file);
    try {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.WorkspaceFolder);
      const editor = await open(file);
      await until(file, (d) => d.length === 3, 'the findings on open');
      // The server lints open files again once it has pulled changed settings: that publish says it has them.
      const republished = new Promise<void>((done) => {
        const listener = vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === file.toString())) done(listener.dispose());
        });
      });
      await config.update('run', 'onSave', vscode.ConfigurationTarget.WorkspaceFolder);
      await republished;
      await editor.edit((b) => b.insert(new vscode.Position(24, 0), '      parameters:\n        - name: Idempotency-Key\n          in: header\n          schema:\n            type: string\n'));
      // Typing alone must not lint: give the server time it would need to answer, then look.
      await new Promise((r) => setTimeout(r, 1500));
      const beforeSave = ['11 offset-pagination', '24 post-idempotency-key', '32 sse-last-event-id'];
      assert.deepEqual(summary(file), beforeSave, 'no lint before the save');
      // A second tab on the same unsaved document is no save either.
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.Two);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(summary(file), beforeSave, 'no lint when the document shows in another tab');
      assert.ok(await editor.document.save(), 'the document saved');
      await until(file, (d) => d.length === 2 && !d.some((x) => ruleId(x) === 'post-idempotency-key'), 'the lint on save');
    } finally {
      await config.update('run', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await closeAll();
      unlinkSync(file.fsPath);
      const settings = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.vscode');
      rmSync(settings.fsPath, { recursive: true, force: true });
    }
  });

  it('gives each folder of a multi-root workspace its own config file and settings', async () => {
    const [first, second] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(first && second, 'the runner opens two folders');
    const invoices = vscode.Uri.joinPath(second.uri, 'invoices.yaml');
    const error = vscode.DiagnosticSeverity.Error;
    // The second folder's .api-patterns.yaml turns offset-pagination off and makes the POST an error.
    await open(invoices);
    await until(invoices, (d) => d.length === 1 && ruleId(d[0]!) === 'post-idempotency-key' && d[0]!.severity === error, 'the second folder config');
    const { uri: orders } = await openOrders();
    assert.ok(ours(orders).every((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'the first folder keeps the defaults');
    const settingsFolder = vscode.Uri.joinPath(second.uri, '.vscode');
    const hadSettings = existsSync(settingsFolder.fsPath);
    const config = vscode.workspace.getConfiguration('apiPatterns', second.uri);
    try {
      await config.update('rules', { 'post-idempotency-key': 'off' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await until(invoices, (d) => d.length === 0, 'the folder setting to apply');
      assert.deepEqual(summary(orders), ['11 offset-pagination', '24 post-idempotency-key', '32 sse-last-event-id'], 'only that folder');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      if (!hadSettings) rmSync(settingsFolder.fsPath, { recursive: true, force: true });
    }
    await until(invoices, (d) => d.length === 1, 'the folder config again');
  });

  it('activates without linting on the extension host', () => {
    const extension = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID)!;
    const client = readFileSync(path.join(extension.extensionPath, 'dist', 'extension.js'), 'utf8');
    // The client bundle carries no engine: no rule, no YAML parser. Linting happens in dist/server.js.
    for (const marker of ['post-idempotency-key', 'lintDocument', 'parseDocument']) assert.ok(!client.includes(marker), `client bundle has no ${marker}`);
    const server = readFileSync(path.join(extension.extensionPath, 'dist', 'server.js'), 'utf8');
    assert.ok(server.includes('post-idempotency-key'));
    assert.equal(typeof extension.exports.activationMs, 'number');
    console.log(`api-patterns activation: ${extension.exports.activationMs.toFixed(1)} ms`);
  });

  it('drops the findings of a deleted file', async () => {
    const file = workspaceFile('short-lived.yaml');
    writeFileSync(file.fsPath, readFileSync(workspaceFile('client.yaml').fsPath, 'utf8'));
    // File watchers fold a create and a delete close together into nothing; a real file lives longer.
    await new Promise((r) => setTimeout(r, 2500));
    try {
      await vscode.commands.executeCommand('apiPatterns.lintWorkspace');
      await until(file, (d) => d.length === 1, 'findings of the new file');
    } finally {
      unlinkSync(file.fsPath);
    }
    await until(file, (d) => d.length === 0, 'no findings left for the deleted file');
  });

  it('stops linting the workspace when its Cancel button is pressed', async () => {
    // Enough files that the lint is still running when the notification goes.
    const many = workspaceFile('many');
    mkdirSync(many.fsPath);
    const spec = readFileSync(workspaceFile('orders.yaml').fsPath, 'utf8');
    for (let i = 0; i < 1500; i++) writeFileSync(path.join(many.fsPath, `orders-${i}.yaml`), spec);
    try {
      // Earlier messages go first: the primary action taken below must be this notification's Cancel.
      await vscode.commands.executeCommand('notifications.clearAll');
      let finished = false;
      const running = (vscode.commands.executeCommand('apiPatterns.lintWorkspace') as Thenable<{ files: number; specs: number; cancelled: boolean }>).then((r) => {
        finished = true;
        return r;
      });
      // Press Cancel (the progress notification's primary action) as soon as the notification is there.
      while (!finished) {
        await new Promise((r) => setTimeout(r, 100));
        await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      }
      const result = await running;
      assert.equal(result.cancelled, true, `cancelled after ${result.specs} of ${result.files} files`);
      assert.ok(result.specs < result.files, `stopped early: ${result.specs} of ${result.files}`);
    } finally {
      rmSync(many.fsPath, { recursive: true, force: true });
    }
  });

  it('lints the whole workspace on command', async () => {
    const result = (await vscode.commands.executeCommand('apiPatterns.lintWorkspace')) as { files: number; specs: number; findings: number; cancelled: boolean };
    assert.equal(result.cancelled, false);
    assert.ok(result.specs >= 3, `specs linted: ${result.specs}`);
    // Files nobody opened get their findings in the Problems panel too.
    await until(workspaceFile('client.yaml'), (d) => d.length === 1, 'findings of an unopened file');
  });
});
