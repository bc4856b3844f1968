import type { HartContext } from '../emu/hart';
import type { ProcessState } from './api';
import type { FileTable } from './files';
import type { Mm } from './mm';
import { FsInfo } from './vfs/fsinfo';

/** Why a sleeping thread sleeps, and what wakes it. */
export type WaitReason =
  | { kind: 'child' }                 // wait4: a child changed state
  | { kind: 'console' }               // read on the console: input arrived
  | { kind: 'timer'; untilNs: number }; // nanosleep: virtual time reached untilNs

/** Scheduling state of a thread (Linux task state). */
export type ThreadState = 'runnable' | 'sleeping' | 'dead';

/**
 * A thread of execution (the schedulable half of a Linux task): its user register context,
 * its state, and per-thread bookkeeping. Registers live in `ctx` while the thread is off the
 * hart; while it runs, the hart holds them.
 */
export class Thread {
  state: ThreadState = 'runnable';
  wait?: WaitReason;
  /** set_tid_address / CLONE_CHILD_CLEARTID: user address zeroed (and futex-woken) at exit. */
  clearChildTid = 0;
  /** The thread stopped at a breakpoint: its next run must execute that instruction. */
  skipBreakpointOnce = false;
  /** A signal to act on before the thread runs again (0 = none). */
  pendingSignal = 0;
  /** nanosleep's deadline (virtual ns) while the call is in progress. */
  sleepDeadlineNs?: number;

  constructor(readonly tid: number, public process: Process, public ctx: HartContext) {}
}

/**
 * A process (the resource-owning half of a Linux task): pid, parent (by pid, never a strong
 * reference), children, exit status, and *replaceable* references to its address space and file
 * table, which clone may share and execve/unshare may swap.
 */
export class Process {
  readonly threads: Thread[] = [];
  readonly children = new Set<number>();
  /** wait4 status word, set when the process becomes a zombie. */
  exitStatus?: number;
  zombie = false;

  constructor(
    readonly pid: number,
    public ppid: number,
    public name: string,
    public mm: Mm,
    public files: FileTable,
    public fs: FsInfo = new FsInfo(),
  ) {}

  /** Live threads (not yet dead). */
  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.state !== 'dead');
  }

  /** State as `glasskernel/processes` shows it; `running` for the process whose thread is on the hart. */
  state(runningTid: number | undefined): ProcessState {
    if (this.zombie) return 'zombie';
    const live = this.liveThreads;
    if (live.some((t) => t.tid === runningTid)) return 'running';
    return live.some((t) => t.state === 'runnable') ? 'runnable' : 'sleeping';
  }
}

/** Linux's TASK_COMM_LEN - 1: a process name keeps at most 15 bytes. */
export const COMM_MAX = 15;

/** Process name from an executable path: its basename, cut to COMM_MAX characters. */
export function commFromPath(path: string): string {
  return (path.split('/').pop() ?? path).slice(0, COMM_MAX);
}
