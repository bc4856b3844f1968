import {
  SYS_clock_nanosleep, SYS_pread64, SYS_preadv, SYS_pwrite64, SYS_pwritev, SYS_read, SYS_readv, SYS_write, SYS_writev,
} from '../abi/linux-syscalls';
import { POLL_WAIT } from './files';
import type { Kernel } from './kernel';
import { TASK_SIZE } from './layout';
import type { Thread, WaitReason } from './process';
import { status } from './vfs/procfs';
import { Pipe } from './vfs/pipe';

/**
 * The Processes view's facts about every process and thread, read-only: each thread's state
 * and, for a sleeper, what it waits for in the words of the syscall it sleeps in; the user pc;
 * the resident set and the fault counters (Process.minFlt/cowFlt). Nothing here changes
 * guest state.
 */

/** A thread's state as the Processes view shows it (Linux: R running/runnable, S sleeping, T stopped). */
export type ThreadDetailState = 'running' | 'runnable' | 'sleeping' | 'stopped';

/** One live thread of a process. */
export interface ThreadDetail {
  tid: number;
  /** `running`: on the hart; `stopped`: its process is stopped by job control. */
  state: ThreadDetailState;
  /** Sleeping threads: what they wait for (waitReasonText), e.g. 'wait4', 'read pipe', 'futex'. */
  waitReason?: string;
  /** User pc (virtual byte address): the next instruction, or the ecall a sleeper re-executes. */
  pc: number;
}

/** One process, with what `processes()` (inspect.ts) does not carry. */
export interface ProcessDetail {
  pid: number;
  pgid: number;
  /** Resident 4 KiB pages of its address space (0 for a zombie: its Mm is gone). */
  residentPages: number;
  /** Resolved page faults (Linux min_flt) and, of those, copy-on-write breaks. */
  minFlt: number;
  cowFlt: number;
  /** Live threads, by tid (none for a zombie). */
  threads: ThreadDetail[];
}

/** Syscalls that read from a file, and that write to one (a sleeping pipe end says which). */
const READ_SYSCALLS: ReadonlySet<number> = new Set([SYS_read, SYS_readv, SYS_pread64, SYS_preadv]);
const WRITE_SYSCALLS: ReadonlySet<number> = new Set([SYS_write, SYS_writev, SYS_pwrite64, SYS_pwritev]);

/** A sleeping thread blocked on I/O: 'read pipe', 'write pipe', 'poll' (ppoll), or 'read'/'write' for other files. */
function ioWaitText(t: Thread, on: object): string {
  const nr = t.blocked?.nr;
  if (on === POLL_WAIT) return 'poll';
  const verb = nr !== undefined && WRITE_SYSCALLS.has(nr) ? 'write' : nr !== undefined && READ_SYSCALLS.has(nr) ? 'read' : 'io';
  return on instanceof Pipe ? `${verb} pipe` : verb;
}

/**
 * What sleeping thread `t` waits for, as a student names it after the syscall: 'wait4' (a
 * child's change of state), 'read pipe' / 'write pipe', 'console read', 'nanosleep' /
 * 'clock_nanosleep', 'futex', 'poll', 'vfork' (until the child execs or exits),
 * 'sigsuspend', 'sigtimedwait'. Undefined for a thread that does not sleep.
 */
export function waitReasonText(t: Thread): string | undefined {
  if (t.state !== 'sleeping') return undefined;
  const w: WaitReason | undefined = t.wait;
  switch (w?.kind) {
    case undefined: return 'sleeping';
    case 'child': return 'wait4';
    case 'console': return 'console read';
    case 'timer': return t.blocked?.nr === SYS_clock_nanosleep ? 'clock_nanosleep' : 'nanosleep';
    case 'futex': return 'futex';
    case 'vfork': return 'vfork';
    case 'signal': return 'sigsuspend';
    case 'sigwait': return 'sigtimedwait';
    case 'io': return ioWaitText(t, w.on);
  }
}

/** The state of live thread `t` (see ThreadDetailState): running on the hart, job-control stopped, runnable or sleeping. */
export function threadState(k: Kernel, t: Thread): ThreadDetailState {
  if (t === k.current) return 'running';
  if (t.process.stopped) return 'stopped';
  return t.state === 'runnable' ? 'runnable' : 'sleeping';
}

/** Every process (zombies included) by pid, with its threads and counters (see the header). */
export function processDetails(k: Kernel): ProcessDetail[] {
  return [...k.procs.values()].sort((a, b) => a.pid - b.pid).map((p) => ({
    pid: p.pid,
    pgid: p.pgid,
    residentPages: p.zombie ? 0 : p.mm.residentPages(0, TASK_SIZE),
    minFlt: p.minFlt,
    cowFlt: p.cowFlt,
    threads: p.zombie ? [] : p.liveThreads.sort((a, b) => a.tid - b.tid).map((t) => {
      const state = threadState(k, t);
      const waitReason = state === 'sleeping' ? waitReasonText(t) : undefined;
      return { tid: t.tid, state, ...(waitReason !== undefined ? { waitReason } : {}), pc: t === k.current ? k.hart.pc : t.ctx.pc };
    }),
  }));
}

/**
 * /proc/<pid>/status exactly as the guest reads it (procfs.ts `status`, proc(5)), or undefined
 * for no such process. Read-only.
 */
export function procStatus(k: Kernel, pid: number): string | undefined {
  const p = k.procs.get(pid);
  return p ? status(k, p) : undefined;
}
