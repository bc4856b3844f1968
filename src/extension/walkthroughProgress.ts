/**
 * Completes the first-steps walkthrough's steps as the user does them (walkthroughSteps.ts has
 * the rules): a tracker sees each Glasskernel session's `stopped` events, and the Page Table
 * view reports its first expansion. Sets VS Code context keys, which `onContext` completion
 * events wait for.
 */
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './osModel';
import { WALKTHROUGH_KEYS, stepsDoneByStop, type StopSeen, type WalkthroughKey } from './walkthroughSteps';

/** Marks a walkthrough step done (once per window; VS Code remembers completed steps). */
function complete(key: WalkthroughKey): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

/** Follows sessions' stops and `pageTableView`'s expansions; dispose to stop. */
export function trackWalkthrough(pageTableView: vscode.TreeView<unknown>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: StopSeen }) => {
          if (m.type !== 'event' || m.event !== 'stopped') return;
          for (const key of stepsDoneByStop(session.configuration.program, m.body ?? {})) complete(key);
        },
      }),
    }),
    pageTableView.onDidExpandElement(() => complete(WALKTHROUGH_KEYS.readPageTable)),
  );
}
