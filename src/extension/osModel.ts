/**
 * The sidebar's model of the guest OS: what the three Glasskernel views show, fetched from the
 * debug adapter with DAP custom requests (see ../debug-adapter/protocol). One model per editor
 * window; it follows one debug session at a time (the one that last stopped).
 *
 * The model never changes guest state, but for the explicit actions (`signal`): the adapter
 * answers the other requests with side-effect-free reads (no A/D bits set, no faults raised).
 */
import * as vscode from 'vscode';
import {
  PAGE_BYTES_REQUEST, PAGE_TABLE_REQUEST, PAGE_WALK_REQUEST, PROC_STATUS_REQUEST, PROCESSES_REQUEST, SIGNAL_REQUEST,
  VMA_PAGES_REQUEST, VMAS_REQUEST,
  type PageBytesResponseBody, type PageTableArguments, type PageTableResponseBody, type PageWalkResponseBody,
  type ProcessesArguments, type ProcessInfo, type ProcessesResponseBody, type ProcStatusResponseBody,
  type SignalResponseBody, type VmaInfo, type VmaPagesResponseBody, type VmasArguments, type VmasResponseBody,
} from '../debug-adapter/protocol';
import { ChangeTracker } from './rowModel';
import { requestOrLog } from './requests';

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
  /** The debugger stop this snapshot was taken at (OsModel.stop when it was fetched). */
  stop: number;
}

const EMPTY: OsSnapshot = { processes: [], selectedPid: undefined, vmas: [], pageTableRoot: undefined, stop: 0 };

/** An action's outcome: the response body, or the adapter's error message. */
export type ActionResult<T> = { ok: true; body: T } | { ok: false; error: string };

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
  /** Rows new or changed since the previous stop (rowModel.ts), shared by the three views. */
  readonly changes = new ChangeTracker();

  private snapshot: OsSnapshot = EMPTY;
  private currentSession: vscode.DebugSession | undefined;
  /** pid the user picked in the Processes view; kept across stops while the process exists. */
  private userSelection: number | undefined;
  /** DAP thread id of the last `stopped` event; its process is the default selection. */
  private stoppedThreadId: number | undefined;
  /** Debugger stops seen in this session (one per DAP `stopped` event): the change tracker's clock. */
  private stops = 0;
  private inFlight: Promise<void> | undefined;
  private again = false;
  /** Bumped by clear() and select(): results of fetches started before it are dropped. */
  private epoch = 0;

  constructor(private readonly log: vscode.OutputChannel) {}

  get state(): OsSnapshot {
    return this.snapshot;
  }

  get session(): vscode.DebugSession | undefined {
    return this.currentSession;
  }

  /** Number of the current debugger stop (1 for the first). */
  get stop(): number {
    return this.stops;
  }

  /** A new stop: remembers the thread that stopped so its process becomes the default selection. */
  noteStoppedThread(threadId: number | undefined): void {
    this.stoppedThreadId = threadId;
    this.stops++;
  }

  /** Re-reads processes, then the selected process's VMAs and root page table from `session`. */
  refresh(session: vscode.DebugSession): Promise<void> {
    if (this.currentSession !== session) {
      this.currentSession = session;
      this.userSelection = undefined;
      this.changes.clear();
    }
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.fetchLoop().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Makes `pid` the process whose VMAs and page table are shown and re-reads only those (the
   * process list is unchanged, so the Processes view keeps its rows and their expansion).
   */
  async select(pid: number): Promise<void> {
    this.userSelection = pid;
    const session = this.currentSession;
    if (!session || this.snapshot.selectedPid === pid) return;
    if (this.inFlight) { await this.refresh(session); return; }
    const epoch = ++this.epoch;
    const stop = this.stops;
    const { vmas, pageTableRoot } = await this.fetchSelected(session, pid);
    if (epoch !== this.epoch || session !== this.currentSession) return;
    this.snapshot = { ...this.snapshot, selectedPid: pid, vmas, pageTableRoot, stop };
    this.changed.fire();
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.epoch++;
    this.currentSession = undefined;
    this.userSelection = undefined;
    this.stoppedThreadId = undefined;
    this.stops = 0;
    this.changes.clear();
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

  /** The resident pages of [start, end) of `pid` (`glasskernel/vmaPages`), or undefined. */
  vmaPages(pid: number, start: string, end: string): Promise<VmaPagesResponseBody | undefined> {
    const session = this.currentSession;
    return session ? this.request<VmaPagesResponseBody>(session, VMA_PAGES_REQUEST, { pid, start, end }) : Promise.resolve(undefined);
  }

  /** The Sv39 walk of `va` ("0x...") in `pid` (`glasskernel/pageWalk`), or the adapter's error. */
  walk(pid: number, va: string): Promise<ActionResult<PageWalkResponseBody>> {
    return this.action<PageWalkResponseBody>(PAGE_WALK_REQUEST, { pid, va });
  }

  /** Sends signal `signal` (a name such as "SIGTERM") to `pid`; then re-reads the views. */
  async signal(pid: number, signal: string): Promise<ActionResult<SignalResponseBody>> {
    const result = await this.action<SignalResponseBody>(SIGNAL_REQUEST, { pid, signal });
    const session = this.currentSession;
    if (result.ok && session) await this.refresh(session);
    return result;
  }

  /** /proc/<pid>/status as the guest reads it (`glasskernel/procStatus`), or the adapter's error. */
  procStatus(pid: number): Promise<ActionResult<ProcStatusResponseBody>> {
    return this.action<ProcStatusResponseBody>(PROC_STATUS_REQUEST, { pid });
  }

  /** The resident page of `pid` holding `va` (`glasskernel/pageBytes`), or the adapter's error. */
  pageBytes(pid: number, va: string): Promise<ActionResult<PageBytesResponseBody>> {
    return this.action<PageBytesResponseBody>(PAGE_BYTES_REQUEST, { pid, va });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async fetchLoop(): Promise<void> {
    do {
      this.again = false;
      const session = this.currentSession;
      const epoch = ++this.epoch;
      if (!session) return;
      const next = await this.fetch(session);
      if (epoch !== this.epoch || session !== this.currentSession) continue;
      this.snapshot = next;
      this.changed.fire();
    } while (this.again);
  }

  private async fetch(session: vscode.DebugSession): Promise<OsSnapshot> {
    const stop = this.stops;
    const detail: ProcessesArguments = { detail: true };
    const listed = await this.request<ProcessesResponseBody>(session, PROCESSES_REQUEST, detail);
    const processes = Array.isArray(listed?.processes) ? listed.processes : [];
    const selectedPid = this.chooseSelection(processes);
    if (selectedPid === undefined) return { ...EMPTY, processes, stop };
    return { processes, selectedPid, ...(await this.fetchSelected(session, selectedPid)), stop };
  }

  /** The VMAs and root table page of `pid`. */
  private async fetchSelected(session: vscode.DebugSession, pid: number): Promise<Pick<OsSnapshot, 'vmas' | 'pageTableRoot'>> {
    const vmaArgs: VmasArguments = { pid };
    const [vmaBody, pageTableRoot] = await Promise.all([
      this.request<VmasResponseBody>(session, VMAS_REQUEST, vmaArgs),
      this.request<PageTableResponseBody>(session, PAGE_TABLE_REQUEST, { pid }),
    ]);
    return { vmas: Array.isArray(vmaBody?.vmas) ? vmaBody.vmas : [], pageTableRoot };
  }

  /** User's pick if still listed, else the stopped thread's process, else the first live one. */
  private chooseSelection(processes: ProcessInfo[]): number | undefined {
    const listed = (pid: number | undefined) => processes.some((p) => p.pid === pid);
    if (listed(this.userSelection)) return this.userSelection;
    const tid = this.stoppedThreadId;
    const owner = processes.find((p) => tid !== undefined && Array.isArray(p.tids) && p.tids.includes(tid));
    if (owner) return owner.pid;
    if (listed(this.snapshot.selectedPid)) return this.snapshot.selectedPid;
    return (processes.find((p) => p.state !== 'zombie') ?? processes[0])?.pid;
  }

  private async request<T>(session: vscode.DebugSession, command: string, args: object): Promise<T | undefined> {
    return (await requestOrLog(session, command, args, this.log)) as T | undefined;
  }

  /** A request whose failure the user should read (an action, a command's answer). */
  private async action<T>(command: string, args: object): Promise<ActionResult<T>> {
    const session = this.currentSession;
    if (!session) return { ok: false, error: 'no Glasskernel debug session is stopped' };
    try {
      return { ok: true, body: (await session.customRequest(command, args)) as T };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
