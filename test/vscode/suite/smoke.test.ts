import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

/* Proves the tests run in a real VS Code extension host with the extension under test loaded. */

const EXTENSION_ID = 'api-patterns.api-patterns';

describe('VS Code extension host', () => {
  it('is a real VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('opens and shows a file from the test workspace', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'petstore.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.equal(doc.lineAt(0).text, 'openapi: 3.1.0');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('has the extension under test, from where the runner put it', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is known`);
    // The runners say where: the repository in development mode, the extensions folder for an installed VSIX.
    const expected = process.env.API_PATTERNS_EXTENSION_ROOT;
    assert.ok(expected, 'API_PATTERNS_EXTENSION_ROOT is set by the runner');
    const relative = path.relative(expected, extension.extensionPath);
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `${extension.extensionPath} is inside ${expected}`);
  });
});
