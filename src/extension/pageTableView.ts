/**
 * Page Table view: the selected process's Sv39 page table (RISC-V privileged spec, "Sv39:
 * Page-Based 39-bit Virtual-Memory System"). The root (level 2) entries come with every refresh;
 * expanding a pointer entry reads the next table page (level 1, then 0) through
 * `glasskernel/pageTable`, one page at a time. A walk (Glasskernel: Walk Virtual Address…)
 * marks the entries it read and reveals the last one. pageTableModel.ts builds the rows.
 */
import * as vscode from 'vscode';
import type { PageTableEntryInfo, PageWalkResponseBody } from '../debug-adapter/protocol';
import type { OsModel } from './osModel';
import { pteRows, walkPathIds } from './pageTableModel';
import type { ViewRow } from './rowModel';
import { treeItemOf } from './rowItems';

/** Tree data for the Page Table view; children of pointer entries are fetched on expansion. */
export class PageTableProvider implements vscode.TreeDataProvider<ViewRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private top: ViewRow[] = [];
  /** Rows of the table pages read at this snapshot, by the pointer row's id (so reveal finds the same rows). */
  private readonly childRows = new Map<string, ViewRow[]>();
  private readonly parents = new Map<string, ViewRow>();
  /** Ids of the rows the last walk passed through (they say "◀ walk"). */
  private walkIds: ReadonlySet<string> = new Set();

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => {
      this.walkIds = new Set();
      this.rebuild();
    });
  }

  /** Valid entries of the selected process's root table page (level 2), as the view shows them. */
  roots(): PageTableEntryInfo[] {
    return this.model.state.pageTableRoot?.entries ?? [];
  }

  /** The top-level rows: the flag legend, then the root table's entries. */
  rows(): ViewRow[] {
    return this.top;
  }

  /**
   * The rows under `row`: the next table page's entries for a pointer entry (read now, once
   * per snapshot; a note row when it cannot be read), the legend's letters, none for the rest.
   */
  async children(row: ViewRow): Promise<ViewRow[]> {
    if (row.ref.kind !== 'pte' || row.ref.leaf || row.ref.next === undefined) return row.children ?? [];
    const cached = this.childRows.get(row.id);
    if (cached) return cached;
    const table = await this.model.pageTable(row.ref.next);
    const rows = table
      ? pteRows(table, this.model.state.stop, { changes: this.model.changes, walk: this.walkIds })
      : [{ id: `note:${row.id}`, label: `the table at ${row.description ?? row.ref.next} could not be read`, icon: 'warning', collapsible: 'none' as const, ref: { kind: 'note' as const } }];
    this.childRows.set(row.id, rows);
    for (const c of rows) this.parents.set(c.id, row);
    return rows;
  }

  /** Entries of the table page a pointer entry points to, as expanding it shows them. */
  async entryChildren(entry: PageTableEntryInfo): Promise<PageTableEntryInfo[]> {
    if (entry.leaf) return [];
    const table = await this.model.pageTable(entry.ppn);
    return table?.entries ?? [];
  }

  getChildren(row?: ViewRow): ViewRow[] | Promise<ViewRow[]> {
    return row ? this.children(row) : this.top;
  }

  getParent(row: ViewRow): ViewRow | undefined {
    return this.parents.get(row.id);
  }

  getTreeItem(row: ViewRow): vscode.TreeItem {
    return treeItemOf(row);
  }

  /**
   * Marks the entries `walk` read ("◀ walk") and returns the row of the last one the tree has
   * (reading the table pages on the way), for TreeView.reveal. Undefined when the walk is of
   * another process than the one shown, or read nothing.
   */
  async showWalk(walk: PageWalkResponseBody): Promise<ViewRow | undefined> {
    if (walk.pid !== this.model.state.selectedPid) return undefined;
    const ids = walkPathIds(walk);
    this.walkIds = new Set(ids);
    this.rebuild();
    let rows = this.top;
    let last: ViewRow | undefined;
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row) break;
      last = row;
      rows = await this.children(row);
    }
    return last;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    const root = this.model.state.pageTableRoot;
    this.top = root ? pteRows(root, this.model.state.stop, { changes: this.model.changes, walk: this.walkIds, withLegend: true }) : [];
    this.childRows.clear();
    this.parents.clear();
    this.changed.fire(undefined);
  }
}
