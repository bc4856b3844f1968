import type { HartContext } from '../emu/hart';
import type { FaultDecision, ProcessState } from './api';
import type { FileTable } from './files';
import type { Mm } from './mm';
import { defaultRlimits, type Rlimit } from './rlimit';
import { SIGCHLD } from './signal';
import { SigHand, SigPending, SS_DISABLE, type AltStack, type SigSet } from './signals/state';
import type { FsInfo } from './vfs/fsinfo';

/**
 * Why a sleeping thread sleeps, and what wakes it. `untilNs` (virtual ns) is a deadline: when
 * it passes the thread wakes, re-executing its ecall, or, when `timeoutResult` is set, finishing
 * the syscall with that value (-ETIMEDOUT, -EAGAIN).
 */
export type WaitReason = (
  | { kind: 'child' }                        // wait4: a child changed state
  | { kind: 'console' }                      // read on the console: input arrived
  | { kind: 'timer' }                        // nanosleep: only the deadline wakes it
  | { kind: 'futex'; key: string; bitset: number } // futex(2) FUTEX_WAIT*: a FUTEX_WAKE on key
  | { kind: 'vfork'; childTid: number }      // clone(CLONE_VFORK): the child task execs or exits
  | { kind: 'signal' }                       // rt_sigsuspend: any delivered signal
  | { kind: 'sigwait'; set: SigSet }         // rt_sigtimedwait: a signal of `set` arrives
  | { kind: 'io'; on: object }               // a file object (pipe, tty...) became ready
) & { untilNs?: number; timeoutResult?: number };

/** Scheduling state of a thread (Linux task state). */
export type ThreadState = 'runnable' | 'sleeping' | 'dead';

/**
 * A syscall the thread is blocked in (its ecall re-executes when the thread wakes): the number,
 * the ecall's address, its arguments, and state a handler keeps across re-executions.
 */
export interface BlockedSyscall {
  nr: number;
  sepc: number;
  args: bigint[];
  /** nanosleep/clock_nanosleep: absolute deadline (virtual ns). */
  deadlineNs?: number;
}

/**
 * A thread of execution (the schedulable half of a Linux task): its user register context,
 * its state, and per-thread bookkeeping (signal mask and private pending signals, alternate
 * signal stack, clear_child_tid, robust futex list, nice value). Registers live in `ctx` while
 * the thread is off the hart; while it runs, the hart holds them.
 */
export class Thread {
  state: ThreadState = 'runnable';
  wait?: WaitReason;
  /** set_tid_address / CLONE_CHILD_CLEARTID: user address zeroed (and futex-woken) at exit. */
  clearChildTid = 0;
  /** scause, stval and sepc of the thread's last trap into the kernel (0 before the first). */
  lastScause = 0;
  lastStval = 0;
  lastSepc = 0;
  /** The thread stopped at a breakpoint: its next run must execute that instruction. */
  skipBreakpointOnce = false;
  /**
   * A debugger stop already reported this signal about to be delivered to this thread (the
   * `segv` or `signal` filter): delivery on resume goes ahead without stopping again. 0: none.
   */
  signalStopReported = 0;
  /** Blocked signals (rt_sigprocmask). */
  sigBlocked: SigSet = 0n;
  /** Signals sent to this thread only (tgkill, faults). */
  readonly sigPending = new SigPending();
  /** rt_sigsuspend: the mask to restore when the handler returns. */
  savedSigmask?: SigSet;
  /** rt_sigtimedwait: the signals being waited for (they wake the thread although blocked). */
  sigwaitSet?: SigSet;
  /** sigaltstack(2). */
  altStack: AltStack = { sp: 0, size: 0, flags: SS_DISABLE };
  /** The syscall the thread sleeps in, if any. */
  blocked?: BlockedSyscall;
  /** set_robust_list(2): head address and length (0 = none). */
  robustListHead = 0;
  robustListLen = 0;
  /** Nice value -20..19 (setpriority(2)); the stride scheduler turns it into tickets. */
  nice = 0;
  /**
   * clone(CLONE_VFORK) made this task: the parent thread sleeping until this task execs or
   * exits (Linux vfork_done, completed in mm_release). Per task, not per process: a
   * CLONE_THREAD|CLONE_VFORK child's own exit releases the parent while its process lives on.
   */
  vforkParent?: Thread;
  /** Stride scheduling: virtual time this thread has consumed (see sched.ts). */
  pass = 0;
  /** User instructions this thread retired (its CPU time on the virtual clock). */
  instructions = 0;

  constructor(
    readonly tid: number,
    public process: Process,
    public ctx: HartContext,
    /** File descriptor table (Linux files_struct): per task, shared with CLONE_FILES, split by unshare. */
    public files: FileTable,
    /** cwd/root/umask (Linux fs_struct): per task, shared with CLONE_FS, split by unshare. */
    public fs: FsInfo,
  ) {}
}

/** Per-process CPU accounting in retired instructions (getrusage(2), times(2)). */
export interface CpuTimes {
  /** Instructions retired by this process's threads, including those already dead. */
  self: number;
  /** Instructions of reaped children (and their reaped descendants). */
  children: number;
}

/**
 * A process (the resource-owning half of a Linux task): pid, parent (by pid, never a strong
 * reference), children, process group and session, exit status, and *replaceable* references to
 * its address space and signal handlers, which clone may share and execve may swap. The file
 * table and fs info belong to each thread (Linux keeps them per task: unshare(2) in one thread
 * leaves its siblings' alone).
 */
export class Process {
  readonly threads: Thread[] = [];
  readonly children = new Set<number>();
  /** wait4 status word, set when the process becomes a zombie. */
  exitStatus?: number;
  zombie = false;
  /** Process group and session ids (setpgid(2), setsid(2)). */
  pgid: number;
  sid: number;
  /** Signal sent to the parent at exit (clone's CSIGNAL byte; 0 makes a "clone" child for wait4). */
  exitSignal = SIGCHLD;
  /** Signal handlers; shared with CLONE_SIGHAND. */
  sighand = new SigHand();
  /** Process-directed signals not yet taken by a thread. */
  readonly sigPending = new SigPending();
  /** Stopped by SIGSTOP/SIGTSTP/... (job control): no thread runs until SIGCONT. */
  stopped = false;
  /** A debugger stop already reported this process about to exit (the `exit` filter, before teardown). */
  exitStopReported = false;
  /** A stop or continue not yet reported to wait4 (WUNTRACED / WCONTINUED): its status word. */
  stateReport?: number;
  /** Resource limits (prlimit64). */
  rlimits: Rlimit[];
  /** CPU time in retired instructions. */
  readonly cpu: CpuTimes = { self: 0, children: 0 };
  /** Virtual time (ns) at which the process was created (for /proc and times). */
  startNs = 0;
  /**
   * Page faults resolved without I/O (Linux task min_flt, getrusage(2) ru_minflt): every fault
   * the kernel resolved, from user mode or from a syscall touching user memory. Glasskernel
   * has no disk, so no fault is major. A fork child starts at 0, execve keeps the count.
   */
  minFlt = 0;
  /** Of minFlt, the copy-on-write breaks (a private copy made, or the last reference reused). */
  cowFlt = 0;

  constructor(
    readonly pid: number,
    public ppid: number,
    public name: string,
    public mm: Mm,
    nproc = 256,
  ) {
    this.pgid = pid;
    this.sid = pid;
    this.rlimits = defaultRlimits(nproc);
  }

  /**
   * The thread-group leader (the thread whose tid is the pid). Its file table and fs info are
   * what /proc/<pid> reports, as on Linux; other threads may hold different ones after unshare(2).
   */
  get leader(): Thread | undefined {
    return this.threads[0];
  }

  /** Live threads (not yet dead). */
  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.state !== 'dead');
  }

  /**
   * State as `glasskernel/processes` shows it; `running` for the process whose thread is on the
   * hart, `stopped` for a process stopped by job control (SIGSTOP, SIGTSTP...).
   */
  state(runningTid: number | undefined): ProcessState {
    if (this.zombie) return 'zombie';
    const live = this.liveThreads;
    if (live.some((t) => t.tid === runningTid)) return 'running';
    if (this.stopped) return 'stopped';
    return live.some((t) => t.state === 'runnable') ? 'runnable' : 'sleeping';
  }

  /**
   * Counts one resolved page fault of this process (Linux mm_account_fault): O(1), on the fault
   * path. A fault that ends in SIGSEGV, SIGBUS or the OOM killer resolved nothing and is not counted.
   */
  accountFault(decision: FaultDecision): void {
    if (decision === 'segv' || decision === 'sigbus' || decision === 'oom') return;
    this.minFlt++;
    if (decision === 'cow-copy' || decision === 'cow-reuse') this.cowFlt++;
  }
}

/** Linux's TASK_COMM_LEN - 1: a process name keeps at most 15 bytes. */
export const COMM_MAX = 15;

/** Process name from an executable path: its basename, cut to COMM_MAX characters. */
export function commFromPath(path: string): string {
  return (path.split('/').pop() ?? path).slice(0, COMM_MAX);
}
