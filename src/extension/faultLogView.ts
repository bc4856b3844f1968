/**
 * Fault Log view: the session's page faults (and syscalls while the System call filter is on),
 * newest first, one row each (`pid 3 store 0x14000 [heap] cow-copy`, the user source line as
 * description; a click opens that line), new ones since the last stop marked (faultLogModel.ts).
 * Its title bar filters by process and by decision through a QuickPick.
 */
import * as vscode from 'vscode';
import type { FaultLogDecision } from '../debug-adapter/protocol';
import { DECISION_LABELS } from './faultLogModel';
import { RowsProvider, type KernelViewsData } from './kernelViews';

/** The view id (package.json `contributes.views.debug`). */
export const FAULT_LOG_VIEW_ID = 'glasskernel.faultLog';

/** The view's title-bar commands (package.json `contributes.commands` and `menus.view/title`). */
export const FAULT_LOG_COMMANDS = {
  filterByProcess: 'glasskernel.faultLog.filterByProcess',
  filterByDecision: 'glasskernel.faultLog.filterByDecision',
  clearFilter: 'glasskernel.faultLog.clearFilter',
} as const;

/** A QuickPick item carrying its filter value (undefined: all). */
interface Pick<T> extends vscode.QuickPickItem {
  value: T | undefined;
}

/** "the current filter" for the choice in force, else ''. */
function current(inForce: boolean): string {
  return inForce ? 'the current filter' : '';
}

/** A choice's description: its entry count, and whether it is the filter in force. */
function entries(n: number, inForce: boolean): string {
  return [`${n} ${n === 1 ? 'entry' : 'entries'}`, current(inForce)].filter((s) => s !== '').join(' · ');
}

/** Creates the Fault Log view, its provider and its filter commands. */
export function createFaultLogView(data: KernelViewsData): vscode.Disposable & { provider: RowsProvider } {
  const log = data.faultLog;
  const provider = new RowsProvider(data, () => log.rows());
  const view = vscode.window.createTreeView(FAULT_LOG_VIEW_ID, { treeDataProvider: provider });
  const describe = (): void => {
    view.description = log.size > 0 ? log.summary() : undefined;
    view.message = log.size > 0 && !log.syscalls ? 'Syscalls are listed while the System call exception filter is enabled.' : undefined;
  };
  const setFilter = (change: Partial<typeof log.filter>): void => {
    log.filter = { ...log.filter, ...change };
    data.filterChanged();
  };
  const pickProcess = async (): Promise<void> => {
    const items: Pick<number>[] = [
      { label: 'All processes', description: current(log.filter.pid === undefined), value: undefined },
      ...log.processChoices().map((c) => ({ label: `pid ${c.value}`, description: entries(c.count, c.value === log.filter.pid), value: c.value })),
    ];
    const chosen = await vscode.window.showQuickPick(items, { title: 'Fault Log: show the entries of', placeHolder: 'a process' });
    if (chosen) setFilter({ pid: chosen.value });
  };
  const pickDecision = async (): Promise<void> => {
    const items: Pick<FaultLogDecision>[] = [
      { label: 'All decisions', description: current(log.filter.decision === undefined), value: undefined },
      ...log.decisionChoices().map((c) => ({ label: DECISION_LABELS[c.value], description: entries(c.count, c.value === log.filter.decision), value: c.value })),
    ];
    const chosen = await vscode.window.showQuickPick(items, { title: 'Fault Log: show the entries whose decision is', placeHolder: 'a decision' });
    if (chosen) setFilter({ decision: chosen.value });
  };
  const parts: vscode.Disposable[] = [
    provider, view,
    data.onDidChange(describe),
    vscode.commands.registerCommand(FAULT_LOG_COMMANDS.filterByProcess, pickProcess),
    vscode.commands.registerCommand(FAULT_LOG_COMMANDS.filterByDecision, pickDecision),
    vscode.commands.registerCommand(FAULT_LOG_COMMANDS.clearFilter, () => setFilter({ pid: undefined, decision: undefined })),
  ];
  return { provider, dispose: () => { for (const p of parts) p.dispose(); } };
}
