/**
 * Page Table view: the selected process's Sv39 page table (RISC-V privileged spec, "Sv39:
 * Page-Based 39-bit Virtual-Memory System"). The root (level 2) entries come with every refresh;
 * expanding a non-leaf entry reads the next table page (level 1, then 0) through
 * `glasskernel/pageTable` with that entry's ppn, one page at a time.
 */
import * as vscode from 'vscode';
import type { PageTableEntryInfo } from '../debug-adapter/protocol';
import type { OsModel } from './osModel';

/** A row of the view: a valid PTE, or a note when a table page could not be read. */
export type PageTableNode =
  | { kind: 'entry'; entry: PageTableEntryInfo; /** level of the table page holding it */ level: number }
  | { kind: 'note'; text: string };

/** What a leaf maps at each level: 4 KiB page (0), 2 MiB megapage (1), 1 GiB gigapage (2). */
const LEAF_NAMES = ['page', 'megapage', 'gigapage'];

/** The row text for one PTE: `[index] vaStart-vaEnd`. */
export function pteLabel(entry: PageTableEntryInfo): string {
  return `[${entry.index}] ${entry.vaStart}-${entry.vaEnd}`;
}

/** Wraps the entries of one table page at `level` as view nodes. */
function entryNodes(entries: readonly PageTableEntryInfo[], level: number): PageTableNode[] {
  return entries.map((entry) => ({ kind: 'entry', entry, level }));
}

/** Tree data for the Page Table view; children of non-leaf entries are fetched on expansion. */
export class PageTableProvider implements vscode.TreeDataProvider<PageTableNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PageTableNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  /** Valid entries of the selected process's root table page (level 2), as the view shows them. */
  roots(): PageTableEntryInfo[] {
    return this.model.state.pageTableRoot?.entries ?? [];
  }

  /**
   * Reads the table page a non-leaf entry points to. Returns [] for a leaf; a single note node
   * when the adapter cannot read it.
   */
  async children(node: PageTableNode): Promise<PageTableNode[]> {
    if (node.kind !== 'entry' || node.entry.leaf) return [];
    const table = await this.model.pageTable(node.entry.ppn);
    if (!table) return [{ kind: 'note', text: `table page ${node.entry.ppn} could not be read` }];
    return entryNodes(table.entries, table.level);
  }

  getChildren(node?: PageTableNode): PageTableNode[] | Promise<PageTableNode[]> {
    if (node) return this.children(node);
    const root = this.model.state.pageTableRoot;
    return root ? entryNodes(root.entries, root.level) : [];
  }

  getTreeItem(node: PageTableNode): vscode.TreeItem {
    if (node.kind === 'note') {
      const note = new vscode.TreeItem(node.text);
      note.iconPath = new vscode.ThemeIcon('warning');
      return note;
    }
    const { entry, level } = node;
    const collapse = entry.leaf ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(pteLabel(entry), collapse);
    const target = entry.leaf ? `${LEAF_NAMES[level] ?? 'page'} ${entry.pa ?? `ppn ${entry.ppn}`}` : `table ppn ${entry.ppn}`;
    item.description = `${entry.flags} → ${target}`;
    item.tooltip = `level ${level} PTE ${entry.index}: ${entry.flags}\n${entry.leaf ? 'leaf' : 'points to next-level table'} ppn ${entry.ppn}`;
    item.iconPath = new vscode.ThemeIcon(entry.leaf ? 'symbol-constant' : 'list-tree');
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
