/**
 * Glasskernel's VS Code side: registers the `glasskernel` debugger and the sidebar's three views
 * (Processes, Memory Map, Page Table), and keeps the views in step with the debug session:
 * they refresh on every stop and on `glasskernel/stateChanged`, and clear when the session ends.
 * The RISC-V assembly language server starts with the first riscv-asm document (asmLanguageClient.ts).
 *
 * activate() returns a {@link GlasskernelApi}; end-to-end tests read the views' contents through it
 * (`vscode.extensions.getExtension('glasskernel.glasskernel').exports`).
 */
import * as vscode from 'vscode';
import { STATE_CHANGED_EVENT, type PageTableEntryInfo, type VmaInfo } from '../debug-adapter/protocol';
import { reportSessionEnds } from './sessionEnd';
import { guestStatusBar } from './statusBar';
import { logKernelMessages } from './kernelLog';
import { trackWalkthrough } from './walkthroughProgress';
import { startAsmLanguageClient } from './asmLanguageClient';
import { AdapterFactory, ConfigurationProvider } from './debugConfig';
import { MemoryMapProvider } from './memoryMapView';
import { DEBUG_TYPE, OsModel } from './osModel';
import { PageTableProvider } from './pageTableView';
import { ProcessesProvider, type ProcessNode } from './processesView';

/** View ids (package.json `contributes.views.glasskernel`). */
export const VIEW_IDS = {
  processes: 'glasskernel.processes',
  memoryMap: 'glasskernel.memoryMap',
  pageTable: 'glasskernel.pageTable',
  /** The Glasskernel activity-bar container's welcome view (the three views live in Run and Debug). */
  start: 'glasskernel.start',
} as const;

/** Command that re-reads the views from the active session. */
export const REFRESH_COMMAND = 'glasskernel.refreshViews';

/** What activate() returns: read access to the views' contents, for tests and other extensions. */
export interface GlasskernelApi {
  /** Process forest the Processes view holds now (roots sorted by pid, children by pid). */
  processTree(): ProcessNode[];
  /** pid whose VMAs and page table the other two views show; undefined without a session. */
  selectedPid(): number | undefined;
  /** Same as selecting the process in the Processes view; resolves when the views have re-read. */
  selectProcess(pid: number): Promise<void>;
  /** VMAs the Memory Map view holds now (selected process, sorted by start). */
  memoryMap(): VmaInfo[];
  /** Root (level 2) entries the Page Table view holds now. */
  pageTableRoots(): PageTableEntryInfo[];
  /** Entries of the table page a non-leaf entry points to, as expanding it in the view shows them. */
  pageTableChildren(entry: PageTableEntryInfo): Promise<PageTableEntryInfo[]>;
  /** Re-reads everything from the active Glasskernel session (no-op without one). */
  refresh(): Promise<void>;
  /** Fires after the views' contents changed (refresh done, selection changed or cleared). */
  onDidRefresh: vscode.Event<void>;
  /** The Glasskernel status bar item's last text ("$(pulse) 12.3M instructions · 245 MIPS"); undefined before any. */
  statusBarText(): string | undefined;
}

/** Extension entry point (VS Code API: ExtensionContext activation). */
export function activate(context: vscode.ExtensionContext): GlasskernelApi {
  const log = vscode.window.createOutputChannel('Glasskernel');
  const model = new OsModel(log);
  const processes = new ProcessesProvider(model);
  const memoryMap = new MemoryMapProvider(model);
  const pageTable = new PageTableProvider(model);
  const processView = vscode.window.createTreeView(VIEW_IDS.processes, { treeDataProvider: processes, showCollapseAll: true });
  const memoryView = vscode.window.createTreeView(VIEW_IDS.memoryMap, { treeDataProvider: memoryMap });
  const pageTableView = vscode.window.createTreeView(VIEW_IDS.pageTable, { treeDataProvider: pageTable, showCollapseAll: true });
  // The Glasskernel container's Start view has only its welcome content (package.json viewsWelcome).
  const startView = vscode.window.createTreeView(VIEW_IDS.start, { treeDataProvider: { getChildren: () => [], getTreeItem: (item: vscode.TreeItem) => item } });
  const configurations = new ConfigurationProvider();
  let statusText: string | undefined;
  context.subscriptions.push(
    log, model, processes, memoryMap, pageTable, processView, memoryView, pageTableView, startView,
    model.onDidChange(() => {
      // The two per-process views say whose memory they show in their title bar.
      const pid = model.state.selectedPid;
      memoryView.description = pageTableView.description = pid === undefined ? undefined : `pid ${pid}`;
    }),
    processView.onDidChangeSelection((e) => {
      const picked = e.selection[0];
      if (picked) void model.select(picked.pid);
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(adapterPath(context))),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations),
    configurations, // disposed at shutdown: removes the temporary folders of compiled C programs
    ...followSessions(model),
    vscode.commands.registerCommand(REFRESH_COMMAND, () => refreshActive(model)),
    startAsmLanguageClient(context, log),
    reportSessionEnds(log),
    guestStatusBar((text) => { statusText = text; }),
    logKernelMessages(log),
    trackWalkthrough(pageTableView),
  );
  return {
    processTree: () => processes.tree(),
    selectedPid: () => model.state.selectedPid,
    selectProcess: (pid) => model.select(pid),
    memoryMap: () => memoryMap.entries(),
    pageTableRoots: () => pageTable.roots(),
    pageTableChildren: async (entry) => {
      const level = model.state.pageTableRoot?.level ?? 0;
      const nodes = await pageTable.children({ kind: 'entry', entry, level });
      return nodes.flatMap((n) => (n.kind === 'entry' ? [n.entry] : []));
    },
    refresh: () => refreshActive(model),
    onDidRefresh: model.onDidChange,
    statusBarText: () => statusText,
  };
}

/**
 * The adapter program: the bundled dist/adapter.js, or the file named by the environment variable
 * GLASSKERNEL_ADAPTER (for running an adapter under development without repackaging).
 */
function adapterPath(context: vscode.ExtensionContext): string {
  return process.env.GLASSKERNEL_ADAPTER || context.asAbsolutePath('dist/adapter.js');
}

/** Nothing to release beyond context.subscriptions. */
export function deactivate(): void {}

/** Refreshes the model from the active session when it is a Glasskernel one. */
function refreshActive(model: OsModel): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  return session?.type === DEBUG_TYPE ? model.refresh(session) : Promise.resolve();
}

/**
 * Wires the model to debug sessions: a DAP `stopped` event (seen through an adapter tracker) and
 * the `glasskernel/stateChanged` custom event refresh it; the end of its session clears it.
 */
function followSessions(model: OsModel): vscode.Disposable[] {
  const tracker: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId?: number } }) => {
        if (message.type !== 'event' || message.event !== 'stopped') return;
        model.noteStoppedThread(message.body?.threadId);
        void model.refresh(session);
      },
    }),
  };
  return [
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, tracker),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type === DEBUG_TYPE && e.event === STATE_CHANGED_EVENT) void model.refresh(e.session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session === model.session) model.clear();
    }),
  ];
}
