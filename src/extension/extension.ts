import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/*
 * The thin client: it starts the language server (dist/server.js, its own process,
 * where all parsing and linting happens), and adds commands and a status bar item.
 * Activation itself reads no file.
 */

const SOURCE = 'API Patterns';
const LINT_WORKSPACE_REQUEST = 'apiPatterns/lintWorkspace';
const LINT_PROGRESS_NOTIFICATION = 'apiPatterns/lintProgress';
const RELINT_NOTIFICATION = 'apiPatterns/relint';

export interface ApiPatternsApi {
  /** Resolves once the language server is up. */
  ready: Promise<void>;
  /** How long activate() took, in milliseconds. */
  activationMs: number;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ApiPatternsApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(SOURCE, { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['yaml', 'json', 'jsonc'].flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}') },
    outputChannel: output,
  };
  client = new LanguageClient('apiPatterns', SOURCE, serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('apiPatterns.status', vscode.StatusBarAlignment.Right, 100);
  status.name = SOURCE;
  status.command = 'workbench.actions.view.problems';
  const refreshStatus = (): void => {
    const state = client?.state;
    if (state === State.Starting) {
      status.text = '$(sync~spin) API Patterns';
      status.tooltip = 'API Patterns: starting the language server';
    } else if (state === State.Stopped) {
      status.text = '$(error) API Patterns';
      status.tooltip = 'API Patterns: the language server is stopped (run "API Patterns: Restart Language Server")';
    } else {
      const editor = vscode.window.activeTextEditor;
      const count = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === SOURCE).length : 0;
      status.text = count === 0 ? '$(check) API Patterns' : `$(warning) API Patterns: ${count}`;
      status.tooltip = count === 0 ? 'API Patterns: no findings in this file' : `API Patterns: ${count} finding${count === 1 ? '' : 's'} in this file`;
    }
    status.show();
  };
  refreshStatus();

  context.subscriptions.push(
    output,
    status,
    client.onDidChangeState(refreshStatus),
    vscode.languages.onDidChangeDiagnostics(refreshStatus),
    vscode.window.onDidChangeActiveTextEditor(refreshStatus),
    vscode.commands.registerCommand('apiPatterns.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand('apiPatterns.showRuleDocs', (ruleId?: string) => showRuleDocs(context, ruleId)),
    vscode.commands.registerCommand('apiPatterns.restartServer', async () => {
      await client?.restart();
      refreshStatus();
    }),
  );

  context.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(followTabs));

  const ready = client.start();
  const activationMs = performance.now() - started;
  output.info(`Activated in ${activationMs.toFixed(1)} ms; the language server starts in its own process.`);
  return { ready, activationMs };
}

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

/**
 * VS Code keeps a document (and tells the server nothing) for a while after its last
 * tab closes; its findings should not stay in the Problems panel meanwhile. They come
 * back when a tab shows it again.
 */
function followTabs(event: vscode.TabChangeEvent): void {
  if (!client?.isRunning()) return;
  const shown = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => tabUri(t)?.toString())));
  for (const tab of event.closed) {
    const uri = tabUri(tab);
    if (uri && !shown.has(uri.toString())) client.diagnostics?.delete(uri);
  }
  for (const tab of event.opened) {
    const uri = tabUri(tab);
    if (uri) void client.sendNotification(RELINT_NOTIFICATION, { uri: uri.toString() });
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function lintWorkspace(): Promise<{ files: number; specs: number; findings: number; cancelled: boolean } | undefined> {
  if (!client) return undefined;
  const running = client;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'API Patterns: linting the workspace', cancellable: true },
    async (progress, token) => {
      let last = 0;
      const listener = running.onNotification(LINT_PROGRESS_NOTIFICATION, (p: { done: number; total: number; file: string }) => {
        const percent = p.total === 0 ? 100 : (p.done / p.total) * 100;
        progress.report({ increment: percent - last, message: `${p.done}/${p.total} ${p.file}` });
        last = percent;
      });
      try {
        const result = await running.sendRequest<{ files: number; specs: number; findings: number; cancelled: boolean }>(LINT_WORKSPACE_REQUEST, {}, token);
        const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.specs} API description${result.specs === 1 ? '' : 's'} (${result.files} files checked)`;
        void vscode.window.showInformationMessage(result.cancelled ? `API Patterns: cancelled; ${summary} so far.` : `API Patterns: ${summary}.`);
        return result;
      } finally {
        listener.dispose();
      }
    },
  );
}

async function showRuleDocs(context: vscode.ExtensionContext, ruleId?: string): Promise<void> {
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  let id = ruleId;
  if (!id) {
    const ids = readdirSync(docs.fsPath)
      .filter((n) => n.endsWith('.md') && n !== 'README.md')
      .map((n) => n.slice(0, -3));
    id = await vscode.window.showQuickPick(['README', ...ids], { placeHolder: 'API Patterns rule' });
    if (!id) return;
  }
  const page = vscode.Uri.joinPath(docs, `${id}.md`);
  // The bundled page, rendered by VS Code's built-in Markdown preview: it works offline.
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
