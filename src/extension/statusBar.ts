/**
 * The status bar item of a running Glasskernel guest (issue 12): instructions retired and guest
 * MIPS from `glasskernel/progress`; clicking it while the guest runs pauses the session (the
 * built-in Pause command). Hidden when no Glasskernel session is active.
 */
import * as vscode from 'vscode';
import { PROGRESS_EVENT, type ProgressEventBody } from '../debug-adapter/progress';
import { DEBUG_TYPE } from './osModel';
import { progressText } from './progressText';

/** VS Code's Pause command (the debug toolbar's pause button). */
const PAUSE_COMMAND = 'workbench.action.debug.pause';

/** Creates the item and follows sessions; dispose to remove it. `onShown` sees every text shown (for tests). */
export function guestStatusBar(onShown?: (text: string) => void): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('glasskernel.progress', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Glasskernel guest';
  const show = (body: ProgressEventBody): void => {
    const t = progressText(body);
    item.text = t.text;
    item.tooltip = t.tooltip;
    item.command = body.running ? PAUSE_COMMAND : undefined;
    item.show();
    onShown?.(t.text);
  };
  return vscode.Disposable.from(
    item,
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type === DEBUG_TYPE && e.event === PROGRESS_EVENT) show(e.body as ProgressEventBody);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type === DEBUG_TYPE) item.hide();
    }),
  );
}
