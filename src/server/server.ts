import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findSpecFiles, type Finding, type TextEdit } from '../core';
import type { SpecDocument } from '../core/document';
import { docsUri, hoverMarkdown, SOURCE, toDiagnostic, type DiagnosticData } from './convert';
import { DEFAULT_SETTINGS, LintService, pathToUri, uriToPath, type Settings } from './service';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.api-patterns`;
export const LINT_WORKSPACE_REQUEST = 'apiPatterns/lintWorkspace';
export const LINT_PROGRESS_NOTIFICATION = 'apiPatterns/lintProgress';
/** The client shows a document again whose findings it had hidden when its tab closed. */
export const RELINT_NOTIFICATION = 'apiPatterns/relint';
export const SHOW_DOCS_COMMAND = 'apiPatterns.showRuleDocs';
/** Sent after each publish, so that the client (and the benchmark) know what was linted. */
export const LINTED_NOTIFICATION = 'apiPatterns/linted';


interface DocState {
  version: number;
  findings: Finding[];
  timer?: NodeJS.Timeout;
  /** Last lint's duration: the debounce follows it, so a big spec is not linted on every keystroke. */
  lastMs: number;
  /** The last lint's parse, reused when the next edit only changes the inside of a string. */
  document?: SpecDocument;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openPaths = new Map<string, TextDocument>();
  const service = new LintService((path) => openPaths.get(path)?.getText());
  const state = new Map<string, DocState>();
  let configurationPull = false;

  connection.onInitialize((params) => {
    configurationPull = !!params.capabilities.workspace?.configuration;
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : []);
    service.setFolders(folders);
    const initial = (params.initializationOptions as { settings?: Partial<Settings> } | undefined)?.settings;
    if (initial) service.setSettings('', { ...DEFAULT_SETTINGS, ...initial });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'api-patterns' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationPull) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'apiPatterns' });
      await pullSettings();
    }
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
      service.setFolders(folders.map((f) => uriToPath(f.uri)));
      await pullSettings();
      relintAll();
    });
  });

  async function pullSettings(): Promise<void> {
    if (!configurationPull) return;
    const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
    const scopes = [{ section: 'apiPatterns' }, ...folders.map((f) => ({ section: 'apiPatterns', scopeUri: f.uri }))];
    const values = (await connection.workspace.getConfiguration(scopes)) as (Partial<Settings> | null)[];
    service.setSettings('', { ...DEFAULT_SETTINGS, ...(values[0] ?? {}) });
    folders.forEach((f, i) => service.setSettings(uriToPath(f.uri), { ...DEFAULT_SETTINGS, ...(values[i + 1] ?? {}) }));
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationPull) await pullSettings();
    else service.setSettings('', { ...DEFAULT_SETTINGS, ...((change.settings as { apiPatterns?: Partial<Settings> })?.apiPatterns ?? {}) });
    relintAll();
  });

  function relintAll(): void {
    service.reloadConfigs();
    for (const doc of documents.all()) lintNow(doc);
  }

  function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void connection.sendDiagnostics({ uri, diagnostics, version });
  }

  /** A document's state; version -1 until a lint has published findings for it. */
  function stateOf(uri: string): DocState {
    let entry = state.get(uri);
    if (!entry) state.set(uri, (entry = { version: -1, findings: [], lastMs: 0 }));
    return entry;
  }

  function lintNow(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    const entry = stateOf(doc.uri);
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (service.isConfigFile(path)) {
      publishConfigProblems(path);
      return;
    }
    if (!service.settingsFor(path).enable) {
      entry.findings = [];
      publish(doc.uri, []);
      return;
    }
    const started = performance.now();
    const version = doc.version;
    const previous = entry.document;
    // The tree is changed in place when reused: never keep two versions pointing at it.
    entry.document = undefined;
    const outcome = service.lint(path, doc.getText(), previous);
    entry.document = outcome.document;
    entry.lastMs = performance.now() - started;
    // A newer edit arrived while linting (possible when the event loop was busy): its own lint will publish.
    if (documents.get(doc.uri)?.version !== version) return;
    entry.version = version;
    entry.findings = outcome.findings;
    publish(doc.uri, outcome.findings.map(toDiagnostic), version);
    void connection.sendNotification(LINTED_NOTIFICATION, { uri: doc.uri, version, findings: outcome.findings.length, ms: entry.lastMs });
  }

  function publishConfigProblems(configPath: string): void {
    const config = service.configFor(configPath);
    const uri = pathToUri(configPath);
    publish(
      uri,
      config.problems.map((p) => ({
        range: p.range,
        severity: 1,
        source: SOURCE,
        code: 'invalid-config',
        codeDescription: { href: docsUri('invalid-config') },
        message: p.message,
      })),
    );
  }

  function schedule(doc: TextDocument): void {
    const entry = stateOf(doc.uri);
    clearTimeout(entry.timer);
    // Edits that arrive while a lint runs are applied before the timer fires, so a short
    // wait already coalesces a burst; only slow specs wait longer, in proportion.
    const delay = entry.lastMs < 50 ? 1 : Math.min(250, entry.lastMs / 2);
    entry.timer = setTimeout(() => {
      const current = documents.get(doc.uri);
      if (current) lintNow(current);
    }, delay);
  }

  function relintDependents(path: string): void {
    for (const dependent of service.dependents(path)) {
      const doc = openPaths.get(dependent);
      if (doc) schedule(doc);
    }
  }

  documents.onDidOpen(({ document }) => {
    openPaths.set(uriToPath(document.uri), document);
    lintNow(document);
  });

  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    openPaths.set(path, document);
    // Opening fires this too, right after onDidOpen linted the same version.
    if (state.get(document.uri)?.version === document.version) return;
    if (service.isConfigFile(path)) {
      service.reloadConfigs();
      publishConfigProblems(path);
      for (const doc of documents.all()) if (doc.uri !== document.uri) schedule(doc);
      return;
    }
    if (service.settingsFor(path).run === 'onType') schedule(document);
    relintDependents(path);
  });

  documents.onDidSave(({ document }) => {
    if (service.settingsFor(uriToPath(document.uri)).run === 'onSave') lintNow(document);
  });

  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    openPaths.delete(path);
    clearTimeout(state.get(document.uri)?.timer);
    state.delete(document.uri);
    service.forget(path);
    if (!service.isConfigFile(path)) publish(document.uri, []);
    // Dependents read the file from disk again, not the closed buffer.
    relintDependents(path);
  });

  connection.onNotification(RELINT_NOTIFICATION, ({ uri }: { uri: string }) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const entry = state.get(uri);
    // Still current, or waiting for a save: only the client's copy was hidden, so publish it again without linting.
    const waitsForSave = service.settingsFor(uriToPath(uri)).run === 'onSave';
    if (entry && (entry.version === doc.version || waitsForSave)) publish(uri, entry.findings.map(toDiagnostic), entry.version);
    else lintNow(doc);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const path = uriToPath(change.uri);
      if (service.isConfigFile(path)) {
        relintAll();
        if (change.type === FileChangeType.Deleted) publish(change.uri, []);
        else publishConfigProblems(path);
        continue;
      }
      if (change.type === FileChangeType.Deleted && !openPaths.has(path)) publish(change.uri, []);
      if (!openPaths.has(path)) relintDependents(path);
    }
  });

  connection.onHover(({ textDocument, position }) => {
    const entry = state.get(textDocument.uri);
    const doc = documents.get(textDocument.uri);
    if (!entry || !doc) return null;
    const offset = doc.offsetAt(position);
    const hits = entry.findings.filter((f) => f.offsets.start <= offset && offset <= Math.max(f.offsets.end, f.offsets.start + 1));
    if (hits.length === 0) return null;
    return {
      contents: { kind: 'markdown', value: [...new Set(hits.map((f) => f.ruleId))].map((id) => hoverMarkdown(id)).join('\n\n---\n\n') },
      range: hits[0]!.range,
    };
  });

  connection.onCodeAction(({ textDocument, context }) => {
    const doc = documents.get(textDocument.uri);
    const entry = state.get(textDocument.uri);
    if (!doc || !entry || entry.version !== doc.version) return [];
    const only = context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];

    if (only?.some((o) => FIX_ALL_KIND.startsWith(o))) {
      const edits = fixAllEdits(entry.findings);
      if (edits.length > 0) {
        actions.push({ title: 'Fix all API Patterns problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: edits.map((e) => toLspEdit(doc, e)) } } });
      }
      if (only.every((o) => FIX_ALL_KIND.startsWith(o))) return actions;
    }

    const diagnostics = context.diagnostics.filter((d) => d.source === SOURCE && d.data);
    for (const diagnostic of diagnostics) {
      const data = diagnostic.data as DiagnosticData;
      const finding = entry.findings.find((f) => f.ruleId === data.ruleId && f.offsets.start === data.start && f.offsets.end === data.end);
      if (!finding) continue;
      if (finding.fix && wants(CodeActionKind.QuickFix)) {
        const edits = finding.fix.edits();
        if (edits.length > 0) {
          actions.push({
            title: finding.fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: { changes: { [doc.uri]: edits.map((e) => toLspEdit(doc, e)) } },
          });
        }
      }
      if (wants(CodeActionKind.QuickFix) && doc.languageId !== 'json' && doc.languageId !== 'jsonc' && !doc.uri.endsWith('.json')) {
        actions.push({
          title: `Disable ${finding.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [doc.uri]: [suppressionEdit(doc, finding)] } },
        });
      }
      if (wants(CodeActionKind.QuickFix)) {
        actions.push({
          title: `Show documentation for ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${finding.ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [finding.ruleId] },
        });
      }
    }
    return actions;
  });

  // The client shows a cancellable notification and cancels the request; progress comes as notifications.
  connection.onRequest(LINT_WORKSPACE_REQUEST, async (_params: unknown, token) => {
    const folders = ((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => uriToPath(f.uri));
    const files: string[] = [];
    for (const folder of folders) files.push(...(await findSpecFiles(folder, service.configFor(folder))));
    let specs = 0;
    let findings = 0;
    let cancelled = false;
    for (let i = 0; i < files.length; i++) {
      if (token.isCancellationRequested) {
        cancelled = true;
        break;
      }
      const path = files[i]!;
      const open = openPaths.get(path);
      const text = service.readText(path);
      if (text !== undefined && !service.isConfigFile(path)) {
        const outcome = service.lint(path, text);
        if (outcome.isSpec) specs++;
        findings += outcome.findings.length;
        const entry = open && state.get(open.uri);
        if (open && entry) Object.assign(entry, { version: open.version, findings: outcome.findings });
        if (outcome.isSpec || open) publish(pathToUri(path), outcome.findings.map(toDiagnostic), open?.version);
      }
      void connection.sendNotification(LINT_PROGRESS_NOTIFICATION, { done: i + 1, total: files.length, file: path.slice(path.lastIndexOf('/') + 1) });
      // Let the cancellation and other messages through between files.
      await new Promise((r) => setImmediate(r));
    }
    return { files: files.length, specs, findings, cancelled };
  });

  documents.listen(connection);
  connection.listen();
}

function toLspEdit(doc: TextDocument, e: TextEdit): LspTextEdit {
  return { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText };
}

/** Every fix once; an edit that overlaps one already taken waits for the next run. */
export function fixAllEdits(findings: Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (!f.fix) continue;
    const edits = f.fix.edits();
    const key = JSON.stringify(edits);
    if (seen.has(key)) continue; // several findings share one fix (a shared component)
    seen.add(key);
    // Two insertions at one place would both add e.g. `parameters:`; the second waits.
    const overlaps = edits.some((e) => taken.some((t) => (e.start < t.end && t.start < e.end) || e.start === t.start));
    if (!overlaps) taken.push(...edits);
  }
  return taken;
}

/** `# api-patterns-disable-next-line <id>` above the finding's line, at its indentation. */
function suppressionEdit(doc: TextDocument, finding: Finding): LspTextEdit {
  const line = finding.range.start.line;
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# api-patterns-disable-next-line ${finding.ruleId}${eol}` };
}

if (require.main === module) startServer(createConnection(ProposedFeatures.all));
