/**
 * Memory Map view: the VMAs of the process selected in the Processes view, one row per area
 * as in /proc/<pid>/maps (proc(5)) with what it holds, each expanding into its resident pages
 * (`glasskernel/vmaPages`, read on expansion); a legend row explains the PTE flag letters.
 * memoryMapModel.ts builds the rows.
 */
import * as vscode from 'vscode';
import type { VmaInfo } from '../debug-adapter/protocol';
import { pageRows, vmaRows } from './memoryMapModel';
import type { OsModel } from './osModel';
import type { ViewRow } from './rowModel';
import { treeItemOf } from './rowItems';

export { vmaLabel, vmaSizeKiB } from './memoryMapModel';

/** Tree data for the Memory Map view. */
export class MemoryMapProvider implements vscode.TreeDataProvider<ViewRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private roots: ViewRow[] = [];
  private readonly parents = new Map<string, ViewRow>();

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => {
      const s = model.state;
      this.roots = s.selectedPid === undefined ? [] : vmaRows(s.selectedPid, s.vmas, s.stop, model.changes);
      this.parents.clear();
      this.changed.fire(undefined);
    });
  }

  /** The VMAs the view shows now (the selected process's, sorted by start). */
  entries(): VmaInfo[] {
    return this.model.state.vmas;
  }

  /** The top-level rows: the flag legend, then one per VMA. */
  rows(): ViewRow[] {
    return this.roots;
  }

  /**
   * A row's children: a VMA's resident pages (read now; a note row when they cannot be read),
   * the legend's letters, none for the rest.
   */
  async children(row: ViewRow): Promise<ViewRow[]> {
    let out: ViewRow[] = row.children ?? [];
    if (row.ref.kind === 'vma') {
      const { pid, start, end } = row.ref;
      const body = await this.model.vmaPages(pid, start, end);
      out = body
        ? pageRows(pid, start, body, this.model.state.stop, this.model.changes)
        : [{ id: `note:${row.id}`, label: 'the pages could not be read', icon: 'warning', collapsible: 'none', ref: { kind: 'note' } }];
    }
    for (const c of out) this.parents.set(c.id, row);
    return out;
  }

  getChildren(row?: ViewRow): ViewRow[] | Promise<ViewRow[]> {
    return row ? this.children(row) : this.roots;
  }

  getParent(row: ViewRow): ViewRow | undefined {
    return this.parents.get(row.id);
  }

  getTreeItem(row: ViewRow): vscode.TreeItem {
    return treeItemOf(row);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
