/**
 * Turns the OS views' rows (rowModel.ts) into vscode.TreeItems, and colours rows new or changed
 * since the last stop: each marked row gets a `glasskernel-row:` resourceUri that the
 * FileDecorationProvider here decorates (a badge and the SCM colours for added/modified).
 */
import * as vscode from 'vscode';
import type { RowChange, TreeRow, ViewRow } from './rowModel';

/** URI scheme of the marked rows' resourceUri (decoration only; no file behind it). */
export const ROW_SCHEME = 'glasskernel-row';

const COLLAPSE: Record<TreeRow['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** The TreeItem every Glasskernel row starts from: label, collapsible state, stable id, description, tooltip, icon. */
export function baseTreeItem(row: TreeRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSE[row.collapsible] ?? vscode.TreeItemCollapsibleState.None);
  item.id = row.id;
  if (row.description !== undefined) item.description = row.description;
  if (row.tooltip !== undefined) item.tooltip = row.tooltip;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
  return item;
}

/**
 * Selects a process in the OS views (argument: its pid). A process or thread row runs it on a
 * click: a row with a command expands only on its twistie, so selecting a process never
 * collapses its subtree (VS Code's trees otherwise toggle a row on a single click).
 */
export const SELECT_PROCESS_COMMAND = 'glasskernel.selectProcess';

/** The TreeItem of `row`: label, description, tooltip, icon, context value, stable id, change decoration. */
export function treeItemOf(row: ViewRow): vscode.TreeItem {
  const item = baseTreeItem(row);
  if (row.contextValue) item.contextValue = row.contextValue;
  if (row.ref.kind === 'process' || row.ref.kind === 'thread') {
    item.command = { command: SELECT_PROCESS_COMMAND, title: 'Select Process', arguments: [row.ref.pid] };
  }
  if (row.change) item.resourceUri = vscode.Uri.from({ scheme: ROW_SCHEME, path: `/${row.change}/${encodeURIComponent(row.id)}` });
  return item;
}

const DECORATIONS: Record<RowChange, vscode.FileDecoration> = {
  new: new vscode.FileDecoration('N', 'new since the last stop', new vscode.ThemeColor('gitDecoration.addedResourceForeground')),
  changed: new vscode.FileDecoration('●', 'changed since the last stop', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
};

/** Registers the decoration provider of ROW_SCHEME URIs. */
export function registerRowDecorations(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({
    provideFileDecoration: (uri) => {
      if (uri.scheme !== ROW_SCHEME) return undefined;
      const kind = uri.path.split('/')[1] as RowChange;
      return DECORATIONS[kind];
    },
  });
}
