/**
 * VS Code starts the views an extension adds to the Run and Debug sidebar collapsed. At the first
 * stop of each Glasskernel session the Processes view is opened once (revealing its first row,
 * without taking the focus or the selection), so the process tree is in sight without a click;
 * what the user collapses afterwards stays collapsed.
 */
import * as vscode from 'vscode';
import type { SessionStop } from './sessionStops';
import type { ViewRow } from './rowModel';

/** Opens `view` at the first stop of each session (`onDidStop`), once `rows()` has rows (after `changed` fires). */
export function revealProcessesAtFirstStop(
  view: vscode.TreeView<ViewRow>, rows: () => ViewRow[], changed: vscode.Event<void>, onDidStop: vscode.Event<SessionStop>,
): vscode.Disposable {
  const seen = new Set<string>();
  let waiting = false;
  const reveal = (): void => {
    const first = rows()[0];
    if (!waiting || !first) return;
    waiting = false;
    void Promise.resolve(view.reveal(first, { select: false, focus: false, expand: true })).catch(() => undefined);
  };
  return vscode.Disposable.from(
    onDidStop(({ session }) => {
      if (seen.has(session.id)) return;
      seen.add(session.id);
      waiting = true;
    }),
    changed(reveal),
  );
}
