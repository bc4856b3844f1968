/**
 * The debug runtime: owns one Kernel running one launched program and drives it for the
 * session. It knows nothing of DAP (vscode-mock-debug's split): the session calls
 * continue/pause/step and hears back through {@link RuntimeListener}.
 *
 * The kernel runs in slices of RUN_CHUNK_INSTRUCTIONS; between slices the runtime yields to
 * the Node event loop (setImmediate), so `pause` and inspection requests are served while a
 * guest runs, and a guest that never stops never freezes the adapter.
 */
import { TextDecoder } from 'node:util';
import { Kernel } from '../kernel/kernel';
import type { KernelStop, PauseRecord, PauseValues, ProcessInfo, RegisterSnapshot, RunControl, StopOn, WatchpointStop } from '../kernel/api';
import type { RegisterTarget } from '../kernel/debug-access';
import type { SchedulerName } from '../kernel/sched';
import { REGNO_PC } from './cexpr';
import { RISCV_DWARF_F0, RISCV_DWARF_F31, RISCV_DWARF_SP } from '../dwarf/expr';
import { unwindPhysical } from './frames';
import type { TrapState } from './register-view';
import { defaultStopOn, describeEvent, describeUpcoming, eventTitle, filterForEvent, upcomingTitle, type FilterId } from './exceptions';
import type { EventConditions } from './event-filters';
import type { Program } from './program';
import { StepOperation, type StepContext, type StepKind, type StepView, type Slice, type Outcome } from './stepper';
import { BreakpointSet } from './breakpoint-set';
import { installKernelSources, type KernelPause } from './kernel-frames';
import { KernelStepOperation } from './kernel-step';
import { GuestConsole, type ConsoleResult } from './guest-console';
import type { ConsoleMode } from './protocol';
import { FaultLog } from './fault-log';
import type { RecordedViews } from './custom-records';
import type { TlbCounters } from '../kernel/inspect-tlb';

/** Instructions the kernel runs per slice before the runtime yields to the event loop. */
export const RUN_CHUNK_INSTRUCTIONS = 200_000;

/** Breakpoint hits that do not stop (conditions, logpoints) handled before yielding to the event loop. */
const MAX_SILENT_HITS_PER_SLICE = 100;

/** The first pauses of the page-fault and syscall paths (DESIGN.md "Steppable kernel paths"): a new path starts there. */
const ENTRY_PAUSES: ReadonlySet<string> = new Set(['trap.page_fault', 'syscall.enter']);

/** `v` without its undefined fields (so they do not hide values known from earlier pauses). */
function definedValues(v: PauseValues): PauseValues {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as PauseValues;
}

/** Bytes per MiB (launch's `memoryMiB`). */
const BYTES_PER_MIB = 1024 * 1024;

/** Why the runtime stopped, in DAP's vocabulary (DAP `StoppedEvent.reason`). */
export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception' | 'data breakpoint';

/** One stop, reported to the session. */
export interface RuntimeStop {
  reason: StopReason;
  /** The thread that stopped (every thread is stopped). */
  tid: number;
  /** Exception stops: short title ("Page fault") and full sentence. */
  description?: string;
  text?: string;
  /** Exception stops: the filter that caused it. */
  filter?: FilterId;
  /** Breakpoint stops: the virtual address hit. */
  pc?: number;
  /** Data breakpoint stops: the kernel's report of the access. */
  watch?: WatchpointStop;
  /** Stops inside a steppable kernel path: where the thread is paused in the kernel. */
  kernel?: KernelPause;
  /** The 'Idle' pause: every thread waits for console input (never reported with console 'terminal': the runtime waits). */
  idle?: boolean;
}

/** What the runtime tells its owner. Called synchronously from inside the run loop. */
export interface RuntimeListener {
  onStop(stop: RuntimeStop): void;
  /** Guest console output, decoded as UTF-8 (fd 1 stdout, fd 2 stderr); console 'debugConsole' only. */
  onOutput(fd: number, text: string): void;
  /** What the guest's terminal shows next (console 'terminal' only): a `glasskernel/consoleOutput` event. */
  onConsoleOutput(text: string): void;
  /** The first process exited and every process was reaped; `status` is its wait4 status word. */
  onExit(status: number): void;
  /** A message about the debugger itself (not guest output), e.g. an internal error. */
  onLog(message: string): void;
  /** A slice of guest work ended without a stop, or a process exited: threads may have gone. */
  onProgress(): void;
  /** Thread `tid` was just created (clone), while the guest runs. */
  onThreadStarted(tid: number): void;
  /**
   * Thread `tid` is about to execute a user breakpoint at `pc`: true to stop, false to run on
   * (a false condition, an unmet hit count, a logpoint). Called inside the run loop.
   */
  onBreakpointHit(tid: number, pc: number): boolean;
  /**
   * Thread `tid` reached kernel breakpoint pause `pause` (a breakpoint on a kernel source line):
   * true to stop, false to run on (its condition is false, its hit count unmet, a logpoint).
   */
  onKernelBreakpointHit(tid: number, pause: PauseRecord): boolean;
}

/** Launch options: guest argv after argv[0], the guest RAM size, and host files to copy in. */
export interface RuntimeOptions {
  args?: string[];
  memoryMiB?: number;
  /** Instructions per time slice; the kernel's default without it. */
  timeSliceInstructions?: number;
  /** Scheduling policy; round robin without it. */
  scheduler?: SchedulerName;
  /** Host files to copy into the guest file system at boot (launch attribute `files`). */
  files?: { guest: string; data: Uint8Array }[];
  /** Where the guest's console is (launch attribute `console`); 'debugConsole' without it. */
  console?: ConsoleMode;
}

/** A running activity: `advance` does one bounded slice of work, undefined meaning "not done". */
interface Operation {
  advance(): Outcome | undefined;
}

/** Runs a program under the kernel for a debugging session. */
export class Runtime implements StepContext {
  readonly kernel: Kernel;
  readonly breakpoints: BreakpointSet;
  /** The session's page faults (and syscalls while the System call filter is on): `glasskernel/faultLog`. */
  readonly faultLog: FaultLog;
  /** The TLB's counters when the guest last resumed (`glasskernel/tlb` counts from there). */
  private tlbAtResume: TlbCounters;
  private stopOnValue: StopOn = defaultStopOn();
  /** The guest's console: the kernel's host side of it, queued input, terminal output (guest-console.ts). */
  readonly guestConsole: GuestConsole;
  private mainTid: number | undefined;
  private operation: Operation | undefined;
  /** Console 'terminal': the operation waits for input (every thread does); consoleInput or pause resumes it. */
  private parked = false;
  private pauseRequested = false;
  private exited = false;
  private disposed = false;
  private lastScheduledTid: number | undefined;
  private readonly decoders = new Map<number, TextDecoder>();
  /** The kernel pause each thread is suspended at (only the current thread can be); cleared on resume. */
  private readonly kernelPauses = new Map<number, KernelPause>();
  /**
   * The values known so far on the kernel path being stepped (each pause's values override the
   * earlier ones: the VMA found at `fault.find_vma` is still shown at `cow.refcount`); reset at
   * a path's entry, when the stop is on another thread or in another path (another outermost
   * kernel function), and whenever a slice ends outside the kernel.
   */
  private pathValues: PauseValues = {};
  /** Thread and outermost kernel function of the path `pathValues` belong to. */
  private pathOwner = '';
  /** Pause ids of the kernel's steppable paths that stop any thread (kernel source breakpoints). */
  kernelBreakpoints: ReadonlySet<string> = new Set();
  /** Which events of the enabled exception filters stop (their conditions); others run on. */
  eventConditions: EventConditions | undefined;

  constructor(readonly program: Program, private readonly options: RuntimeOptions, private readonly listener: RuntimeListener) {
    installKernelSources();
    const memoryBytes = options.memoryMiB !== undefined ? options.memoryMiB * BYTES_PER_MIB : undefined;
    this.guestConsole = new GuestConsole(options.console ?? 'debugConsole', (text) => this.listener.onConsoleOutput(text), (fd, data) => this.output(fd, data));
    this.kernel = new Kernel({
      memoryBytes,
      timeSliceInstructions: options.timeSliceInstructions,
      scheduler: options.scheduler,
      host: this.guestConsole.host(),
      console: { lineDiscipline: this.guestConsole.terminal },
    });
    this.breakpoints = new BreakpointSet(this.kernel.breakpoints);
    this.kernel.on('schedule', (e) => { this.lastScheduledTid = e.toTid; });
    this.kernel.on('fork', (e) => this.listener.onThreadStarted(e.childTid));
    this.kernel.on('exit', () => this.listener.onProgress());
    this.faultLog = new FaultLog(this.kernel, (tid, pc) => this.runsProgram(tid, pc));
    this.faultLog.traceSyscalls(!!this.stopOnValue.syscall);
    this.tlbAtResume = this.kernel.tlbCounters();
  }

  /** Which kernel events stop a run (the enabled exception filters); the Fault Log records syscalls while `syscall` is on. */
  get stopOn(): StopOn {
    return this.stopOnValue;
  }

  set stopOn(value: StopOn) {
    this.stopOnValue = value;
    this.faultLog.traceSyscalls(!!value.syscall);
  }

  /**
   * What the runtime records for `glasskernel/faultLog` and `glasskernel/tlb` (custom-records.ts);
   * `toHost` maps a line table's file name to the host path the client opens.
   */
  recorded(toHost: (file: string) => string): RecordedViews {
    return {
      faultLog: this.faultLog,
      tlbAtResume: this.tlbAtResume,
      sourceAt: (pc) => {
        const loc = this.program.locationAt(pc);
        return loc ? { path: toHost(loc.file), line: loc.line } : undefined;
      },
    };
  }

  /** Places the program in the guest VFS and creates its process; nothing runs yet. */
  start(): { ok: true; tid: number } | { ok: false; error: string } {
    this.kernel.addFile(this.program.guestPath, this.program.bytes);
    for (const f of this.options.files ?? []) {
      if (this.kernel.addFile(f.guest, f.data) < 0) return { ok: false, error: `cannot place ${f.guest} in the guest file system` };
    }
    const argv = [this.program.guestPath, ...(this.options.args ?? [])];
    const r = this.kernel.start(this.program.guestPath, argv, ['PATH=/bin', 'HOME=/']);
    if (!r.ok) return r;
    this.mainTid = this.kernel.processes().find((p) => p.pid === r.pid)?.tids[0] ?? r.pid;
    this.lastScheduledTid = this.mainTid;
    return { ok: true, tid: this.mainTid };
  }

  /** True while an operation (continue, step) is in progress. */
  get running(): boolean {
    return this.operation !== undefined;
  }

  /** True once the program has exited. */
  get hasExited(): boolean {
    return this.exited;
  }

  /** The thread a pause (or an entry stop) is attributed to: the last one scheduled, if alive. */
  currentTid(): number | undefined {
    const threads = this.kernel.threads();
    if (this.lastScheduledTid !== undefined && threads.some((t) => t.tid === this.lastScheduledTid)) return this.lastScheduledTid;
    return threads[0]?.tid ?? this.mainTid;
  }

  /** Resumes every thread until a breakpoint, an enabled event, a pause or the exit. */
  continue(fromTid?: number): void {
    this.begin(fromTid, { advance: () => this.continueSlice() });
  }

  /**
   * Steps thread `tid`: `kind` 'into' (stepIn), 'over' (next) or 'out' (stepOut), by one
   * source line or one instruction. Other threads run too (all-stop mode, as gdb's default).
   */
  step(tid: number, kind: StepKind, granularity: 'line' | 'instruction', view: StepView = {}): void {
    const inKernel = this.kernelPauses.get(tid);
    const op = inKernel ? new KernelStepOperation(this, tid, kind, inKernel) : new StepOperation(this, tid, kind, granularity, view);
    this.begin(tid, op);
  }

  /** Where thread `tid` is paused inside a steppable kernel path, undefined when it is not. */
  kernelPause(tid: number): KernelPause | undefined {
    return this.kernelPauses.get(tid);
  }

  /** Asks a running operation to stop at the end of the current slice; a no-op when stopped. */
  pause(): void {
    if (!this.operation) return;
    this.pauseRequested = true;
    if (this.parked) this.unpark();
  }

  /**
   * `glasskernel/consoleInput` (console 'terminal'): queues the keys for the kernel, which takes
   * them between run slices; a run waiting for input goes on. An error value for bad arguments,
   * console 'debugConsole', or a program that has exited.
   */
  consoleInput(args: unknown): ConsoleResult {
    const r = this.guestConsole.request(args, this.exited);
    if (r.ok && this.parked) this.unpark();
    return r;
  }

  /**
   * `glasskernel/consoleResize` (console 'terminal'): the console's window size changes and the
   * foreground process group gets SIGWINCH (a reader waiting for input is woken to take it).
   */
  consoleResize(args: unknown): { ok: true; body: Record<string, never> } | { ok: false; error: string } {
    const r = this.guestConsole.resizeRequest(args, this.exited);
    if (!r.ok) return r;
    this.kernel.resizeConsole(r.rows, r.columns);
    if (this.parked) this.unpark();
    return { ok: true, body: {} };
  }

  /** Resumes the parked operation on the next turn of the event loop. */
  private unpark(): void {
    this.parked = false;
    const op = this.operation;
    if (op) setImmediate(() => this.tick(op));
  }

  /** Stops everything for good: no further slices run. */
  dispose(): void {
    this.disposed = true;
    this.operation = undefined;
    this.parked = false;
  }

  /**
   * Ends the guest (DAP terminate): every process is killed (SIGKILL, as the kernel's shutdown
   * does) and no further slice runs. Returns the program's wait4 status.
   */
  terminate(): number {
    this.operation = undefined;
    this.parked = false;
    this.kernelPauses.clear();
    this.kernel.shutdown();
    this.exited = true;
    this.disposed = true;
    this.flushOutput();
    return this.kernel.finalStatus ?? 0;
  }

  // ---- StepContext -------------------------------------------------------------------------

  /** Registers of thread `tid`, undefined when it no longer exists. */
  registers(tid: number): RegisterSnapshot | undefined {
    return this.kernel.registers(tid);
  }

  /** Pid of the process owning thread `tid`. */
  pidOf(tid: number): number | undefined {
    return this.kernel.threads().find((t) => t.tid === tid)?.pid;
  }

  /** Where thread `tid`'s innermost physical frame returns to and its CFA (stepOut), from the unwinder. */
  returnOf(tid: number): { pc: number; sp: number } | undefined {
    const frames = unwindPhysical(this, tid, 2);
    const inner = frames[0];
    const caller = frames[1];
    const sp = caller?.regs[RISCV_DWARF_SP];
    if (!inner || !caller || sp === undefined || caller.kind !== 'normal') return undefined;
    return { pc: caller.pc, sp: Number(sp) };
  }

  /** Every process, zombies included (the Process scope). */
  processes(): ProcessInfo[] {
    return this.kernel.processes();
  }

  /** Thread `tid`'s last trap CSRs and fcsr (the CSRs group of the Registers scope). */
  trapState(tid: number): TrapState | undefined {
    const csrs = this.kernel.trapCsrs(tid);
    return csrs ? { ...csrs, fcsr: this.kernel.registers(tid)?.fcsr } : undefined;
  }

  /** Writes guest memory as the process could (setVariable, writeMemory); false when refused. */
  writeMemory(pid: number, va: number, data: Uint8Array): boolean {
    return this.kernel.writeMemory(pid, va, data) === data.length;
  }

  /** Writes register `regno` of thread `tid` (DWARF numbering: x 0..31, f 32..63; REGNO_PC the pc). */
  writeRegister(tid: number, regno: number, value: bigint): boolean {
    const target: RegisterTarget | undefined = regno === REGNO_PC ? { kind: 'pc' }
      : regno >= 0 && regno < RISCV_DWARF_F0 ? { kind: 'x', index: regno }
        : regno >= RISCV_DWARF_F0 && regno <= RISCV_DWARF_F31 ? { kind: 'f', index: regno - RISCV_DWARF_F0 } : undefined;
    return target !== undefined && this.kernel.setRegister(tid, target, value) === 0;
  }

  /**
   * Side-effect-free read of guest virtual memory as the process would see it: pages not
   * faulted in yet read as they will be filled (ELF image, zeros, page cache), without
   * faulting them in. Stops at the first unreadable page.
   */
  readMemory(pid: number, va: number, len: number): Uint8Array | undefined {
    return this.kernel.peekMemory(pid, va, len);
  }

  /**
   * Reads instructions of process `pid` at `va` as it would execute them (its own image, even
   * after an execve of another program; pages not yet faulted in read from the file), else
   * from the launched program's ELF image.
   */
  readCode(pid: number, va: number, len: number): Uint8Array | undefined {
    const bytes = this.kernel.peekMemory(pid, va, len);
    if (bytes && bytes.length >= len) return bytes;
    return this.program.codeBytes(va, len);
  }

  /**
   * Runs one kernel slice under `control` (plus the enabled events) and classifies its end:
   * final outcomes (exit, event, user breakpoint, idle) end the operation.
   */
  /** Finishes a suspended kernel path unwatched, running no user instruction (KernelStepContext). */
  finishKernelPath(): Slice {
    return this.classify(this.kernel.run(0, { stopOn: this.stopOn }), {});
  }

  runSlice(control: Omit<RunControl, 'stopOn'>): Slice {
    for (let silent = 0; ; silent++) {
      const kernelBreakpoints = this.kernelBreakpoints.size > 0 ? this.kernelBreakpoints : undefined;
      const stop = this.kernel.run(RUN_CHUNK_INSTRUCTIONS, { ...control, kernelBreakpoints, stopOn: this.stopOn });
      if (stop.kind === 'breakpoint' && this.breakpoints.isUser(stop.pc) && !this.breakpoints.isTemporary(stop.pc)
        && !this.listener.onBreakpointHit(stop.tid, stop.pc)) {
        // Another program's code at the address, a false condition, an unmet hit count or a
        // logpoint: run on (yielding now and then).
        if (silent < MAX_SILENT_HITS_PER_SLICE) continue;
        return { kind: 'budget' };
      }
      if (stop.kind === 'event' && this.eventConditions && !this.eventConditions.wants(stop.event)) {
        if (silent < MAX_SILENT_HITS_PER_SLICE) continue;
        return { kind: 'budget' };
      }
      if (stop.kind === 'kernel' && stop.upcoming && this.eventConditions && !this.eventConditions.wants(stop.upcoming.event)) {
        // A filter's condition rules this event out: a kernel step or breakpoint there still stops, as plain.
        if (control.kernelStep?.tid === stop.tid || this.kernelBreakpoints.has(stop.pause.id)) return this.classify({ ...stop, upcoming: undefined }, control);
        if (silent < MAX_SILENT_HITS_PER_SLICE) continue;
        return { kind: 'budget' };
      }
      if (stop.kind === 'kernel' && !stop.upcoming && control.kernelStep?.tid !== stop.tid && !this.listener.onKernelBreakpointHit(stop.tid, stop.pause)) {
        if (silent < MAX_SILENT_HITS_PER_SLICE) continue;
        return { kind: 'budget' };
      }
      return this.classify(stop, control);
    }
  }

  /**
   * True when the instruction at `pc` in thread `tid` belongs to the launched program's image
   * (its segments as execve mapped them, in the first process, a forked child or a new image of
   * the same file), so its breakpoints apply there and not in another executable that happens
   * to have code at the same virtual address.
   */
  runsProgram(tid: number, pc: number): boolean {
    return this.kernel.executableAt(tid, pc) === this.program.guestPath;
  }

  private classify(stop: KernelStop, control: Omit<RunControl, 'stopOn'>): Slice {
    if (stop.kind !== 'kernel') this.pathValues = {};
    switch (stop.kind) {
      case 'budget': return { kind: 'budget' };
      case 'step': return { kind: 'step', tid: stop.tid };
      case 'exited': return { kind: 'done', outcome: { kind: 'exited', status: stop.status } };
      case 'idle':
        return { kind: 'done', outcome: { kind: 'stop', stop: { reason: 'pause', tid: this.currentTid() ?? 0, description: 'Idle', text: 'Every thread waits for console input', idle: true } } };
      case 'event': {
        const ev = stop.event;
        // An exit stop may name a thread that is already gone: show it on a live one.
        const tid = this.kernel.registers(stop.tid) ? stop.tid : this.currentTid() ?? stop.tid;
        return { kind: 'done', outcome: { kind: 'stop', stop: { reason: 'exception', tid, description: eventTitle(ev), text: describeEvent(ev), filter: filterForEvent(ev) } } };
      }
      case 'breakpoint':
        if (this.breakpoints.isUser(stop.pc)) {
          return { kind: 'done', outcome: { kind: 'stop', stop: { reason: 'breakpoint', tid: stop.tid, pc: stop.pc } } };
        }
        return { kind: 'temp', tid: stop.tid, pc: stop.pc };
      case 'watchpoint':
        return { kind: 'done', outcome: { kind: 'stop', stop: { reason: 'data breakpoint', tid: stop.tid, watch: stop } } };
      case 'kernel': { // paused in a steppable kernel path: by a kernel step, else by a kernel breakpoint
        const reason = control.kernelStep?.tid === stop.tid ? 'step' : 'breakpoint';
        const owner = `${stop.tid} ${stop.pause.frames[0]?.fn ?? ''}`;
        const fresh = ENTRY_PAUSES.has(stop.pause.id) || owner !== this.pathOwner;
        this.pathOwner = owner;
        this.pathValues = { ...(fresh ? {} : this.pathValues), ...definedValues(stop.pause.values) };
        const pause = { ...stop.pause, values: { ...this.pathValues } };
        const kernel = { pause, depth: stop.depth };
        if (stop.upcoming) {
          // An OS event at its trap, before the kernel acts: an exception stop in the kernel's entry frame.
          const u = stop.upcoming;
          const peek = (va: number, len: number): Uint8Array | undefined => this.kernel.peekMemory(u.event.data.pid, va, len);
          return { kind: 'done', outcome: { kind: 'stop', stop: { reason: 'exception', tid: stop.tid, description: upcomingTitle(u), text: describeUpcoming(u, peek), filter: u.filter, kernel } } };
        }
        return { kind: 'done', outcome: { kind: 'stop', stop: { reason, tid: stop.tid, kernel } } };
      }
    }
  }

  // ---- the run loop ------------------------------------------------------------------------

  private continueSlice(): Outcome | undefined {
    const slice = this.runSlice({});
    return slice.kind === 'done' ? slice.outcome : undefined;
  }

  private begin(tid: number | undefined, op: Operation): void {
    if (this.exited || this.disposed || this.operation) return;
    // The thread resumes over whatever breakpoint it stopped at (gdb steps over it), and only
    // over that one: every later hit, in the same slice or not, is reported.
    const focus = tid ?? this.currentTid();
    if (focus !== undefined) this.kernel.resumeOverBreakpoint(focus);
    this.kernelPauses.clear();
    this.faultLog.resumed();
    this.tlbAtResume = this.kernel.tlbCounters();
    this.operation = op;
    this.pauseRequested = false;
    this.parked = false;
    setImmediate(() => this.tick(op));
  }

  private tick(op: Operation): void {
    if (this.disposed || this.operation !== op || this.parked) return;
    let outcome: Outcome | undefined;
    if (this.pauseRequested) {
      outcome = { kind: 'stop', stop: { reason: 'pause', tid: this.currentTid() ?? 0 } };
    } else {
      outcome = this.advanceSafely(op);
    }
    this.guestConsole.flush(outcome?.kind === 'exited');
    if (outcome?.kind === 'stop' && outcome.stop.idle && this.guestConsole.terminal) {
      // Console 'terminal': every thread waits for input, as at a real terminal. No stop and no
      // polling: consoleInput (or pause) resumes the same operation.
      this.parked = true;
      this.listener.onProgress();
      return;
    }
    if (!outcome) {
      this.listener.onProgress();
      setImmediate(() => this.tick(op));
      return;
    }
    this.operation = undefined;
    this.pauseRequested = false;
    this.breakpoints.clearTemporary();
    if (outcome.kind === 'exited') {
      this.exited = true;
      this.flushOutput();
      this.listener.onExit(outcome.status);
    } else {
      if (outcome.stop.kernel) this.kernelPauses.set(outcome.stop.tid, outcome.stop.kernel);
      this.listener.onStop(outcome.stop);
    }
  }

  /**
   * One slice of `op`. An exception here is a bug in Glasskernel, never the guest's doing:
   * it is reported and the run stops, so the session survives and the state can be inspected.
   */
  private advanceSafely(op: Operation): Outcome | undefined {
    try {
      // Typed keys reach the kernel only here, between slices: its line discipline may signal.
      this.guestConsole.deliver(this.kernel);
      return op.advance();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.listener.onLog(`Glasskernel internal error: ${err.stack ?? err.message}\n`);
      return { kind: 'stop', stop: { reason: 'exception', tid: this.currentTid() ?? 0, description: 'Internal error', text: `Glasskernel internal error: ${err.message}` } };
    }
  }

  private output(fd: number, data: Uint8Array): void {
    let decoder = this.decoders.get(fd);
    if (!decoder) this.decoders.set(fd, (decoder = new TextDecoder('utf-8')));
    const text = decoder.decode(data, { stream: true });
    if (text !== '') this.listener.onOutput(fd, text);
  }

  private flushOutput(): void {
    this.guestConsole.flush(true);
    for (const [fd, decoder] of this.decoders) {
      const rest = decoder.decode();
      if (rest !== '') this.listener.onOutput(fd, rest);
    }
  }
}
