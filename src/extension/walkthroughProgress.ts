/**
 * Completes the first-steps walkthrough's steps as the user does them (walkthroughSteps.ts has
 * the rules): each Glasskernel session's `stopped` events (sessionStops.ts), and the Page Table
 * view reports its first expansion. Sets VS Code context keys, which `onContext` completion
 * events wait for.
 */
import * as vscode from 'vscode';
import type { SessionStop } from './sessionStops';
import { WALKTHROUGH_KEYS, stepsDoneByStop, type WalkthroughKey } from './walkthroughSteps';

/** Marks a walkthrough step done (once per window; VS Code remembers completed steps). */
function complete(key: WalkthroughKey): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

/** Follows sessions' stops (`onDidStop`) and `pageTableView`'s expansions; dispose to stop. */
export function trackWalkthrough(pageTableView: vscode.TreeView<unknown>, onDidStop: vscode.Event<SessionStop>): vscode.Disposable {
  return vscode.Disposable.from(
    onDidStop(({ session, body }) => {
      for (const key of stepsDoneByStop(session.configuration.program, body)) complete(key);
    }),
    pageTableView.onDidExpandElement(() => complete(WALKTHROUGH_KEYS.readPageTable)),
  );
}
