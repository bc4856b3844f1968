/**
 * The OS views' commands (package.json `contributes.commands` and `menus`): on a process, Send
 * Signal…, Kill, Reveal Memory Map, Reveal Page Table, Copy /proc/<pid>/status; on a page of
 * the Memory Map, Open Page (hex dump) and Show Page-Table Walk; in the Page Table view, Walk
 * Virtual Address… and Copy Page Table (vmprint). Texts (a walk, a hex dump) open as read-only
 * documents of the `glasskernel-view:` scheme.
 */
import * as vscode from 'vscode';
import { hexDump, base64Bytes } from './memoryMapModel';
import type { OsModel } from './osModel';
import { normalizeVa, vmprint, walkText } from './pageTableModel';
import type { PageTableProvider } from './pageTableView';
import { SIGNAL_CHOICES } from './processesModel';
import type { ViewRow } from './rowModel';

/** Command ids (package.json contributes.commands). */
export const OS_COMMANDS = {
  sendSignal: 'glasskernel.sendSignal',
  kill: 'glasskernel.killProcess',
  revealMemoryMap: 'glasskernel.revealMemoryMap',
  revealPageTable: 'glasskernel.revealPageTable',
  copyProcStatus: 'glasskernel.copyProcStatus',
  walkVirtualAddress: 'glasskernel.walkVirtualAddress',
  walkPage: 'glasskernel.walkPage',
  openPage: 'glasskernel.openPageHexDump',
  copyVmprint: 'glasskernel.copyPageTableVmprint',
} as const;

/** URI scheme of the read-only texts these commands open. */
export const VIEW_DOC_SCHEME = 'glasskernel-view';

/** What the commands need from extension.ts. */
export interface OsCommandHost {
  model: OsModel;
  pageTable: PageTableProvider;
  pageTableView: vscode.TreeView<ViewRow>;
  memoryMapViewId: string;
  pageTableViewId: string;
}

/** What the registered commands give back to the extension's API (e2e tests). */
export interface OsCommandApi {
  /** Walks `va` in `pid` (default: the selected process), opens the text and marks the path; the text, or undefined on failure. */
  walk(va: string, pid?: number): Promise<string | undefined>;
  /** The selected process's page table in vmprint format (also copied to the clipboard). */
  vmprint(): Promise<string | undefined>;
}

/** The pid a command works on: the row's process, else the selected one. */
function pidOf(model: OsModel, row: unknown): number | undefined {
  const ref = (row as ViewRow | undefined)?.ref;
  if (ref && 'pid' in ref && typeof ref.pid === 'number') return ref.pid;
  return model.state.selectedPid;
}

/** Registers the commands and the text provider; returns their disposables and the API half. */
export function registerOsCommands(host: OsCommandHost): { disposables: vscode.Disposable[]; api: OsCommandApi } {
  const { model } = host;
  const texts = new Map<string, string>();
  const textChanged = new vscode.EventEmitter<vscode.Uri>();
  const show = async (name: string, text: string): Promise<void> => {
    const uri = vscode.Uri.from({ scheme: VIEW_DOC_SCHEME, path: `/${name}` });
    texts.set(uri.toString(), text);
    textChanged.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  };
  const fail = (what: string, error: string): undefined => {
    void vscode.window.showErrorMessage(`${what}: ${error}`);
    return undefined;
  };

  const sendSignal = async (row: unknown, fixed?: string): Promise<void> => {
    const pid = pidOf(model, row);
    if (pid === undefined) return void fail('Send Signal', 'no process is selected');
    const signal = fixed ?? (await vscode.window.showQuickPick(
      SIGNAL_CHOICES.map((c) => ({ label: c.name, detail: c.detail })),
      { title: `Send a signal to pid ${pid}`, placeHolder: 'signal(7)' },
    ))?.label;
    if (!signal) return;
    const result = await model.signal(pid, signal);
    if (!result.ok) return void fail(`${signal} to pid ${pid}`, result.error);
    const now = model.state.processes.find((p) => p.pid === pid);
    const effect = !now || now.state === 'zombie'
      ? 'it has ended'
      : 'it acts when the process next runs (a handler, a stop, or its death: the Fatal signal breakpoint stops before that)';
    void vscode.window.showInformationMessage(`Sent ${result.body.signal} to pid ${pid}: ${effect}.`);
  };

  const reveal = async (row: unknown, viewId: string): Promise<void> => {
    const pid = pidOf(model, row);
    if (pid !== undefined) await model.select(pid);
    await vscode.commands.executeCommand(`${viewId}.focus`);
  };

  const walk = async (va: string, pid?: number): Promise<string | undefined> => {
    const target = pid ?? model.state.selectedPid;
    if (target === undefined) return fail('Walk Virtual Address', 'no process is selected');
    const result = await model.walk(target, va);
    if (!result.ok) return fail(`Walk of ${va}`, result.error);
    const text = walkText(result.body);
    await show(`walk pid ${target} ${result.body.va}.txt`, text);
    if (target !== model.state.selectedPid) await model.select(target);
    const last = await host.pageTable.showWalk(result.body);
    if (last) await host.pageTableView.reveal(last, { select: true, focus: false, expand: true });
    return text;
  };

  const walkCommand = async (row: unknown): Promise<void> => {
    const ref = (row as ViewRow | undefined)?.ref;
    let va: string | undefined = ref?.kind === 'page' ? ref.va : ref?.kind === 'pte' ? ref.vaStart : undefined;
    if (va === undefined) {
      const typed = await vscode.window.showInputBox({
        title: `Walk a virtual address of pid ${model.state.selectedPid ?? '?'} through its Sv39 page table`,
        prompt: 'Virtual address (hex), e.g. 0x10000',
        validateInput: (s) => (normalizeVa(s) ? undefined : 'a hex address: "0x" and up to 16 hex digits'),
      });
      if (typed === undefined) return;
      va = normalizeVa(typed);
    }
    if (va) await walk(va, pidOf(model, row));
  };

  const copyVmprint = async (): Promise<string | undefined> => {
    const root = model.state.pageTableRoot;
    if (!root) return fail('Copy Page Table (vmprint)', 'no process with a page table is selected');
    const text = await vmprint(root, (ppn) => model.pageTable(ppn));
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Copied pid ${root.pid}'s page table in vmprint format (${text.split('\n').length - 1} lines).`);
    return text;
  };

  const disposables: vscode.Disposable[] = [
    textChanged,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_DOC_SCHEME, {
      onDidChange: textChanged.event,
      provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '(this text belongs to an earlier stop; run the command again)\n',
    }),
    vscode.commands.registerCommand(OS_COMMANDS.sendSignal, (row?: unknown) => sendSignal(row)),
    vscode.commands.registerCommand(OS_COMMANDS.kill, (row?: unknown) => sendSignal(row, 'SIGKILL')),
    vscode.commands.registerCommand(OS_COMMANDS.revealMemoryMap, (row?: unknown) => reveal(row, host.memoryMapViewId)),
    vscode.commands.registerCommand(OS_COMMANDS.revealPageTable, (row?: unknown) => reveal(row, host.pageTableViewId)),
    vscode.commands.registerCommand(OS_COMMANDS.copyProcStatus, async (row?: unknown) => {
      const pid = pidOf(model, row);
      if (pid === undefined) return void fail('Copy /proc/<pid>/status', 'no process is selected');
      const result = await model.procStatus(pid);
      if (!result.ok) return void fail(`Copy /proc/${pid}/status`, result.error);
      await vscode.env.clipboard.writeText(result.body.text);
      void vscode.window.showInformationMessage(`Copied /proc/${pid}/status (${result.body.text.split('\n').length - 1} lines).`);
    }),
    vscode.commands.registerCommand(OS_COMMANDS.walkVirtualAddress, walkCommand),
    vscode.commands.registerCommand(OS_COMMANDS.walkPage, walkCommand),
    vscode.commands.registerCommand(OS_COMMANDS.openPage, async (row?: unknown) => {
      const ref = (row as ViewRow | undefined)?.ref;
      if (ref?.kind !== 'page') return void fail('Open Page', 'pick a page row of the Memory Map view');
      const result = await model.pageBytes(ref.pid, ref.va);
      if (!result.ok) return void fail(`Open page ${ref.va}`, result.error);
      const b = result.body;
      await show(`page pid ${b.pid} ${b.va}.hexdump`, hexDump(b.pid, b.va, b.pa, base64Bytes(b.data)));
    }),
    vscode.commands.registerCommand(OS_COMMANDS.copyVmprint, copyVmprint),
  ];
  return { disposables, api: { walk, vmprint: copyVmprint } };
}
