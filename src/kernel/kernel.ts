import { Hart, type HartContext } from '../emu/hart';
import { PhysicalMemory } from '../emu/memory';
import { Exception, type StopReason } from '../emu/trap';
import type {
  AccessKind, ConsoleOptions, FaultDecision, KernelEventName, KernelEvents, KernelHost, KernelStats, KernelStop,
  PageTableInfo, ProcessInfo, RegisterSnapshot, RunControl, ThreadInfo, UpcomingEvent, VmaInfo, WatchpointRequest, WatchpointResult,
} from './api';
import { ECALL_BYTES, REG_SP, XLEN_REGS } from './abi';
import { EventBus, type Listener } from './events';
import { handleMmFault, mmFaultPath } from './fault';
import { ENOENT } from './errno';
import { FileTable, POLL_WAIT } from './files';
import { FrameAllocator } from './frames';
import { FsInfo } from './vfs/fsinfo';
import * as inspect from './inspect';
import * as inspectFrames from './inspect-frames';
import type { FrameMap } from './inspect-frames';
import * as inspectSched from './inspect-sched';
import * as inspectTlb from './inspect-tlb';
import type { TlbCounters, TlbInfo } from './inspect-tlb';
import type { SchedInfo } from './inspect-sched';
import * as inspectWalk from './inspect-walk';
import type { WalkExplanation } from './inspect-walk';
import * as inspectProcs from './inspect-procs';
import type { ProcessDetail } from './inspect-procs';
import * as inspectMaps from './inspect-maps';
import type { VmaPages } from './inspect-maps';
import { signalProcess } from './debug-signal';
import * as debugAccess from './debug-access';
import type { RegisterTarget, TrapCsrs } from './debug-access';
import { endRun, createInit } from './init';
import { killProcess, wakeWaiters } from './lifecycle';
import { loadElf } from './loader';
import { createMmContext, type MmContext } from './mm';
import { outOfMemory } from './oom';
import { Process, Thread, commFromPath } from './process';
import { createScheduler, type Scheduler, type SchedulerName } from './sched';
import { SIGBUS, SIGILL, SIGKILL, SIGSEGV, SIGTRAP, SIGWINCH, signaledStatus, signalName } from './signal';
import { deliverSignals, deliverSignalsPath, forceSignal, sendProcessSignal, signalPending } from './signals/deliver';
import { BUS_ADRALN, BUS_ADRERR, ILL_ILLOPC, SEGV_ACCERR, SEGV_MAPERR, SI_KERNEL, TRAP_BRKPT } from './signals/state';
import { completeSyscall } from './syscall/restart';
import { doSyscall, syscallName, syscallNumber, syscallPath } from './syscall/dispatch';
import { UserMemory } from './uaccess';
import { Vfs } from './vfs/vfs';
import { call, drive, pause, runToEnd, startPath, type KernelPath, type Steps } from './steps/path';
import { createVdsoFrame } from './vdso';
import { KernelWatchpoints, kernelWriteHook, userWatchStop } from './watch';
import { upcomingFault, upcomingSyscall } from './upcoming';

/** Default guest RAM: 128 MiB. */
export const DEFAULT_MEMORY_BYTES = 128 * 1024 * 1024;
/** Default time slice: instructions a thread runs before the scheduler may switch. */
export const DEFAULT_TIME_SLICE = 10_000;
/** Virtual time: nanoseconds that pass per retired instruction (a 1 GHz virtual CPU). */
export const NS_PER_INSTRUCTION = 1;
/** Most processes that may exist at once (live or zombie); fork beyond it fails with EAGAIN. */
export const DEFAULT_MAX_PROCESSES = 256;
/** Fixed seed of the kernel's pseudo-random generator (AT_RANDOM bytes), for reproducible runs. */
export const RANDOM_SEED = 0x9e3779b9;

/** How the kernel is set up. */
export interface KernelOptions {
  /** Guest RAM in bytes (a multiple of 4096); default DEFAULT_MEMORY_BYTES. */
  memoryBytes?: number;
  /** Console I/O of the host. */
  host: KernelHost;
  /** Instructions per time slice; default DEFAULT_TIME_SLICE. */
  timeSliceInstructions?: number;
  /** Process limit; default DEFAULT_MAX_PROCESSES. */
  maxProcesses?: number;
  /**
   * Tickless running (default true), after Linux's nohz_full: while one thread is runnable it
   * runs past slice ends that would only give it the hart again, up to the slice end at which
   * the next timer fires. The schedule, the clock and all output are the same either way; off,
   * the kernel stops the hart at every slice end (for comparison in tests).
   */
  tickless?: boolean;
  /** Scheduling policy: 'round-robin' (default) or 'stride' (CPU share by nice value). See sched.ts. */
  scheduler?: SchedulerName;
  /** How the console treats the host's bytes (api.ts ConsoleOptions); default: no line discipline. */
  console?: ConsoleOptions;
}

/**
 * The slice left after a tickless run of `ran` instructions that began with `sliceLeft` left:
 * each slice end passed would have given the lone thread a fresh `timeSlice`, so the run is
 * where it would be in its current slice (0 exactly at a slice end: preempt now).
 */
export function sliceLeftAfter(sliceLeft: number, ran: number, timeSlice: number): number {
  if (ran < sliceLeft) return sliceLeft - ran;
  const over = (ran - sliceLeft) % timeSlice;
  return over === 0 ? 0 : timeSlice - over;
}

/**
 * The Glasskernel kernel: Linux riscv64 process, memory and file model on top of one emulated
 * hart. The host drives it with `run(budget)`; everything the guest does comes back as a
 * `KernelStop` and as typed events. Guest input never makes it throw: a thrown exception is a
 * bug in the kernel.
 */
export class Kernel {
  readonly mem: PhysicalMemory;
  readonly hart: Hart;
  readonly frames: FrameAllocator;
  /** Virtual pcs where `run` stops before executing, in every process. */
  readonly breakpoints: Set<number>;
  /** The guest file system (tmpfs root, /dev, /proc, /tmp); host files are copied in at boot. */
  readonly vfs: Vfs;
  readonly procs = new Map<number, Process>();
  readonly threadsById = new Map<number, Thread>();
  readonly sched: Scheduler;
  readonly host: KernelHost;
  readonly mmCtx: MmContext;
  readonly timeSlice: number;
  readonly maxProcesses: number;
  readonly framesAtBoot: number;
  /** The thread whose registers are live in the hart, if any. */
  current?: Thread;
  /** Pid of init (1; see init.ts), or 0 before `start`. */
  initPid = 0;
  /** Pid of the program `start` ran (2): when it exits, init ends the run. */
  programPid = 0;
  /** wait4 status of the program once it exited: the run's status. */
  finalStatus?: number;
  /** Nanoseconds skipped while every thread slept (added to the instruction clock). */
  idleNs = 0;
  processesCreated = 0;
  readonly faultCounts: Record<FaultDecision, number> = {
    'demand-zero': 0, file: 0, shared: 0, 'cow-copy': 0, 'cow-reuse': 0, 'stack-grow': 0, spurious: 0, segv: 0, sigbus: 0, oom: 0,
  };
  /** Set by an event the current RunControl asks to stop for. */
  pendingStop?: KernelStop;
  private control: RunControl = {};
  private readonly bus = new EventBus();
  private nextId = 1;
  private sliceLeft = 0;
  private readonly ticklessAllowed: boolean;
  private loadedSatp = -1n;
  private randomState = RANDOM_SEED;
  private readonly watchpoints = new KernelWatchpoints();
  /** Steppable kernel paths paused mid-way, by thread id (resumed first by the next `run`). */
  private readonly suspended = new Map<number, KernelPath>();

  constructor(opts: KernelOptions) {
    this.host = opts.host;
    this.mem = new PhysicalMemory(opts.memoryBytes ?? DEFAULT_MEMORY_BYTES);
    this.hart = new Hart(this.mem);
    this.vfs = new Vfs(this, opts.host);
    this.breakpoints = this.hart.breakpoints;
    this.frames = new FrameAllocator(this.mem);
    // The vDSO frame is the kernel's for its whole life: it counts among the frames in use at boot.
    const vdsoPpn = createVdsoFrame(this.mem, this.frames);
    this.framesAtBoot = this.frames.inUse;
    this.timeSlice = opts.timeSliceInstructions ?? DEFAULT_TIME_SLICE;
    this.ticklessAllowed = opts.tickless ?? true;
    this.maxProcesses = opts.maxProcesses ?? DEFAULT_MAX_PROCESSES;
    this.sched = createScheduler(opts.scheduler);
    this.mmCtx = createMmContext(this.mem, this.frames, (cause) => this.hart.flushTlb(cause));
    this.mmCtx.vdsoPpn = vdsoPpn;
    this.mmCtx.outOfMemory = (mm, trigger) => outOfMemory(this, mm, trigger);
    if (opts.console?.lineDiscipline) {
      this.vfs.console.enableLineDiscipline({ signalGroup: (pgrp, sig) => this.signalGroup(pgrp, sig), nowNs: () => this.clockNs });
    }
  }

  /** Subscribes to a kernel event; returns the unsubscribe function. */
  on<K extends KernelEventName>(name: K, fn: Listener<K>): () => void {
    return this.bus.on(name, fn);
  }

  /** True when anyone listens to `name` (lets hot paths skip building payloads). */
  listens(name: KernelEventName): boolean {
    return this.bus.has(name);
  }

  /** Emits an event and, when the current RunControl stops on it, records the stop. */
  emit<K extends KernelEventName>(name: K, data: KernelEvents[K], stop = false): void {
    this.bus.emit(name, data);
    if (stop && !this.pendingStop) {
      const tid = 'tid' in data ? (data as { tid: number }).tid : 0;
      this.pendingStop = { kind: 'event', tid, event: { name, data } as never };
    }
  }

  /**
   * Ends the current run with `stop` without broadcasting anything: a debugger stop *before*
   * something happens (an exit or a fatal signal about to be delivered), which then happens
   * when the run resumes. The first stop requested in a run wins.
   */
  stopBefore(stop: KernelStop): void {
    this.pendingStop ??= stop;
  }

  /** The RunControl of the run in progress (which events stop it). */
  get stopOn(): NonNullable<RunControl['stopOn']> {
    return this.control.stopOn ?? {};
  }

  /**
   * Places a file in the guest file system at absolute `path`, creating missing parent
   * directories (mode 0755; the bytes are copied only when the guest first changes them).
   * Returns 0, or -errno when a non-directory is in the way.
   */
  addFile(path: string, data: Uint8Array): number {
    return this.vfs.addFile(path, data);
  }

  /** A fresh thread/process id (Linux shares one number space between them). */
  allocId(): number {
    return this.nextId++;
  }

  /** Virtual time in nanoseconds: retired instructions plus skipped idle time. Deterministic. */
  get clockNs(): number {
    return this.hart.instret * NS_PER_INSTRUCTION + this.idleNs;
  }

  /** `n` bytes from the kernel's seeded generator (xorshift32): the same every run. */
  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let x = this.randomState;
    for (let i = 0; i < n; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      out[i] = x & 0xff;
    }
    this.randomState = x >>> 0;
    return out;
  }

  /**
   * Boots init (pid 1, see init.ts) and starts the program (pid 2, init's child, leading its own
   * session and process group) running the file at `path` with `argv`/`envp`, its fds 0, 1, 2
   * on the console. Returns the program's pid, or an error sentence (missing file, not a RISC-V
   * executable, out of memory) with nothing started. The run ends when the program exits.
   */
  start(path: string, argv: string[], envp: string[]): { ok: true; pid: number } | { ok: false; error: string } {
    if (this.initPid) return { ok: false, error: 'a program is already running' };
    const file = this.vfs.lookupExecutable(undefined, path);
    if (file === -ENOENT) return { ok: false, error: `${path}: no such file in the guest file system` };
    if (typeof file === 'number') return { ok: false, error: `${path}: cannot execute (errno ${-file})` };
    const image = loadElf(this.mmCtx, file, argv, envp, this.randomBytes(16));
    if ('errno' in image) return { ok: false, error: `${path}: ${image.message}` };
    const files = new FileTable();
    for (const fd of [0, 1, 2]) files.install(this.vfs.consoleFile(fd === 2 ? 2 : 1));
    const init = createInit(this);
    if (!init) { image.mm.release(); files.release(); return { ok: false, error: 'out of memory' }; }
    const pid = this.allocId();
    const proc = new Process(pid, init.pid, commFromPath(path), image.mm, this.maxProcesses);
    proc.startNs = this.clockNs;
    init.children.add(pid);
    const thread = new Thread(pid, proc, blankContext(image.entry, image.sp), files, new FsInfo());
    this.addProcess(proc, thread);
    this.programPid = pid;
    // The console is the controlling terminal of the program's session, its group in the foreground.
    this.vfs.console.session = proc.sid;
    this.vfs.console.foregroundPgrp = proc.pgid;
    return { ok: true, pid };
  }

  /** Registers a new process and its first thread, and makes the thread runnable. */
  addProcess(proc: Process, thread: Thread): void {
    proc.threads.push(thread);
    this.procs.set(proc.pid, proc);
    this.threadsById.set(thread.tid, thread);
    this.processesCreated++;
    this.sched.enqueue(thread);
  }

  /** True once the program has exited and every process (init last) is reaped. */
  get finished(): boolean {
    return this.initPid !== 0 && this.finalStatus !== undefined && this.procs.size === 0;
  }

  /**
   * Runs guest code for at most `budget` instructions, scheduling threads preemptively, and
   * returns why it stopped (see KernelStop). Call again to resume.
   */
  run(budget: number, control: RunControl = {}): KernelStop {
    this.control = control;
    this.pendingStop = undefined;
    let remaining = budget;
    const resumed = this.resumeSuspended();
    if (resumed) return resumed;
    for (;;) {
      if (this.finished) return { kind: 'exited', status: this.finalStatus! };
      const t = this.current ?? this.scheduleNext();
      if (!t) {
        const idle = this.idle();
        if (idle) return idle;
        continue;
      }
      // Pending signals are delivered before the thread returns to user mode.
      if (signalPending(t) && !(this.kernelWatched(t, true) ? this.steppedDelivery(t) : deliverSignals(this, t))) {
        if (this.pendingStop) return this.pendingStop;
        continue;
      }
      const stepping = control.stepTid === t.tid;
      if (remaining <= 0) return { kind: 'budget' };
      // A lone runnable thread runs tickless (Linux nohz_full): past slice ends that would only
      // hand the hart back to it, up to the slice end at which the next timer fires.
      const tickless = this.ticklessAllowed && !stepping && this.sched.queued === 0;
      const n = stepping ? 1 : Math.min(remaining, tickless ? this.ticklessBudget() : this.sliceLeft);
      const watches = this.watchpoints.listFor(t.process.mm);
      if (watches !== this.hart.watch) this.hart.setWatchList(watches);
      const before = this.hart.instret;
      const r = this.hart.run(n, { ignoreBreakpointAtStart: t.skipBreakpointOnce });
      const ran = this.hart.instret - before;
      t.instructions += ran;
      t.process.cpu.self += ran;
      this.sched.charge(t, ran);
      t.skipBreakpointOnce = false;
      remaining -= ran;
      this.sliceLeft = tickless ? sliceLeftAfter(this.sliceLeft, ran, this.timeSlice) : this.sliceLeft - ran;
      let retired = ran > 0;
      if (r.kind === 'breakpoint') {
        t.skipBreakpointOnce = true;
        return { kind: 'breakpoint', tid: t.tid, pc: r.pc };
      }
      if (r.kind === 'watchpoint') return userWatchStop(t, r);
      if (r.kind === 'trap') retired = this.handleTrap(t, r) || retired;
      if (this.pendingStop) return this.pendingStop;
      if (stepping && retired) return { kind: 'step', tid: t.tid };
      if (this.current && this.sliceLeft <= 0 && this.preempt()) return this.pendingStop!;
    }
  }

  /** Dispatches a trap of the current thread; returns true when the trapping instruction retired. */
  private handleTrap(t: Thread, r: Extract<StopReason, { kind: 'trap' }>): boolean {
    t.lastScause = r.scause;
    t.lastStval = r.stval;
    t.lastSepc = r.sepc;
    switch (r.scause) {
      case Exception.EnvironmentCallFromUMode:
      {
        const upcoming = upcomingSyscall(this.stopOn, t, syscallNumber(this), r.sepc, this.hart);
        return this.kernelWatched(t) || upcoming ? this.steppedSyscall(t, r.sepc, upcoming) : doSyscall(this, t, r.sepc);
      }
      case Exception.InstructionPageFault:
      case Exception.LoadPageFault:
      case Exception.StorePageFault:
        this.pageFault(t, r.scause, r.stval, r.sepc);
        return false;
      case Exception.IllegalInstruction:
        this.fatalSignal(t, SIGILL, `illegal instruction 0x${(r.stval >>> 0).toString(16)} at 0x${r.sepc.toString(16)}`, ILL_ILLOPC, r.sepc);
        return false;
      case Exception.Breakpoint:
        this.fatalSignal(t, SIGTRAP, `ebreak at 0x${r.sepc.toString(16)}`, TRAP_BRKPT, r.sepc);
        return false;
      case Exception.InstructionAddressMisaligned:
        this.fatalSignal(t, SIGBUS, `misaligned jump target 0x${r.stval.toString(16)}`, BUS_ADRALN, r.stval);
        return false;
      case Exception.LoadAddressMisaligned: // misaligned LR / AMO: SIGBUS BUS_ADRALN, as Linux
      case Exception.StoreAddressMisaligned:
        this.fatalSignal(t, SIGBUS, `misaligned atomic access at 0x${r.stval.toString(16)}`, BUS_ADRALN, r.stval);
        return false;
      default:
        this.fatalSignal(t, SIGSEGV, `access fault at 0x${r.stval.toString(16)} (scause ${r.scause})`, SEGV_ACCERR, r.stval);
        return false;
    }
  }

  /**
   * The user page-fault path. Unwatched (no kernelStep for `t`, no kernel breakpoints, no fault
   * filter) it runs to its end at once; otherwise the driver pauses it and `run` returns a
   * `kernel` stop — at the trap entry, with the foreseen event, when a filter wants it.
   */
  private pageFault(t: Thread, scause: number, stval: number, sepc: number): void {
    const access: AccessKind = scause === Exception.StorePageFault ? 'write' : scause === Exception.InstructionPageFault ? 'execute' : 'read';
    const gen = this.pageFaultPath(t, scause, stval, sepc, access);
    const upcoming = upcomingFault(this.stopOn, t, scause, stval, sepc, access);
    if (!this.kernelWatched(t) && !upcoming) runToEnd(gen);
    else this.stepPath(t, startPath('pageFault', gen), upcoming);
  }

  /** Trap entry of a user page fault: handleMmFault, the event, and SIGSEGV/SIGBUS/SIGKILL when it fails. */
  private *pageFaultPath(t: Thread, scause: number, stval: number, sepc: number, access: AccessKind): Steps<void> {
    yield pause('trap.page_fault', { pid: t.process.pid, tid: t.tid, scause, stval, sepc, address: stval, access });
    const res = yield* call('trap.call_handle_mm_fault', 'handleMmFault', mmFaultPath(t.process.mm, stval, access));
    this.faultCounts[res.decision]++;
    t.process.accountFault(res.decision);
    const signal = res.decision === 'segv' ? SIGSEGV : res.decision === 'sigbus' ? SIGBUS : res.decision === 'oom' ? SIGKILL : undefined;
    yield pause('trap.return', { address: stval, access, decision: res.decision, signal });
    // The fault filters stopped at the trap entry (upcoming.ts); a fault raising SIGSEGV stops now, before the signal.
    const stop = !!this.stopOn.segv && res.decision === 'segv';
    this.emit('pageFault', {
      pid: t.process.pid, tid: t.tid, address: stval, access, scause, sepc,
      vma: res.vma ? (res.vma.name || '[anon]') : undefined, decision: res.decision,
    }, stop);
    if (res.decision === 'segv') this.fatalSignal(t, SIGSEGV, `${access} at 0x${stval.toString(16)}`, res.vma ? SEGV_ACCERR : SEGV_MAPERR, stval);
    if (res.decision === 'sigbus') this.fatalSignal(t, SIGBUS, `${access} at 0x${stval.toString(16)} past the end of the mapped file`, BUS_ADRERR, stval);
    if (res.decision === 'oom') this.fatalSignal(t, SIGKILL, 'out of memory');
  }

  /**
   * A syscall as a steppable path (dispatch.ts syscallPath) whose one kernel frame is
   * `sys_<name>`; returns true when it ran to its end now and the ecall retired.
   */
  private steppedSyscall(t: Thread, sepc: number, upcoming?: UpcomingEvent): boolean {
    const body = syscallPath(this, t, sepc);
    let path: KernelPath | undefined;
    const gen = (function* (): Steps<void> { const retired = yield* body; if (path) path.retired = retired; })();
    path = startPath(`sys_${syscallName(syscallNumber(this))}`, gen);
    this.stepPath(t, path, upcoming);
    return !this.suspended.has(t.tid) && path.retired === true;
  }

  /**
   * Signal delivery of current thread `t` as a steppable path (signals/deliver.ts, root frame
   * `deliverSignals`); false when it paused (the stop is pending: `run` returns it before any
   * user instruction) or `t` can no longer run. A delivery that ends with `t` runnable (in its
   * handler) ends a step of `t` there (KernelPath.retired), at the handler's first instruction.
   */
  private steppedDelivery(t: Thread): boolean {
    const body = deliverSignalsPath(this, t);
    let path: KernelPath | undefined;
    let runs = false;
    const gen = (function* (): Steps<void> { runs = yield* body; if (path) path.retired = runs; })();
    path = startPath('deliverSignals', gen);
    this.stepPath(t, path);
    return !this.suspended.has(t.tid) && runs;
  }

  /**
   * True when the current RunControl may pause `t` in a kernel path: a `asynchronous` one
   * (signal delivery, the scheduler's pick) only when the kernel step asks for those.
   */
  private kernelWatched(t: Thread, asynchronous = false): boolean {
    const c = this.control;
    const step = c.kernelStep;
    return (step?.tid === t.tid && (!asynchronous || step.asynchronous === true)) || (c.kernelBreakpoints !== undefined && c.kernelBreakpoints.size > 0);
  }

  /**
   * Drives `path` of thread `t` to the next pause the RunControl asks for (then suspends it and
   * records the stop) or its end. With `upcoming` (an event filter wants this trap) the path's
   * entry pause stops, and the stop carries the event.
   */
  private stepPath(t: Thread, path: KernelPath, upcoming?: UpcomingEvent): void {
    const c = this.control;
    const every = upcoming !== undefined || c.kernelStep?.tid === t.tid;
    const hit = drive(path, (id) => every || !!c.kernelBreakpoints?.has(id));
    if (!hit) return;
    this.suspended.set(t.tid, path);
    this.pendingStop ??= { kind: 'kernel', tid: t.tid, pause: hit.pause, depth: hit.depth, ...(upcoming ? { upcoming } : {}) };
  }

  /**
   * Resumes a suspended kernel path (its thread is still on the hart: nothing ran since it
   * paused) under the new RunControl; returns the stop when it pauses again or its end stops
   * the run (an event), else undefined (the run goes on).
   */
  private resumeSuspended(): KernelStop | undefined {
    for (const [tid, path] of this.suspended) {
      this.suspended.delete(tid);
      const t = this.threadsById.get(tid);
      if (!t || t.state === 'dead') { runToEnd(path.gen); continue; }
      if (this.kernelWatched(t)) this.stepPath(t, path);
      else runToEnd(path.gen);
      if (this.pendingStop) return this.pendingStop;
      // A syscall path that completed retired its ecall: a step of that thread ends here.
      if (path.retired && this.control.stepTid === tid && !this.suspended.has(tid)) return { kind: 'step', tid };
    }
    return undefined;
  }

  /**
   * A synchronous signal from a fault of thread `t` (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, or the
   * OOM SIGKILL): logged as a `signal` event (a stop when the RunControl asks for segv), then
   * forced on the thread (signals/deliver.ts forceSignal) with siginfo `code` and fault address
   * `addr`. It is delivered before the thread runs again — when the run resumes if this event
   * stopped it, so the debugger shows the faulting state: a handler runs, or the default action
   * kills the process.
   */
  fatalSignal(t: Thread, sig: number, reason: string, code = SI_KERNEL, addr?: number): void {
    this.emit('signal', { pid: t.process.pid, tid: t.tid, signal: sig, reason: `${signalName(sig)}: ${reason}`, fault: true }, !!this.stopOn.segv);
    if (this.stopOn.segv) t.signalStopReported = sig;
    forceSignal(t, { signo: sig, code, addr });
  }

  /**
   * Sends signal `sig` to process `p` from the kernel (SIGPIPE, ...), through its disposition:
   * a handler runs, SIG_IGN drops it, or the default action applies (signals/deliver.ts).
   */
  sendSignal(p: Process, sig: number): void {
    // From the host while a path is paused: the path finishes first, on the state it started with.
    this.finishSuspended();
    sendProcessSignal(this, p, { signo: sig, code: SI_KERNEL });
  }

  /**
   * The host's terminal is now `rows` x `cols` characters (TIOCSWINSZ from the terminal's side,
   * Linux tty_do_resize): the console's window size changes and, when it did, the foreground
   * process group gets SIGWINCH. `rows` and `cols` are 1..65535 (the caller checks).
   */
  resizeConsole(rows: number, cols: number): void {
    const c = this.vfs.console;
    if (c.resize(rows, cols) && c.foregroundPgrp > 0) this.signalGroup(c.foregroundPgrp, SIGWINCH);
  }

  /** Sends `sig` to every live process of process group `pgrp` from the kernel (a terminal's kill_pgrp). */
  signalGroup(pgrp: number, sig: number): void {
    for (const p of [...this.procs.values()]) if (p.pgid === pgrp && !p.zombie) this.sendSignal(p, sig);
  }

  /** Runs every suspended kernel path to its end unwatched (the host is about to change what they work on). */
  private finishSuspended(): void {
    for (const [tid, path] of this.suspended) { this.suspended.delete(tid); runToEnd(path.gen); }
  }

  /** Picks the next runnable thread and loads it onto the hart, or undefined when none is runnable. */
  private scheduleNext(): Thread | undefined {
    this.wakeTimers();
    const t = this.pickRunnable();
    if (!t) return undefined;
    this.load(t);
    return t;
  }

  /** The policy's next runnable thread (a thread of a stopped process leaves the queue; SIGCONT queues it again). */
  private pickRunnable(): Thread | undefined {
    return runToEnd(this.pickRunnablePath());
  }

  /** pickRunnable as a steppable path: each policy pick is a `pickNextTask` frame (sched.ts). */
  private *pickRunnablePath(): Steps<Thread | undefined> {
    for (;;) {
      const t = yield* call('schedule.call_pick_next_task', 'pickNextTask', this.sched.pickNextTask());
      if (!t || (t.state === 'runnable' && !t.process.stopped)) return t;
    }
  }

  /** Makes `t` the current thread: its registers into the hart, its address space into satp. */
  load(t: Thread): void {
    const switching = this.current !== t;
    if (this.current && this.current !== t) this.unload();
    if (this.current !== t) {
      this.hart.restoreContext(t.ctx);
      this.current = t;
      this.sliceLeft = this.timeSlice;
      if (this.listens('schedule')) this.emit('schedule', { toTid: t.tid });
    }
    const satp = t.process.mm.satp;
    if (satp !== this.loadedSatp) { this.hart.setSatp(satp, switching ? 'context switch' : 'execve'); this.loadedSatp = satp; }
  }

  /** Saves the current thread's registers and takes it off the hart (it is not re-queued). */
  unload(): void {
    if (!this.current) return;
    if (this.current.state !== 'dead') this.current.ctx = this.hart.saveContext();
    this.current = undefined;
  }

  /** Forces satp to be reloaded on the next `load` (the address space of a process changed). */
  invalidateSatp(): void {
    this.loadedSatp = -1n;
  }

  /** sched_yield(2): the current thread gives up the rest of its slice. */
  yieldCurrent(): void {
    this.sliceLeft = 0;
  }

  /**
   * End of the current thread's slice: it goes to the back of the run queue and the policy
   * picks the next thread, which may be the same one. Unwatched it runs `schedule` to its end;
   * when the RunControl may pause the thread in a kernel path, `schedule` is a path (root frame
   * `schedule`) and true comes back when it paused (the kernel stop is pending, the thread still
   * on the hart and queued; the next `run` finishes the pick first).
   */
  private preempt(): boolean {
    const t = this.current!;
    if (!this.kernelWatched(t, true)) { runToEnd(this.schedule(t)); return false; }
    this.stepPath(t, startPath('schedule', this.schedule(t)));
    return this.suspended.has(t.tid);
  }

  /** The slice end of current thread `t` as a steppable path (Linux __schedule): the pick, then keep `t` or switch. */
  private *schedule(t: Thread): Steps<void> {
    this.wakeTimers();
    this.sched.enqueue(t);
    const next = yield* this.pickRunnablePath();
    yield pause('schedule.context_switch', { tid: t.tid, facts: { prev: t.tid, next: next?.tid ?? 0, switch: next !== t } });
    if (next === t) {
      // Nothing else to run: the thread keeps the hart for a new slice, with no register
      // save/restore and no satp write (which would flush the TLB).
      this.sliceLeft = this.timeSlice;
      return;
    }
    this.unload();
    if (next) this.load(next);
  }

  /**
   * Wakes sleepers whose virtual-time deadline (`wait.untilNs`) has passed: a timed wait with a
   * `timeoutResult` (futex, rt_sigtimedwait) finishes its syscall with it; others (nanosleep)
   * re-execute their ecall.
   */
  private wakeTimers(): void {
    const now = this.clockNs;
    for (const t of this.threadsById.values()) {
      const w = t.wait;
      if (t.state !== 'sleeping' || w?.untilNs === undefined || w.untilNs > now) continue;
      if (w.timeoutResult !== undefined) completeSyscall(this, t, w.timeoutResult);
      else this.wake(t);
    }
  }

  /** Makes a sleeping thread runnable; it re-executes the ecall it slept in. */
  wake(t: Thread): void {
    if (t.state !== 'sleeping') return;
    t.state = 'runnable';
    t.wait = undefined;
    this.sched.enqueue(t);
  }

  /** Virtual time (ns) of the earliest sleeper's deadline (`wait.untilNs`), or Infinity. */
  private nextTimerNs(): number {
    let next = Infinity;
    for (const t of this.threadsById.values()) {
      if (t.state === 'sleeping' && t.wait?.untilNs !== undefined) next = Math.min(next, t.wait.untilNs);
    }
    return next;
  }

  /**
   * Instructions the current thread may run when no other thread is runnable: through the first
   * slice end at or after the next timer deadline (Infinity when no timer is armed), so a sleeper
   * wakes at the very slice end where per-slice preemption would have woken it and the schedule
   * is the same as with a tick every slice.
   */
  private ticklessBudget(): number {
    const next = this.nextTimerNs();
    if (next === Infinity) return Infinity;
    const untilDeadline = Math.ceil((next - this.clockNs) / NS_PER_INSTRUCTION);
    if (untilDeadline <= this.sliceLeft) return this.sliceLeft;
    return this.sliceLeft + Math.ceil((untilDeadline - this.sliceLeft) / this.timeSlice) * this.timeSlice;
  }

  /** Nothing runnable: skip virtual time to the next timer, or report the run idle. */
  private idle(): KernelStop | undefined {
    const next = this.nextTimerNs();
    if (next !== Infinity) {
      this.idleNs += Math.max(0, next - this.clockNs);
      this.wakeTimers();
      return undefined;
    }
    return { kind: 'idle' };
  }

  /**
   * The host has new console input (or its input ended): with the line discipline the bytes are
   * taken and processed now (echo, line editing, ^C/^Z/^\ signals to the foreground process
   * group); then threads sleeping on console input wake.
   */
  consoleInputReady(): void {
    this.vfs.console.receive();
    wakeWaiters(this, (t) => t.wait?.kind === 'console' || (t.wait?.kind === 'io' && t.wait.on === POLL_WAIT));
  }

  /**
   * Kills every process (the session is ending): the program dies of SIGKILL, so init ends the
   * run; afterwards the kernel is finished.
   */
  shutdown(): void {
    // A kernel path paused mid-way finishes first, so every frame it holds has its owner.
    this.finishSuspended();
    const program = this.procs.get(this.programPid);
    if (program && !program.zombie) killProcess(this, program, SIGKILL);
    if (this.procs.size > 0) {
      this.finalStatus ??= signaledStatus(SIGKILL);
      endRun(this);
    }
  }

  // ---- inspection: read-only views for the debugger and the CLI ----

  processes(): ProcessInfo[] { return inspect.processes(this); }
  threads(): ThreadInfo[] { return inspect.threads(this); }
  registers(tid: number): RegisterSnapshot | undefined { return inspect.registers(this, tid); }
  vmas(pid: number): VmaInfo[] | undefined { return inspect.vmas(this, pid); }
  pageTable(pid: number, ppn?: number): PageTableInfo | undefined { return inspect.pageTable(this, pid, ppn); }
  /** The executable mapped at `va` in thread `tid`'s address space (inspect.executableAt). */
  executableAt(tid: number, va: number): string | undefined { return inspect.executableAt(this, tid, va); }
  readMemory(pid: number, va: number, len: number): Uint8Array | undefined { return inspect.readMemory(this, pid, va, len); }
  /** Like readMemory, but pages not faulted in yet read as they would be filled (inspect.peekMemory); nothing changes. */
  peekMemory(pid: number, va: number, len: number): Uint8Array | undefined { return inspect.peekMemory(this, pid, va, len); }
  /** The Sv39 walk of `va` step by step (inspect-walk.ts); undefined for no such live process. */
  pageWalk(pid: number, va: bigint, access?: AccessKind): WalkExplanation | undefined { return inspectWalk.pageWalk(this, pid, va, access); }
  /** Every frame of RAM by use, reference count and owners (inspect-frames.ts). */
  frameMap(): FrameMap { return inspectFrames.frameMap(this); }
  /** Threads, slices, stride numbers and the run queue (inspect-sched.ts). */
  schedulerInfo(): SchedInfo { return inspectSched.schedulerInfo(this); }
  /** The hart's software TLB: entries, counters, last flushes (inspect-tlb.ts). */
  tlbInfo(): TlbInfo { return inspectTlb.tlbInfo(this); }
  /** The TLB's walk and flush counters only (cheap: for a baseline at each resume). */
  tlbCounters(): TlbCounters { return inspectTlb.tlbCounters(this.hart); }
  /** Every process's threads (state, wait reason, pc), resident pages and fault counts (inspect-procs.ts). */
  processDetails(): ProcessDetail[] { return inspectProcs.processDetails(this); }
  /** /proc/<pid>/status as the guest reads it; undefined for no such process. */
  procStatus(pid: number): string | undefined { return inspectProcs.procStatus(this, pid); }
  /** Resident pages of `pid` in [start, end): frames, counts, sharers, the first `max` (inspect-maps.ts). */
  vmaPages(pid: number, start: number, end: number, max: number): VmaPages | undefined { return inspectMaps.vmaPages(this, pid, start, end, max); }
  /** The frame and bytes of `pid`'s resident page holding `va` (inspect-maps.ts); undefined when none. */
  pageBytes(pid: number, va: number): { va: number; ppn: number; bytes: Uint8Array } | undefined { return inspectMaps.pageBytes(this, pid, va); }
  /** The debugger sends `sig` to `pid` (debug-signal.ts); undefined when sent, else why not. */
  signalProcess(pid: number, sig: number): string | undefined { return signalProcess(this, pid, sig); }
  /** Instructions left in the running thread's time slice. */
  get sliceRemaining(): number { return this.sliceLeft; }
  /** Debugger access (debug-access.ts): register and memory writes, the last trap's CSRs. */
  setRegister(tid: number, target: RegisterTarget, value: bigint): number { return debugAccess.setRegister(this, tid, target, value); }
  writeMemory(pid: number, va: number, data: Uint8Array): number { return debugAccess.writeMemory(this, pid, va, data); }
  trapCsrs(tid: number): TrapCsrs | undefined { return debugAccess.trapCsrs(this, tid); }
  /**
   * Thread `tid` resumes over a breakpoint at its current pc (it stopped there, or a step
   * landed there): its next instruction runs without reporting that breakpoint again.
   */
  resumeOverBreakpoint(tid: number): void {
    const t = this.threadsById.get(tid);
    if (t && t.state !== 'dead') t.skipBreakpointOnce = true;
  }

  /**
   * Replaces every data watchpoint (src/kernel/watch.ts has the rules: per address space,
   * dropped on execve, not inherited by fork, kernel writes reported). Returns per entry ok or
   * the error. A hit stops `run` with a `watchpoint` KernelStop AFTER the accessing instruction
   * (or the syscall that wrote) retired. Changes no guest state.
   */
  setWatchpoints(list: readonly WatchpointRequest[]): WatchpointResult[] {
    const results = this.watchpoints.set(this.procs, list);
    // the hart picks the new list up in `run` (a new WatchList object: the TLB is flushed then)
    return results;
  }

  /**
   * Kernel access to `p`'s user memory. Faults it takes (copy-on-write breaks, demand-zero
   * pages touched by a syscall) are counted and reported as events, but never stop the run.
   */
  userMemory(p: Process): UserMemory {
    const onWrite = kernelWriteHook(this, p, this.watchpoints.listFor(p.mm));
    return new UserMemory(p.mm, (va, access) => {
      const res = handleMmFault(p.mm, va, access);
      this.faultCounts[res.decision]++;
      p.accountFault(res.decision);
      if (this.listens('pageFault')) {
        const tid = this.current?.tid ?? p.pid;
        const scause = access === 'write' ? Exception.StorePageFault : Exception.LoadPageFault;
        this.emit('pageFault', { pid: p.pid, tid, address: va, access, scause, sepc: this.hart.pc, vma: res.vma?.name, decision: res.decision });
      }
      return res;
    }, onWrite);
  }

  /** Counters for --stats. */
  stats(): KernelStats {
    return {
      processesCreated: this.processesCreated,
      faults: { ...this.faultCounts },
      framesAtBoot: this.framesAtBoot,
      framesInUse: this.frames.inUse,
      instructionsRetired: this.hart.instret,
    };
  }

}

/** A register context that starts at `pc` with stack pointer `sp` and every other register 0. */
export function blankContext(pc: number, sp: number): HartContext {
  const x = new Array<bigint>(XLEN_REGS).fill(0n);
  x[REG_SP] = BigInt(sp);
  return { pc, x, f: new Array<bigint>(XLEN_REGS).fill(0n), fcsr: 0 };
}

/** pc after a completed ecall at `sepc`. */
export function afterEcall(sepc: number): number {
  return sepc + ECALL_BYTES;
}
