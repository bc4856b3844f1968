/**
 * Scheduler view: the policy, every live thread (state, CPU time in instructions, slice left,
 * stride numbers) with the one on the hart marked, and the run queue in pick order
 * (schedulerModel.ts rows of `glasskernel/scheduler`). Read-only; empty without a stopped session.
 */
import * as vscode from 'vscode';
import { RowsProvider, type KernelViewsData } from './kernelViews';
import { schedulerRows } from './schedulerModel';

/** The view id (package.json `contributes.views.debug`). */
export const SCHEDULER_VIEW_ID = 'glasskernel.scheduler';

/** Creates the Scheduler view's provider and tree view. */
export function createSchedulerView(data: KernelViewsData): { provider: RowsProvider; view: vscode.TreeView<unknown> } {
  const provider = new RowsProvider(data, () => schedulerRows(data.scheduler));
  const view = vscode.window.createTreeView(SCHEDULER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return { provider, view: view as vscode.TreeView<unknown> };
}
