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
import { KernelViewsData } from './kernelViews';
import type { KernelRow } from './kernelRows';
import { FAULT_LOG_VIEW_ID, createFaultLogView } from './faultLogView';
import { TLB_VIEW_ID, createTlbView } from './tlbView';
import { SCHEDULER_VIEW_ID, createSchedulerView } from './schedulerView';
import { STATE_CHANGED_EVENT, type PageTableEntryInfo, type VmaInfo } from '../debug-adapter/protocol';
import { reportSessionEnds } from './sessionEnd';
import { GuestTerminals } from './guestTerminal';
import { guestStatusBar } from './statusBar';
import { logKernelMessages } from './kernelLog';
import { greetCopiedExamples, registerOpenExamples } from './openExamples';
import { revealProcessesAtFirstStop } from './firstStop';
import { trackWalkthrough } from './walkthroughProgress';
import { SessionStops } from './sessionStops';
import { startAsmLanguageClient } from './asmLanguageClient';
import { AdapterFactory, ConfigurationProvider } from './debugConfig';
import { MemoryMapProvider } from './memoryMapView';
import { DEBUG_TYPE, OsModel } from './osModel';
import { PageTableProvider } from './pageTableView';
import { ProcessesProvider, type ProcessNode } from './processesView';
import { registerOsCommands } from './osViewCommands';
import { SELECT_PROCESS_COMMAND, registerRowDecorations } from './rowItems';
import type { ViewRow } from './rowModel';
import { PHYSICAL_MEMORY_VIEW_ID, PhysicalMemoryProvider, SHOW_PHYSICAL_MEMORY_COMMAND } from './physmem/provider';
import type { PhysicalMemorySummary } from './physmem/history';

/** View ids (package.json `contributes.views.glasskernel`). */
export const VIEW_IDS = {
  processes: 'glasskernel.processes',
  memoryMap: 'glasskernel.memoryMap',
  pageTable: 'glasskernel.pageTable',
  /** A webview: every frame of guest RAM by use (physmem/provider.ts). */
  physicalMemory: PHYSICAL_MEMORY_VIEW_ID,
  /** Fault Log, TLB and Scheduler (kernelViews.ts), collapsed at first. */
  faultLog: FAULT_LOG_VIEW_ID,
  tlb: TLB_VIEW_ID,
  scheduler: SCHEDULER_VIEW_ID,
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
  /**
   * The rows the Processes view shows now (label, description, tooltip, change mark; threads and
   * child processes nested in `children`), e.g. "2 cow" / "stopped at breakpoint · 3 pages (12 KiB) · …".
   */
  processRows(): ViewRow[];
  /** The Memory Map view's top-level rows: the PTE flag legend, then one per VMA. */
  memoryMapRows(): ViewRow[];
  /** The Page Table view's top-level rows: the legend, then the root table's entries. */
  pageTableRows(): ViewRow[];
  /** A row's children as expanding it shows them (a VMA's pages, a pointer entry's next table, the legend's letters). */
  rowChildren(view: 'memoryMap' | 'pageTable', row: ViewRow): Promise<ViewRow[]>;
  /** Glasskernel: Walk Virtual Address… for `va` ("0x...") in `pid` (default: the selected process): the walk's text. */
  walkVirtualAddress(va: string, pid?: number): Promise<string | undefined>;
  /** Glasskernel: Copy Page Table (vmprint): the selected process's table in xv6's vmprint format. */
  vmprint(): Promise<string | undefined>;
  /**
   * The Physical Memory view's summary at the current stop: frames per use, frames in use, the
   * frames mapped by two or more processes (count and runs), frames changed since the previous
   * stop. Reads `glasskernel/frames` first when the view has not read this stop; `available`
   * is false without a session.
   */
  physicalMemory(): Promise<PhysicalMemorySummary>;
  /** The Fault Log view's rows now: entries newest first, as filtered, "pid 3 store 0x14000 [heap] cow-copy". */
  faultLog(): KernelRow[];
  /** The TLB view's top-level rows now (satp, flushes, misses, hits, entries with the translations as children). */
  tlb(): KernelRow[];
  /** The Scheduler view's top-level rows now (policy, threads, run queue; threads as children). */
  scheduler(): KernelRow[];
  /** Re-reads everything from the active Glasskernel session (no-op without one). */
  refresh(): Promise<void>;
  /** Fires after the views' contents changed (refresh done, selection changed or cleared). */
  onDidRefresh: vscode.Event<void>;
  /** The Glasskernel status bar item's last text ("$(pulse) 12.3M instructions · 245 MIPS"); undefined before any. */
  statusBarText(): string | undefined;
  /**
   * What the latest guest terminal (launch attribute console "terminal", guestTerminal.ts) got so
   * far: the guest's output and echo as written (with "\r\n" line ends), then the exit line.
   * Undefined before any Glasskernel session opened one.
   */
  guestTerminalText(): string | undefined;
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
  // A click on a frame in Physical Memory selects its owner and shows the page in the Memory Map.
  const physicalMemory = new PhysicalMemoryProvider(context.extensionUri, model, log, async (pid, va) => {
    const row = await memoryMap.pageRow(pid, va);
    if (row) await memoryView.reveal(row, { select: true, focus: false, expand: true });
  });
  const pageTableView = vscode.window.createTreeView(VIEW_IDS.pageTable, { treeDataProvider: pageTable, showCollapseAll: true });
  // The Glasskernel container's Start view has only its welcome content (package.json viewsWelcome).
  const startView = vscode.window.createTreeView(VIEW_IDS.start, { treeDataProvider: { getChildren: () => [], getTreeItem: (item: vscode.TreeItem) => item } });
  const configurations = new ConfigurationProvider();
  const stops = new SessionStops();
  const guestTerminals = new GuestTerminals(log);
  // Fault Log, TLB and Scheduler: refreshed after each refresh of the OS model, cleared with it.
  const kernelViews = new KernelViewsData(log);
  const faultLogView = createFaultLogView(kernelViews);
  const tlbView = createTlbView(kernelViews);
  const schedulerView = createSchedulerView(kernelViews);
  const osCommands = registerOsCommands({ model, pageTable, pageTableView, memoryMapViewId: VIEW_IDS.memoryMap, pageTableViewId: VIEW_IDS.pageTable });
  let statusText: string | undefined;
  context.subscriptions.push(
    log, model, processes, memoryMap, pageTable, processView, memoryView, pageTableView, startView,
    model.onDidChange(() => {
      // The two per-process views say whose memory they show in their title bar.
      const pid = model.state.selectedPid;
      memoryView.description = pageTableView.description = pid === undefined ? undefined : `pid ${pid}`;
    }),
    processView.onDidChangeSelection((e) => {
      // Keyboard selection; a click runs SELECT_PROCESS_COMMAND (model.select ignores the repeat).
      const ref = e.selection[0]?.ref;
      if (ref?.kind === 'process' || ref?.kind === 'thread') void model.select(ref.pid);
    }),
    vscode.commands.registerCommand(SELECT_PROCESS_COMMAND, (pid: unknown) => {
      if (typeof pid === 'number') return model.select(pid);
      return undefined;
    }),
    registerRowDecorations(),
    ...osCommands.disposables,
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(adapterPath(context))),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations),
    configurations, // disposed at shutdown: removes the temporary folders of compiled C programs
    stops,
    ...followSessions(model, stops),
    vscode.commands.registerCommand(REFRESH_COMMAND, () => refreshActive(model)),
    physicalMemory,
    vscode.window.registerWebviewViewProvider(VIEW_IDS.physicalMemory, physicalMemory),
    vscode.commands.registerCommand(SHOW_PHYSICAL_MEMORY_COMMAND, () => physicalMemory.showPanel()),
    startAsmLanguageClient(context, log),
    reportSessionEnds(log),
    guestTerminals,
    guestStatusBar((text) => { statusText = text; }),
    logKernelMessages(log),
    registerOpenExamples(context.globalState),
    revealProcessesAtFirstStop(processView, () => processes.rows(), model.onDidChange, stops.onDidStop),
    trackWalkthrough(pageTableView, stops.onDidStop),
  );
  context.subscriptions.push(
    kernelViews, faultLogView, tlbView.provider, tlbView.view, schedulerView.provider, schedulerView.view,
    model.onDidChange(() => void kernelViews.follow(model.session)),
  );
  void greetCopiedExamples(context.globalState);
  return {
    processTree: () => processes.tree(),
    selectedPid: () => model.state.selectedPid,
    selectProcess: (pid) => model.select(pid),
    memoryMap: () => memoryMap.entries(),
    pageTableRoots: () => pageTable.roots(),
    pageTableChildren: (entry) => pageTable.entryChildren(entry),
    processRows: () => processes.rows(),
    memoryMapRows: () => memoryMap.rows(),
    pageTableRows: () => pageTable.rows(),
    rowChildren: (view, row) => (view === 'memoryMap' ? memoryMap.children(row) : pageTable.children(row)),
    walkVirtualAddress: (va, pid) => osCommands.api.walk(va, pid),
    vmprint: () => osCommands.api.vmprint(),
    physicalMemory: () => physicalMemory.summary(),
    faultLog: () => faultLogView.provider.rows(),
    tlb: () => tlbView.provider.rows(),
    scheduler: () => schedulerView.provider.rows(),
    refresh: () => refreshActive(model),
    onDidRefresh: model.onDidChange,
    statusBarText: () => statusText,
    guestTerminalText: () => guestTerminals.text(),
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
function followSessions(model: OsModel, stops: SessionStops): vscode.Disposable[] {
  return [
    stops.onDidStop(({ session, body }) => {
      model.noteStoppedThread(body.threadId);
      void model.refresh(session);
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type === DEBUG_TYPE && e.event === STATE_CHANGED_EVENT) void model.refresh(e.session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session === model.session) model.clear();
    }),
  ];
}
