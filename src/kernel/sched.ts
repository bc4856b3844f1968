import type { Thread } from './process';
import { pause, runToEnd, type Steps } from './steps/path';

/**
 * A scheduling policy: which runnable thread runs next. The kernel owns thread states; the
 * policy only orders the runnable ones. Time slices are counted in retired instructions.
 */
export interface Scheduler {
  /** Policy name, as KernelOptions.scheduler spells it. */
  readonly name: SchedulerName;
  /** A thread became runnable (created, woken, or preempted at the end of its slice). */
  enqueue(t: Thread): void;
  /** Removes and returns the next thread to run, or undefined when none is runnable. */
  pickNext(): Thread | undefined;
  /**
   * pickNext as a steppable path (steps/path.ts; Linux pick_next_task): the same choice, with a
   * pause at each statement that decides it. `pickNext` is this path run to its end.
   */
  pickNextTask(): Steps<Thread | undefined>;
  /** Forgets a thread that is no longer runnable (slept or died) if it is queued. */
  remove(t: Thread): void;
  /** Thread `t` just ran `instructions` instructions (for policies that share time by weight). */
  charge(t: Thread, instructions: number): void;
  /** Threads waiting in the queue (0: the running thread, if any, is the only candidate). */
  readonly queued: number;
  /** The queued threads in the order the policy would pick them now (read-only, for the debugger). */
  runQueue(): Thread[];
}

/** The policies KernelOptions.scheduler can select, the default first. */
export const SCHEDULER_NAMES = ['round-robin', 'stride'] as const;

/** The policies KernelOptions.scheduler can select. */
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

/** Tids a round-robin pause lists (the head of the queue; the count shows the rest). */
const QUEUE_SHOWN = 8;

/** `3 5 4` : the tids at the head of `queue`, in pick order (at most QUEUE_SHOWN, then `…`). */
function queueOrder(queue: readonly Thread[]): string {
  let s = '';
  const n = Math.min(queue.length, QUEUE_SHOWN);
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + queue[i].tid;
  return queue.length > n ? `${s} …` : s;
}

/** Round robin: first come, first served, each thread for one time slice; nice is ignored. */
export class RoundRobin implements Scheduler {
  readonly name = 'round-robin';
  private queue: Thread[] = [];

  enqueue(t: Thread): void {
    if (!this.queue.includes(t)) this.queue.push(t);
  }

  pickNext(): Thread | undefined {
    return runToEnd(this.pickNextTask());
  }

  /** Pauses with the queue's order (its first QUEUE_SHOWN tids) before taking its head. */
  *pickNextTask(): Steps<Thread | undefined> {
    const q = this.queue;
    yield pause('sched.rr_pick', { tid: q[0]?.tid, facts: { queued: q.length, order: queueOrder(q) } });
    return this.queue.shift();
  }

  remove(t: Thread): void {
    this.queue = this.queue.filter((q) => q !== t);
  }

  charge(): void {}

  runQueue(): Thread[] {
    return [...this.queue];
  }

  get queued(): number {
    return this.queue.length;
  }
}

/** Smallest and largest nice values (setpriority(2)). */
export const MIN_NICE = -20;
export const MAX_NICE = 19;

/**
 * Linux's sched_prio_to_weight table (kernel/sched/core.c): the load weight of nice -20..19.
 * Each nice step changes a thread's share by about 10%; nice 0 weighs NICE_0_WEIGHT.
 */
const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];
/** Weight (tickets) of a nice-0 thread. */
export const NICE_0_WEIGHT = 1024;

/** Tickets of a thread with nice value `nice` (clamped to MIN_NICE..MAX_NICE). */
export function niceToTickets(nice: number): number {
  const n = Math.max(MIN_NICE, Math.min(MAX_NICE, Math.trunc(nice)));
  return PRIO_TO_WEIGHT[n - MIN_NICE];
}

/**
 * Stride scheduling (Waldspurger & Weihl, 1995): each thread holds tickets (from its nice
 * value); running for n instructions advances its `pass` by n * NICE_0_WEIGHT / tickets, and
 * the runnable thread with the smallest pass runs next (ties: longest queued first). Over time
 * each thread gets CPU in proportion to its tickets. A thread that wakes after sleeping starts
 * no lower than the smallest pass in the queue, so it cannot bank time while asleep.
 */
export class Stride implements Scheduler {
  readonly name = 'stride';
  private queue: Thread[] = [];
  /** Pass of the thread picked last: the floor for threads joining the queue. */
  private globalPass = 0;

  enqueue(t: Thread): void {
    if (this.queue.includes(t)) return;
    if (t.pass < this.globalPass) t.pass = this.globalPass;
    this.queue.push(t);
  }

  pickNext(): Thread | undefined {
    return runToEnd(this.pickNextTask());
  }

  /**
   * Pauses at each queued thread with its pass (the smallest so far wins; ties keep the earlier),
   * then before the winner leaves the queue: its pass, its stride (pass added per instruction it
   * runs, NICE_0_WEIGHT / tickets, charged by `charge`) and the global pass it raises.
   */
  *pickNextTask(): Steps<Thread | undefined> {
    const q = this.queue;
    if (q.length === 0) return undefined;
    let best = 0;
    for (let i = 0; i < q.length; i++) {
      if (q[i].pass < q[best].pass) best = i;
      yield pause('sched.stride_candidate', { tid: q[i].tid, facts: { pass: q[i].pass, tickets: niceToTickets(q[i].nice), bestTid: q[best].tid, bestPass: q[best].pass } });
    }
    const w = q[best];
    yield pause('sched.stride_pick', { tid: w.tid, facts: { pass: w.pass, stride: strideOf(w.nice), globalPassBefore: this.globalPass, globalPass: Math.max(this.globalPass, w.pass) } });
    // The queue may have grown while the pick was paused (a thread woken): take the winner out by identity.
    const at = this.queue.indexOf(w);
    if (at >= 0) this.queue.splice(at, 1);
    this.globalPass = Math.max(this.globalPass, w.pass);
    return w;
  }

  remove(t: Thread): void {
    this.queue = this.queue.filter((q) => q !== t);
  }

  charge(t: Thread, instructions: number): void {
    t.pass += (instructions * NICE_0_WEIGHT) / niceToTickets(t.nice);
  }

  /** Smallest pass first; ties keep queue order (as pickNextTask breaks them). */
  runQueue(): Thread[] {
    return this.queue.map((t, i) => ({ t, i })).sort((a, b) => a.t.pass - b.t.pass || a.i - b.i).map((e) => e.t);
  }

  get queued(): number {
    return this.queue.length;
  }
}

/** Stride of a thread with nice value `nice`: the pass it gains per instruction run (NICE_0_WEIGHT / tickets). */
export function strideOf(nice: number): number {
  return NICE_0_WEIGHT / niceToTickets(nice);
}

/** The scheduler a name selects (default round robin). */
export function createScheduler(name: SchedulerName = 'round-robin'): Scheduler {
  return name === 'stride' ? new Stride() : new RoundRobin();
}
