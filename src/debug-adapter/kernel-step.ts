/**
 * Stepping while a thread is paused inside a steppable kernel path (DESIGN.md "Steppable kernel
 * paths"; RunControl.kernelStep). Kernel frames are counted by the pause's depth (1 = the trap
 * entry):
 * - `next` runs to the next pause of the thread at depth <= the current one;
 * - `stepIn` to the very next pause;
 * - `stepOut` to the next pause at a smaller depth; from depth 1 it leaves the kernel: the path
 *   runs to its end unwatched and the step stops back in user mode at the trapping instruction,
 *   which the thread retries (the store then completes when the run goes on), as the student
 *   sees the return from the trap (sret to sepc); a syscall's path leaves it just past the
 *   `ecall` with a0 = the result.
 * Every kind stops in user mode when the path ends before a pause it wants (the retried
 * instruction retired, or the syscall completed: the kernel then ends the step at once). The thread runs with `stepTid`, so no other user code of it runs.
 */
import type { RunControl } from '../kernel/api';
import type { KernelPause } from './kernel-frames';
import type { Outcome, Slice, StepKind } from './stepper';

/** What a kernel step needs from the runtime. */
export interface KernelStepContext {
  registers(tid: number): unknown;
  runSlice(control: Omit<RunControl, 'stopOn'>): Slice;
  /** Finishes the suspended kernel path unwatched and runs no user instruction (a budget of 0). */
  finishKernelPath(): Slice;
}

/** Kernel slices per event-loop turn before yielding. */
const SLICES_PER_TICK = 1_000;

/** A step of thread `tid` from kernel pause `from`. */
export class KernelStepOperation {
  constructor(
    private readonly ctx: KernelStepContext,
    private readonly tid: number,
    private readonly kind: StepKind,
    private readonly from: KernelPause,
  ) {}

  /** Runs up to SLICES_PER_TICK kernel slices; the outcome when the step is over. */
  advance(): Outcome | undefined {
    for (let i = 0; i < SLICES_PER_TICK; i++) {
      if (!this.ctx.registers(this.tid)) {
        // The thread is gone (killed by the fault's signal): the step becomes a continue.
        const slice = this.ctx.runSlice({});
        return slice.kind === 'done' ? slice.outcome : undefined;
      }
      if (this.kind === 'out' && this.from.depth <= 1) {
        const done = this.ctx.finishKernelPath();
        if (done.kind === 'done') return done.outcome;
        return { kind: 'stop', stop: { reason: 'step', tid: this.tid } };
      }
      const slice = this.ctx.runSlice({ stepTid: this.tid, kernelStep: { tid: this.tid } });
      if (slice.kind === 'budget') return undefined;
      if (slice.kind === 'temp') continue;
      if (slice.kind === 'step') {
        if (slice.tid === this.tid) return { kind: 'stop', stop: { reason: 'step', tid: this.tid } };
        continue;
      }
      const o = slice.outcome;
      if (o.kind === 'stop' && o.stop.kernel && o.stop.tid === this.tid && o.stop.reason === 'step' && !this.wants(o.stop.kernel.depth)) continue;
      return o;
    }
    return undefined;
  }

  /** True when a pause at `depth` ends this step. */
  private wants(depth: number): boolean {
    if (this.kind === 'into') return true;
    if (this.kind === 'over') return depth <= this.from.depth;
    return depth < this.from.depth;
  }
}
