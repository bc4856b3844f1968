/**
 * The kernel's public face: what the debug adapter and the CLI may call and what they are told.
 * Everything here is plain data; inspection calls never change guest state (no A/D bits set,
 * no faults taken, no frames allocated).
 */

/**
 * Process states as the sidebar shows them (Linux: R running/runnable, S sleeping, T stopped by
 * job control (SIGSTOP, SIGTSTP...; SIGCONT resumes it), Z zombie).
 */
export type ProcessState = 'running' | 'runnable' | 'sleeping' | 'stopped' | 'zombie';

/** One process, as `glasskernel/processes` and `/proc/<pid>/status` report it. */
export interface ProcessInfo {
  pid: number;
  /** Parent pid; 0 for the first process (it has no parent inside the guest). */
  ppid: number;
  /** Command name: the basename of the executable, at most 15 bytes (Linux `comm`). */
  name: string;
  state: ProcessState;
  /** wait4-style status word once the process is a zombie (Linux: `WEXITSTATUS`/`WTERMSIG` encoding). */
  exitStatus?: number;
  /** Thread ids of the process's live threads, the main thread first. */
  tids: number[];
  /** Current program break (virtual address, bytes). */
  brk: number;
}

/** One guest thread, as DAP's `threads` request lists it. */
export interface ThreadInfo {
  tid: number;
  pid: number;
  /** "pid N · name" as the Threads view shows it. */
  name: string;
}

/**
 * Register file of one thread: `x[0..31]` as unsigned 64-bit values, `pc` a virtual address,
 * `f[0..31]` as raw 64-bit patterns (NaN-boxed singles) and `fcsr` (frm << 5 | fflags) when known.
 */
export interface RegisterSnapshot {
  pc: number;
  x: bigint[];
  f?: bigint[];
  fcsr?: number;
}

/** One VMA in `/proc/<pid>/maps` terms: [start, end) virtual bytes, `perms` like `r-xp`. */
export interface VmaInfo {
  start: number;
  end: number;
  perms: string;
  /** What backs it: anonymous memory, a file (image or mmap'ed), the heap, the stack, or the vDSO page. */
  kind: 'anon' | 'file' | 'heap' | 'stack' | 'vdso';
  /** Display name: a path, `[heap]`, `[stack]`, or '' for anonymous memory. */
  name: string;
  /** Pages of this VMA currently mapped by a valid leaf PTE. */
  residentPages: number;
  /** What the area is for a student (inspect-maps.ts vmaRole): .text, .bss, a thread's stack, a guard page... */
  role?: VmaRole;
  /** role 'thread-stack': the thread whose stack pointer lies in the area. */
  roleTid?: number;
}

/**
 * What a VMA holds, beyond its /proc/<pid>/maps name: an ELF segment's `text` (executable),
 * `rodata` (read-only) or `data` (writable, the file's initialized data); `bss` (the anonymous
 * zero pages right after a segment's file pages); `heap` ([heap], brk); `stack` (the main
 * thread's [stack]); `thread-stack` (anonymous memory holding another thread's sp); `guard`
 * (PROT_NONE: no access at all, usually below a thread stack); `anon` / `shared-anon`
 * (MAP_ANONYMOUS, private or MAP_SHARED); `file` / `shared-file` (an mmap'ed file); `vdso`.
 */
export type VmaRole =
  | 'text' | 'rodata' | 'data' | 'bss' | 'heap' | 'stack' | 'thread-stack' | 'guard'
  | 'anon' | 'shared-anon' | 'file' | 'shared-file' | 'vdso';

/** One valid entry of an Sv39 page-table page (privileged spec 4.4.1). */
export interface PageTableEntryInfo {
  /** Index 0..511 within the table page. */
  index: number;
  /** Virtual range covered by this entry: [vaStart, vaEnd). */
  vaStart: number;
  vaEnd: number;
  /** PTE flag bits (PTE_V | PTE_R | ...), the low 8 bits of the PTE. */
  flags: number;
  /** True for a leaf (R, W or X set), false for a pointer to the next-level table. */
  leaf: boolean;
  /** Physical page number: the next table for a non-leaf, the mapped frame for a leaf. */
  ppn: number;
  /** The whole 64-bit PTE as read (xv6's vmprint prints it). */
  pte?: bigint;
}

/** One table page of a process's Sv39 page table. */
export interface PageTableInfo {
  pid: number;
  /** Physical page number of this table page. */
  ppn: number;
  /** Sv39 level: 2 for the root, 1, 0 for the last level. */
  level: number;
  /** Virtual address covered by entry 0 of this table. */
  vaBase: number;
  entries: PageTableEntryInfo[];
}

/** The kernel's decision for one page fault (the path through handleMmFault). */
export type FaultDecision =
  | 'demand-zero'      // fresh zeroed frame for an anonymous page
  | 'file'             // frame filled from the file image
  | 'shared'           // page of a shared mapping found in its backing object (minor fault)
  | 'cow-copy'         // copy-on-write break: private copy of a shared frame
  | 'cow-reuse'        // copy-on-write break: last reference, frame made writable in place
  | 'stack-grow'       // the stack VMA was extended downward to cover the address
  | 'spurious'         // already resolved (another thread/hart mapped it first)
  | 'segv'             // no VMA or permission denied: SIGSEGV
  | 'sigbus'           // a file page wholly past the end of the mapped file: SIGBUS (mmap(2))
  | 'oom';             // no free frame: the process is killed (SIGKILL)

/** Which frame allocation found physical memory exhausted and woke the OOM killer. */
export type OomTrigger = 'page-fault' | 'cow' | 'page-cache' | 'page-table' | 'fork';

/** Access kind of a fault, from its scause (12 fetch, 13 load, 15 store/AMO). */
export type AccessKind = 'read' | 'write' | 'execute';

/** Payload of every kernel event, by name. The kernel emits them synchronously, in order. */
export interface KernelEvents {
  pageFault: { pid: number; tid: number; address: number; access: AccessKind; scause: number; sepc: number; vma?: string; decision: FaultDecision };
  /** clone(2): `tid` called it; `childTid` is the new thread (with CLONE_THREAD `childPid` is the caller's own pid). */
  fork: { parentPid: number; childPid: number; childTid: number; tid: number; flags: number };
  exec: { pid: number; tid: number; path: string; argv: string[] };
  exit: { pid: number; tid: number; status: number };
  syscall: { pid: number; tid: number; nr: number; name: string; args: number[]; result: number };
  /**
   * A syscall is about to run (listener-only, never a stop): emitted once per call before its
   * handler, not again when a blocked call re-executes. Guest memory still holds the inputs.
   */
  syscallEnter: { pid: number; tid: number; nr: number; name: string; args: number[] };
  /** `fault`: a synchronous signal from the thread's own fault (SIGSEGV, SIGBUS, SIGILL...); otherwise a signal about to be delivered. */
  signal: { pid: number; tid: number; signal: number; reason: string; fault?: boolean };
  schedule: { fromTid?: number; toTid: number };
  output: { pid: number; fd: number; data: Uint8Array };
  /** The OOM killer chose `pid` (the most resident pages: `rssPages`) when `requesterPid`'s allocation failed. */
  oom: { pid: number; rssPages: number; trigger: OomTrigger; requesterPid?: number };
}

/** Name of a kernel event. */
export type KernelEventName = keyof KernelEvents;

/**
 * Which kernel events stop `Kernel.run` (exception breakpoint filters in DAP terms). pageFault,
 * cowFault, syscall, fork and exec stop at the trap's entry, before the kernel acts (a `kernel`
 * stop with `upcoming`: upcoming.ts); segv stops before the fault's signal is delivered, signal
 * before a signal kills a process, exit before the address space goes (`event` stops).
 */
export interface StopOn {
  pageFault?: boolean;
  cowFault?: boolean;
  segv?: boolean;
  fork?: boolean;
  exec?: boolean;
  exit?: boolean;
  syscall?: boolean;
  /** A signal is about to end a process by its default action (stops before the process dies). */
  signal?: boolean;
}

/** What `Kernel.run` should stop for, besides its instruction budget. */
export interface RunControl {
  /** Events that end the run (see StopOn for when each stops). */
  stopOn?: StopOn;
  /**
   * Stop as soon as this thread has retired one instruction (an `ecall` retires when its
   * syscall completes). Other threads may run in between if it blocks.
   */
  stepTid?: number;
  /**
   * Kernel stepping: pause thread `tid`'s steppable kernel paths at every pause point they
   * reach, with a `kernel` KernelStop. Paths its own instruction causes (a page fault, a syscall)
   * start paused; paths that merely happen to it (signal delivery before it returns to user
   * mode, the scheduler's pick at its slice end) only with `asynchronous` (or a kernel
   * breakpoint in them), so a user-mode step does not land in the scheduler by chance. Other
   * threads run as usual.
   */
  kernelStep?: { tid: number; asynchronous?: boolean };
  /** Kernel breakpoints: pause any thread's steppable path at these pause ids (an id never hit is no error). */
  kernelBreakpoints?: ReadonlySet<string>;
}

/**
 * Values a student inspects at a kernel pause, as they are at that point. Addresses are
 * virtual (bytes), frames are physical page numbers, PTEs are the raw 64-bit Sv39 entry
 * (privileged spec 4.4.1), absent fields mean "not known yet on this path".
 */
export interface PauseValues {
  pid?: number;
  tid?: number;
  scause?: number;
  stval?: number;
  sepc?: number;
  /** The faulting virtual address and its page. */
  address?: number;
  page?: number;
  access?: AccessKind;
  /** The VMA found (or grown), as `/proc/<pid>/maps` shows it. */
  vma?: { start: number; end: number; perms: string; name: string };
  /** The access check's answer. */
  allowed?: boolean;
  pteBefore?: bigint;
  pteAfter?: bigint;
  /** Frame mapped before the fault (copy-on-write source) and the frame newly allocated or mapped. */
  oldFrame?: number;
  newFrame?: number;
  /** Reference count of `oldFrame` (or of `newFrame` when no old one) at this point. */
  refCount?: number;
  /** Stack growth: the stack VMA's start before and after. */
  oldStart?: number;
  newStart?: number;
  /** The decision so far, once one is made. */
  decision?: FaultDecision;
  /** The signal about to be forced on the thread (SIGSEGV, SIGBUS, SIGKILL for OOM). */
  signal?: number;
  /** A syscall path: the number (a7, Linux riscv64 numbering) and its name (`write`). */
  nr?: number;
  syscall?: string;
  /** The six raw argument registers a0..a5 as the ecall found them (64-bit, unsigned). */
  args?: bigint[];
  /** The handler's result (-errno on failure), once it ran and completed the call. */
  result?: number;
  /** True once the handler ran and the call did not complete now (it sleeps, or replays). */
  blocked?: boolean;
  /**
   * The other live values of a path, by the name a student reads in the Kernel scope (fork:
   * `childPid`, `cloneFlags`; exit: `status`; munmap: `vmasBefore`...): numbers are shown in
   * decimal, bigints as hex addresses or raw words, strings as they are (already formatted:
   * `rw-p`, `CLONE_VM|CLONE_THREAD`). Conditions on kernel breakpoints read them by name.
   */
  facts?: Record<string, PauseFact>;
}

/** One value of PauseValues.facts. */
export type PauseFact = number | bigint | string | boolean;

/**
 * An OS event the kernel is about to handle, for a stop at the trap before it acts (a `kernel`
 * KernelStop at the path's entry pause, because `filter` of StopOn asked for it): a page fault
 * with the decision previewFault foresees (`sharedBy`: mappings of the frame now), or a syscall
 * about to run (the System call, Fork/clone or Execve filter). Nothing has changed yet.
 */
export type UpcomingEvent =
  | { filter: 'pageFault' | 'cowFault'; event: { name: 'pageFault'; data: KernelEvents['pageFault'] & { sharedBy?: number } } }
  | { filter: 'syscall' | 'fork' | 'exec'; event: { name: 'syscallEnter'; data: KernelEvents['syscallEnter'] } };

/**
 * One pause of a steppable kernel path: where (the pause id, stable across edits; the stage
 * function; the kernel's own `.ts` file relative to the repository and the 1-based line of the
 * yield, found by scanning that source: src/kernel/steps/lines.ts) and the live values.
 * `frames`: the kernel call stack at the pause, outermost first (each with the file and line of
 * its current statement: the call into the next frame, or the pause itself for the last).
 * `file`/`line`/`frames[].line` are 0/'' when the kernel's source was not found.
 */
export interface PauseRecord {
  id: string;
  stage: string;
  file: string;
  line: number;
  values: PauseValues;
  frames: { fn: string; file: string; line: number }[];
}

/**
 * Why `Kernel.run` returned. After any stop except `exited`, calling `run` again resumes.
 * - `breakpoint`: thread `tid` is about to execute the instruction at `pc` (in `Kernel.breakpoints`).
 * - `event`: a kernel event listed in `StopOn` happened in thread `tid`; for a fault the thread
 *   sits at the faulting instruction (for `segv` it is killed when the run resumes).
 * - `step`: thread `tid` retired one instruction (RunControl.stepTid).
 * - `budget`: the instruction budget was spent; nothing special happened.
 * - `idle`: every live thread waits for console input that the host has not supplied.
 * - `exited`: the first process has exited and every process has been reaped;
 *   `status` is its wait4 status word.
 * - `watchpoint`: thread `tid` accessed a data watchpoint (Kernel.setWatchpoints), see WatchpointStop.
 * - `kernel`: thread `tid` is paused inside a steppable kernel path (RunControl.kernelStep or
 *   kernelBreakpoints) at `pause`; `depth` is the number of kernel frames (1 = the trap entry).
 *   The kernel state is real at that point; the next `run` resumes the path first.
 */
export type KernelStop =
  | { kind: 'breakpoint'; tid: number; pc: number }
  | WatchpointStop
  | { kind: 'event'; tid: number; event: KernelEventRecord }
  | { kind: 'step'; tid: number }
  | { kind: 'kernel'; tid: number; pause: PauseRecord; depth: number; upcoming?: UpcomingEvent }
  | { kind: 'budget' }
  | { kind: 'idle' }
  | { kind: 'exited'; status: number };

/** A kernel event with its name, as carried by a `KernelStop`. */
export type KernelEventRecord = { [K in KernelEventName]: { name: K; data: KernelEvents[K] } }[KernelEventName];

/** What the host supplies to the kernel: console I/O. The guest can reach nothing else of the host. */
export interface KernelHost {
  /**
   * Guest wrote `data` to the console (fd 1 = stdout, 2 = stderr). With the line discipline on,
   * `data` is after output processing (ONLCR: "\n" → "\r\n"), and echo of typed input comes here too (fd 1).
   */
  writeConsole(fd: number, data: Uint8Array): void;
  /**
   * Up to `max` bytes of console input; an empty array means end of file, `undefined` means
   * none available yet (the reading thread sleeps until `Kernel.consoleInputReady()`). With the
   * line discipline on, these are the raw bytes typed (a terminal's keys: "\r", "\x7f", "\x03"...)
   * and an empty array means the terminal is gone: reads return what is left, then 0 for good.
   */
  readConsole?(max: number): Uint8Array | undefined;
}

/**
 * How the console treats the host's bytes (KernelOptions.console).
 * - `lineDiscipline` (default false): the kernel runs Linux's N_TTY line discipline
 *   (src/kernel/vfs/tty.ts) on the host's raw keystrokes, as for a terminal emulator: echo, line
 *   editing (ICANON), ^C/^Z/^\ as SIGINT/SIGTSTP/SIGQUIT to the foreground process group,
 *   VMIN/VTIME, and OPOST/ONLCR on output. Off, bytes pass unchanged both ways: the host did the
 *   line editing (the CLI on its own terminal, the tests).
 */
export interface ConsoleOptions {
  lineDiscipline?: boolean;
}

/** Counters for `glasskernel run --stats` (frames are 4 KiB physical pages). */
export interface KernelStats {
  processesCreated: number;
  faults: Record<FaultDecision, number>;
  framesAtBoot: number;
  framesInUse: number;
  instructionsRetired: number;
}

/** Access kinds of a data watchpoint (DAP DataBreakpointAccessType). */
export type WatchpointAccess = 'write' | 'read' | 'readWrite';

/**
 * One data watchpoint for Kernel.setWatchpoints: bytes [address, address + length) of process
 * `pid`'s address space (virtual; every thread of the process), triggering on `access`.
 * `length` in bytes, 1..MAX_WATCH_BYTES (src/kernel/watch.ts).
 */
export interface WatchpointRequest {
  id: number;
  pid: number;
  address: number;
  length: number;
  access: WatchpointAccess;
}

/** Outcome of one WatchpointRequest, in request order: installed, or why not (a sentence). */
export type WatchpointResult = { id: number; ok: true } | { id: number; ok: false; error: string };

/**
 * A data watchpoint stop. The accessing instruction at `pc` has RETIRED: thread `tid` stands at
 * the next instruction (for a kernel write, `pc` is the ecall and the syscall has returned).
 * - `id`: the WatchpointRequest id; `access`: 'write' for a store or an AMO that matched a write
 *   watch, else 'read'.
 * - `address`: virtual address of the access (for a user instruction: its effective address,
 *   which may lie before the range for a misaligned store crossing into it; for a kernel write:
 *   the first watched byte written).
 * - `byKernel`: the syscall's name when the kernel wrote on the process's behalf
 *   (copy_to_user, e.g. read(2)); absent for the process's own instructions.
 * - `oldBytes`/`newBytes` (writes only): the whole watched range before and after the write;
 *   absent when part of the range was not mapped.
 */
export interface WatchpointStop {
  kind: 'watchpoint';
  tid: number;
  id: number;
  address: number;
  access: 'write' | 'read';
  pc: number;
  byKernel?: string;
  oldBytes?: Uint8Array;
  newBytes?: Uint8Array;
}
