import type { Kernel } from './kernel';
import { threadState, waitReasonText, type ThreadDetailState } from './inspect-procs';
import { niceToTickets, strideOf, type SchedulerName } from './sched';

/**
 * The scheduler as the debugger shows it: every live thread's state and CPU time, the slice
 * the running thread has left, the stride policy's numbers, and the run queue in pick order.
 * Read-only: nothing is dequeued, charged or woken.
 */

/** A thread's scheduling state as a student reads it (Linux: R running, R runnable, S, T): the Processes view's. */
export type SchedThreadState = ThreadDetailState;

/** One thread in the scheduler view. */
export interface SchedThreadInfo {
  tid: number;
  pid: number;
  state: SchedThreadState;
  /** For a sleeping thread, what it waits for (inspect-procs.ts waitReasonText): 'wait4', 'read pipe', 'futex', ... */
  waitReason?: string;
  /** CPU time: user instructions the thread has retired. */
  instructions: number;
  /** Instructions left in the running thread's time slice; absent for the others (they get a fresh slice when picked). */
  sliceLeft?: number;
  nice: number;
  /** Stride policy only: tickets (Linux load weight of `nice`), stride (pass per instruction) and pass. */
  tickets?: number;
  stride?: number;
  pass?: number;
}

/** The whole scheduler view. */
export interface SchedInfo {
  policy: SchedulerName;
  /** Instructions per time slice. */
  timeSlice: number;
  /** Tid of the thread on the hart, if any. */
  runningTid?: number;
  threads: SchedThreadInfo[];
  /** Tids of the queued runnable threads, in the order the policy would pick them. */
  runQueue: number[];
}

/** The scheduler view of kernel `k` (see the header). */
export function schedulerInfo(k: Kernel): SchedInfo {
  const stride = k.sched.name === 'stride';
  const threads = [...k.threadsById.values()].filter((t) => t.state !== 'dead').sort((a, b) => a.tid - b.tid).map((t): SchedThreadInfo => {
    const state = threadState(k, t);
    return {
      tid: t.tid,
      pid: t.process.pid,
      state,
      ...(t.state === 'sleeping' ? { waitReason: waitReasonText(t) } : {}),
      instructions: t.instructions,
      ...(state === 'running' ? { sliceLeft: k.sliceRemaining } : {}),
      nice: t.nice,
      ...(stride ? { tickets: niceToTickets(t.nice), stride: strideOf(t.nice), pass: t.pass } : {}),
    };
  });
  return {
    policy: k.sched.name,
    timeSlice: k.timeSlice,
    ...(k.current ? { runningTid: k.current.tid } : {}),
    threads,
    runQueue: k.sched.runQueue().map((t) => t.tid),
  };
}
