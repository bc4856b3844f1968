/**
 * "Glasskernel: Open Examples" (glasskernel.openExamples), the VS Code side: asks for a folder,
 * copies the examples the extension ships into it (examplesCopy.ts decides what and where), and
 * opens the copy — in this window when none is open, else in a new one. Someone who installed
 * the .vsix gets the sources and their prebuilt programs without the repository.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIRST_EXAMPLE, chooseDestination, copyExamples } from './examplesCopy';
import { OPEN_EXAMPLES_COMMAND } from './launchConfigs';
import { WALKTHROUGH_KEYS } from './walkthroughSteps';

/** This extension's id (package.json publisher.name). */
const EXTENSION_ID = 'glasskernel.glasskernel';

/** The installed extension's examples folder (dist/extension.js lives in <extension>/dist). */
function bundledExamples(): string {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri.fsPath ?? path.resolve(__dirname, '..');
  return path.join(root, 'examples');
}

/**
 * globalState key: the folder Open Examples has just copied into. Opening a folder reloads the
 * window (or opens another), so the window that opens it greets the user (greetCopiedExamples).
 */
const JUST_COPIED = 'glasskernel.examplesJustCopied';

/** What the greeting says, in the window that opened a fresh copy. */
export const COPIED_GREETING = `Glasskernel: these are the examples. In ${FIRST_EXAMPLE.split(path.sep).join('/')}, click in the gutter of the line marked "child-only line" and press F5.`;

/**
 * Runs the command: resolves once the copy is made and the folder is being opened (or the user
 * cancelled). `state` (the extension's globalState) remembers the copy for the greeting.
 */
export async function openExamples(state: vscode.Memento): Promise<void> {
  const home = vscode.Uri.file(os.homedir());
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: home,
    openLabel: 'Copy Examples Here',
    title: 'Glasskernel: folder to copy the examples into',
  });
  const folder = picked?.[0];
  if (!folder) return;
  if (folder.scheme !== 'file') {
    void vscode.window.showErrorMessage('Glasskernel: choose a folder on this machine\'s disk for the examples.');
    return;
  }
  const destination = chooseDestination(folder.fsPath);
  let parts: string[];
  try {
    parts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Glasskernel: copying the examples' }, () =>
      copyExamples(bundledExamples(), destination),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Glasskernel: could not copy the examples to ${destination}: ${(e as Error).message}`);
    return;
  }
  if (parts.length === 0) {
    void vscode.window.showErrorMessage(`Glasskernel: this installation has no examples to copy (looked in ${bundledExamples()}).`);
    return;
  }
  const target = vscode.Uri.file(destination);
  const open = vscode.workspace.workspaceFolders?.length ? 'new window' : 'this window';
  await state.update(JUST_COPIED, destination);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: open === 'new window' });
}

/**
 * In a window whose workspace is the copy Open Examples just made: opens the first example and
 * says what to do with it, once (the key is cleared). Does nothing in any other window.
 */
export async function greetCopiedExamples(state: vscode.Memento): Promise<void> {
  const copied = state.get<string>(JUST_COPIED);
  if (typeof copied !== 'string') return;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file' && path.resolve(f.uri.fsPath) === path.resolve(copied));
  if (!folder) return;
  await state.update(JUST_COPIED, undefined);
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_KEYS.examplesOpened, true);
  try {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...FIRST_EXAMPLE.split(path.sep)), { preview: false });
  } catch {
    // The copy lacks it (an installation without sources): the message still says where to start.
  }
  void vscode.window.showInformationMessage(COPIED_GREETING);
}

/** Registers glasskernel.openExamples; `state` is the extension's globalState. */
export function registerOpenExamples(state: vscode.Memento): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_EXAMPLES_COMMAND, () => openExamples(state));
}
