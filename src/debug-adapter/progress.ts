/**
 * How fast the guest runs, for the extension's status bar (issue 12): while the guest runs, a
 * `glasskernel/progress` event at most every PROGRESS_INTERVAL_MS of host time with the
 * instructions retired so far and the guest's speed over the last interval; at each stop and at
 * the exit one more, marked not running. Costs one clock read per run-loop tick.
 */

/** Custom event: the guest's instruction count and speed. Body: {@link ProgressEventBody}. */
export const PROGRESS_EVENT = 'glasskernel/progress';

/** Shortest host time between two `glasskernel/progress` events while the guest runs, in ms. */
export const PROGRESS_INTERVAL_MS = 500;

/** Body of `glasskernel/progress`. */
export interface ProgressEventBody {
  /** True while the guest runs; false for the event sent at a stop or at the exit. */
  running: boolean;
  /** Instructions retired by every hart since boot (all processes together). */
  instructionsRetired: number;
  /**
   * Guest speed over the last interval, in millions of retired instructions per second of host
   * (wall-clock) time; undefined in the event sent at a stop or exit.
   */
  mips?: number;
}

/** One MIPS (a million instructions per second) is a thousand instructions per millisecond. */
const INSTRUCTIONS_PER_MS_PER_MIPS = 1000;

/**
 * Decides when to send `glasskernel/progress` and computes the speed. `clock` returns host time
 * in ms (Date.now in the adapter; a fake clock in tests).
 */
export class ProgressReporter {
  /** Host time and instruction count at the start of the current interval; undefined after a stop. */
  private mark: { ms: number; instructions: number } | undefined;

  constructor(private readonly send: (body: ProgressEventBody) => void, private readonly clock: () => number) {}

  /** The run loop did a slice; `instructions` is the kernel's instructionsRetired now. */
  tick(instructions: number): void {
    const ms = this.clock();
    if (!this.mark) { this.mark = { ms, instructions }; return; }
    const elapsed = ms - this.mark.ms;
    if (elapsed < PROGRESS_INTERVAL_MS) return;
    const mips = (instructions - this.mark.instructions) / elapsed / INSTRUCTIONS_PER_MS_PER_MIPS;
    this.send({ running: true, instructionsRetired: instructions, mips });
    this.mark = { ms, instructions };
  }

  /** The guest stopped or exited: one event with the total; the next tick starts a new interval. */
  stopped(instructions: number): void {
    this.mark = undefined;
    this.send({ running: false, instructionsRetired: instructions });
  }
}
