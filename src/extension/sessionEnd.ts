/**
 * Tells the user how the program ended when a Glasskernel session's run is over (issue 12): a
 * notification with the adapter's one-line summary ("forktree exited with status 0") and a
 * button that shows the statistics, which also go to the Glasskernel output channel.
 */
import * as vscode from 'vscode';
import { SESSION_ENDED_EVENT, type SessionEndedEventBody } from '../debug-adapter/session-end';
import { DEBUG_TYPE } from './osModel';

/** The notification's button that reveals the statistics. */
const SHOW_STATISTICS = 'Show Statistics';

/** Listens for `glasskernel/sessionEnded`; dispose to stop. */
export function reportSessionEnds(log: vscode.OutputChannel): vscode.Disposable {
  return vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.session.type !== DEBUG_TYPE || e.event !== SESSION_ENDED_EVENT) return;
    const end = e.body as SessionEndedEventBody;
    log.appendLine(`${end.summary}\n${end.stats}`);
    const show = end.signal ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Glasskernel: ${end.summary}`, SHOW_STATISTICS).then((picked) => { if (picked === SHOW_STATISTICS) log.show(true); });
  });
}
