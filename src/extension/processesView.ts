/**
 * Processes view: the guest's processes as a tree by parent/child (like `pstree`), each with its
 * threads, its state in words, resident set and page faults (processesModel.ts builds the rows).
 * Selecting a process makes it the one the Memory Map and Page Table views show; it does not
 * rebuild this view, and rows keep stable ids, so expanded or collapsed subtrees stay so.
 */
import * as vscode from 'vscode';
import type { OsModel } from './osModel';
import { buildProcessTree, type ProcessNode } from './processTree';
import { processRows } from './processesModel';
import type { ViewRow } from './rowModel';
import { treeItemOf } from './rowItems';

export type { ProcessNode } from './processTree';

/** Tree data for the Processes view; rows are rebuilt only when the process list changed. */
export class ProcessesProvider implements vscode.TreeDataProvider<ViewRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ViewRow[] = [];
  private forest: ProcessNode[] = [];
  private readonly parents = new Map<string, ViewRow>();
  /** The process list the rows were built from (a selection change leaves it alone). */
  private builtFrom: unknown;
  private builtKey = '';
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => this.rebuild());
  }

  /** The process forest the view shows now (processTree.ts nodes). */
  tree(): ProcessNode[] {
    return this.forest;
  }

  /** The rows the view shows now, children nested. */
  rows(): ViewRow[] {
    return this.roots;
  }

  getChildren(row?: ViewRow): ViewRow[] {
    return row ? row.children ?? [] : this.roots;
  }

  getParent(row: ViewRow): ViewRow | undefined {
    return this.parents.get(row.id);
  }

  getTreeItem(row: ViewRow): vscode.TreeItem {
    return treeItemOf(row);
  }

  /** The row of process `pid`, if listed. */
  processRow(pid: number): ViewRow | undefined {
    const find = (rows: readonly ViewRow[]): ViewRow | undefined => {
      for (const r of rows) {
        if (r.ref.kind === 'process' && r.ref.pid === pid) return r;
        const below = find(r.children ?? []);
        if (below) return below;
      }
      return undefined;
    };
    return find(this.roots);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    const state = this.model.state;
    if (state.processes === this.builtFrom) return; // a selection change: same list, same rows
    this.builtFrom = state.processes;
    const roots = processRows(state.processes, state.stop, this.model.changes);
    const key = JSON.stringify(roots);
    this.forest = buildProcessTree(state.processes);
    if (key === this.builtKey) return;
    this.builtKey = key;
    this.roots = roots;
    this.parents.clear();
    const link = (rows: readonly ViewRow[], parent?: ViewRow): void => {
      for (const r of rows) {
        if (parent) this.parents.set(r.id, parent);
        link(r.children ?? [], r);
      }
    };
    link(roots);
    this.changed.fire(undefined);
  }
}
