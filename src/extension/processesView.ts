/**
 * Processes view: the guest's processes as a tree by parent/child (like `pstree`), with the
 * scheduler state as an icon. Selecting a process makes it the one the Memory Map and Page Table
 * views show.
 */
import * as vscode from 'vscode';
import type { ProcessState } from '../debug-adapter/protocol';
import type { OsModel } from './osModel';
import { buildProcessTree, findNode, type ProcessNode } from './processTree';

export type { ProcessNode } from './processTree';

/** Codicon and colour per scheduler state (https://code.visualstudio.com/api/references/icons-in-labels). */
const STATE_ICONS: Record<ProcessState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('debugIcon.startForeground')),
  runnable: new vscode.ThemeIcon('circle-large-outline'),
  sleeping: new vscode.ThemeIcon('watch'),
  zombie: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

/** Tree data for the Processes view; its roots are rebuilt from the model on every change. */
export class ProcessesProvider implements vscode.TreeDataProvider<ProcessNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProcessNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ProcessNode[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: OsModel) {
    this.subscription = model.onDidChange(() => {
      this.roots = buildProcessTree(model.state.processes);
      this.changed.fire(undefined);
    });
  }

  /** The process forest the view shows now. */
  tree(): ProcessNode[] {
    return this.roots;
  }

  getChildren(node?: ProcessNode): ProcessNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: ProcessNode): ProcessNode | undefined {
    return findNode(this.roots, node.ppid);
  }

  getTreeItem(node: ProcessNode): vscode.TreeItem {
    const collapse = node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(`${node.pid} ${node.name}`, collapse);
    item.id = `pid-${node.pid}`;
    const selected = node.pid === this.model.state.selectedPid;
    const exit = node.exitCode === undefined ? '' : ` (status ${node.exitCode})`;
    item.description = `${node.state}${exit}${selected ? ' · selected' : ''}`;
    item.iconPath = STATE_ICONS[node.state] ?? new vscode.ThemeIcon('question');
    item.tooltip = `pid ${node.pid}, parent ${node.ppid}, ${node.state}${exit}\nthreads: ${node.tids.join(', ')}`;
    item.contextValue = `process.${node.state}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
