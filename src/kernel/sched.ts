import type { Thread } from './process';

/**
 * A scheduling policy: which runnable thread runs next. The kernel owns thread states; the
 * policy only orders the runnable ones. Time slices are counted in retired instructions.
 */
export interface Scheduler {
  /** A thread became runnable (created, woken, or preempted at the end of its slice). */
  enqueue(t: Thread): void;
  /** Removes and returns the next thread to run, or undefined when none is runnable. */
  pickNext(): Thread | undefined;
  /** Forgets a thread that is no longer runnable (slept or died) if it is queued. */
  remove(t: Thread): void;
}

/** Round robin: first come, first served, each thread for one time slice. */
export class RoundRobin implements Scheduler {
  private queue: Thread[] = [];

  enqueue(t: Thread): void {
    if (!this.queue.includes(t)) this.queue.push(t);
  }

  pickNext(): Thread | undefined {
    return this.queue.shift();
  }

  remove(t: Thread): void {
    this.queue = this.queue.filter((q) => q !== t);
  }
}
