/**
 * Memory Map view: the VMAs of the process selected in the Processes view, one row per area
 * as in /proc/<pid>/maps (proc(5)): `start-end perms name`, with resident pages as description.
 */
import * as vscode from 'vscode';
import type { VmaInfo } from '../debug-adapter/protocol';
import type { OsModel } from './osModel';

/** Bytes in one Sv39 base page (RISC-V privileged spec: 4 KiB pages). */
const PAGE_SIZE_BYTES = 4096;
const BYTES_PER_KIB = 1024;

/** Size of [start, end) in KiB; NaN when either bound is not a hex string. */
export function vmaSizeKiB(vma: VmaInfo): number {
  return (Number.parseInt(vma.end, 16) - Number.parseInt(vma.start, 16)) / BYTES_PER_KIB;
}

/** The row text the view shows for one VMA: `start-end perms name` (name omitted when empty). */
export function vmaLabel(vma: VmaInfo): string {
  return `${vma.start}-${vma.end} ${vma.perms}${vma.name ? ` ${vma.name}` : ''}`;
}

/** Icon per VMA kind; anything unknown gets a generic memory icon. */
function vmaIcon(kind: string): vscode.ThemeIcon {
  switch (kind) {
    case 'file':
      return new vscode.ThemeIcon('file-binary');
    case 'heap':
      return new vscode.ThemeIcon('layers');
    case 'stack':
      return new vscode.ThemeIcon('debug-stackframe');
    default:
      return new vscode.ThemeIcon('symbol-array');
  }
}

/** Tree data for the Memory Map view (a flat list). */
export class MemoryMapProvider implements vscode.TreeDataProvider<VmaInfo>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VmaInfo | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  /** The VMAs the view shows now (the selected process's, sorted by start). */
  entries(): VmaInfo[] {
    return this.model.state.vmas;
  }

  getChildren(vma?: VmaInfo): VmaInfo[] {
    return vma ? [] : this.entries();
  }

  getTreeItem(vma: VmaInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(vmaLabel(vma), vscode.TreeItemCollapsibleState.None);
    const pages = vma.residentPages;
    item.description = `${pages} page${pages === 1 ? '' : 's'} resident`;
    const sizeKiB = vmaSizeKiB(vma);
    const residentKiB = (pages * PAGE_SIZE_BYTES) / BYTES_PER_KIB;
    item.tooltip = `${vma.kind} area, ${sizeKiB} KiB virtual, ${residentKiB} KiB resident (pid ${this.model.state.selectedPid})`;
    item.iconPath = vmaIcon(vma.kind);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
