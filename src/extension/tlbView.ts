/**
 * TLB view: the hart's software TLB at the current stop (tlbModel.ts rows of `glasskernel/tlb`):
 * satp and whose address space it is, the flushes and misses since the last stop, and the
 * cached translations `va 0x… → pa 0x…`. Read-only; empty without a stopped session.
 */
import * as vscode from 'vscode';
import { RowsProvider, type KernelViewsData } from './kernelViews';
import { tlbRows } from './tlbModel';

/** The view id (package.json `contributes.views.debug`). */
export const TLB_VIEW_ID = 'glasskernel.tlb';

/** Creates the TLB view's provider and tree view. */
export function createTlbView(data: KernelViewsData): { provider: RowsProvider; view: vscode.TreeView<unknown> } {
  const provider = new RowsProvider(data, () => tlbRows(data.tlb));
  const view = vscode.window.createTreeView(TLB_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return { provider, view: view as vscode.TreeView<unknown> };
}
