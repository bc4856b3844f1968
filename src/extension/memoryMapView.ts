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

/** Bytes per page (Sv39 base pages). */
const PAGE_BYTES = 4096;

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

  /**
   * The row of `pid`'s resident page holding virtual address `va` ("0x..."), its VMA's pages read
   * now; undefined when `pid` is not the selected process or no resident page holds `va`.
   */
  async pageRow(pid: number, va: string): Promise<ViewRow | undefined> {
    if (this.model.state.selectedPid !== pid || !/^0x[0-9a-f]+$/i.test(va)) return undefined;
    const at = BigInt(va);
    const vma = this.roots.find((r) => r.ref.kind === 'vma' && BigInt(r.ref.start) <= at && at < BigInt(r.ref.end));
    if (!vma) return undefined;
    const page = at & ~(BigInt(PAGE_BYTES) - 1n);
    return (await this.children(vma)).find((r) => r.ref.kind === 'page' && BigInt(r.ref.va) === page);
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
