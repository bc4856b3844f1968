/**
 * The sidebar's model of the guest OS: what the three Glasskernel views show, fetched from the
 * debug adapter with DAP custom requests (see ../debug-adapter/protocol). One model per editor
 * window; it follows one debug session at a time (the one that last stopped).
 *
 * The model never changes guest state: the adapter answers these requests with side-effect-free
 * reads (no A/D bits set, no faults raised).
 */
import * as vscode from 'vscode';
import {
  PAGE_TABLE_REQUEST,
  PROCESSES_REQUEST,
  VMAS_REQUEST,
  type PageTableArguments,
  type PageTableResponseBody,
  type ProcessInfo,
  type ProcessesResponseBody,
  type VmaInfo,
  type VmasArguments,
  type VmasResponseBody,
} from '../debug-adapter/protocol';

/** The debug type this extension contributes (package.json `contributes.debuggers`). */
export const DEBUG_TYPE = 'glasskernel';

/** A snapshot of OS state taken at one stop. Lists are empty when there is no session. */
export interface OsSnapshot {
  processes: ProcessInfo[];
  /** pid whose VMAs and page table are shown, or undefined when there is none. */
  selectedPid: number | undefined;
  /** VMAs of the selected process, sorted by start address. */
  vmas: VmaInfo[];
  /** Root (level 2) Sv39 table page of the selected process, or undefined. */
  pageTableRoot: PageTableResponseBody | undefined;
}

const EMPTY: OsSnapshot = { processes: [], selectedPid: undefined, vmas: [], pageTableRoot: undefined };

/**
 * Fetches and holds the OS snapshot. `refresh` coalesces overlapping calls (a stop sends both the
 * DAP `stopped` event and `glasskernel/stateChanged`): at most one fetch runs, and one more runs
 * after it when another refresh was asked for meanwhile. Request failures are logged and leave
 * empty lists; they never throw to the caller.
 */
export class OsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every completed refresh, selection change or clear. */
  readonly onDidChange = this.changed.event;

  private snapshot: OsSnapshot = EMPTY;
  private currentSession: vscode.DebugSession | undefined;
  /** pid the user picked in the Processes view; kept across stops while the process exists. */
  private userSelection: number | undefined;
  /** DAP thread id of the last `stopped` event; its process is the default selection. */
  private stoppedThreadId: number | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  /** Bumped by clear(): results of fetches started before it are dropped. */
  private epoch = 0;

  constructor(private readonly log: vscode.OutputChannel) {}

  get state(): OsSnapshot {
    return this.snapshot;
  }

  get session(): vscode.DebugSession | undefined {
    return this.currentSession;
  }

  /** Remembers the thread that stopped so its process becomes the default selection. */
  noteStoppedThread(threadId: number | undefined): void {
    this.stoppedThreadId = threadId;
  }

  /** Re-reads processes, then the selected process's VMAs and root page table from `session`. */
  refresh(session: vscode.DebugSession): Promise<void> {
    if (this.currentSession !== session) {
      this.currentSession = session;
      this.userSelection = undefined;
    }
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.fetchLoop().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Makes `pid` the process whose VMAs and page table are shown, and re-reads them. */
  async select(pid: number): Promise<void> {
    this.userSelection = pid;
    const session = this.currentSession;
    if (session) await this.refresh(session);
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.epoch++;
    this.currentSession = undefined;
    this.userSelection = undefined;
    this.stoppedThreadId = undefined;
    this.snapshot = EMPTY;
    this.changed.fire();
  }

  /**
   * Reads one table page of the selected process: the root when `ppn` is undefined, else the
   * table page at physical page number `ppn` ("0x..." hex). Undefined when there is no session,
   * no selection, or the adapter reports an error.
   */
  async pageTable(ppn: string | undefined): Promise<PageTableResponseBody | undefined> {
    const session = this.currentSession;
    const pid = this.snapshot.selectedPid;
    if (!session || pid === undefined) return undefined;
    const args: PageTableArguments = ppn === undefined ? { pid } : { pid, ppn };
    return this.request<PageTableResponseBody>(session, PAGE_TABLE_REQUEST, args);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async fetchLoop(): Promise<void> {
    do {
      this.again = false;
      const session = this.currentSession;
      const epoch = this.epoch;
      if (!session) return;
      const next = await this.fetch(session);
      if (epoch !== this.epoch || session !== this.currentSession) continue;
      this.snapshot = next;
      this.changed.fire();
    } while (this.again);
  }

  private async fetch(session: vscode.DebugSession): Promise<OsSnapshot> {
    const listed = await this.request<ProcessesResponseBody>(session, PROCESSES_REQUEST, {});
    const processes = Array.isArray(listed?.processes) ? listed.processes : [];
    const selectedPid = this.chooseSelection(processes);
    if (selectedPid === undefined) return { ...EMPTY, processes };
    const vmaArgs: VmasArguments = { pid: selectedPid };
    const [vmaBody, pageTableRoot] = await Promise.all([
      this.request<VmasResponseBody>(session, VMAS_REQUEST, vmaArgs),
      this.request<PageTableResponseBody>(session, PAGE_TABLE_REQUEST, { pid: selectedPid }),
    ]);
    const vmas = Array.isArray(vmaBody?.vmas) ? vmaBody.vmas : [];
    return { processes, selectedPid, vmas, pageTableRoot };
  }

  /** User's pick if still listed, else the stopped thread's process, else the first live one. */
  private chooseSelection(processes: ProcessInfo[]): number | undefined {
    const listed = (pid: number | undefined) => processes.some((p) => p.pid === pid);
    if (listed(this.userSelection)) return this.userSelection;
    const tid = this.stoppedThreadId;
    const owner = processes.find((p) => tid !== undefined && p.tids.includes(tid));
    if (owner) return owner.pid;
    if (listed(this.snapshot.selectedPid)) return this.snapshot.selectedPid;
    return (processes.find((p) => p.state !== 'zombie') ?? processes[0])?.pid;
  }

  private async request<T>(session: vscode.DebugSession, command: string, args: object): Promise<T | undefined> {
    try {
      return (await session.customRequest(command, args)) as T;
    } catch (e) {
      this.log.appendLine(`${command} ${JSON.stringify(args)} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
}
