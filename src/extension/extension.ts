import type * as vscode from 'vscode';

/**
 * The client side of the extension. The engine will run in a language server
 * (src/server) so that linting never blocks the extension host; until that server
 * exists the extension contributes nothing and does no work on activation.
 */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
