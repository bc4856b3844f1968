/**
 * Stepping: one thread by one instruction or one source line, stepping into or over calls,
 * or out of the current function, with gdb's rules. Works on register snapshots before and
 * after each single step, with no instruction decoding beyond the length:
 *
 * - a call is an instruction after which ra = its own pc + its length while pc went elsewhere
 *   (jal/jalr with rd = ra, RISC-V psABI: ra holds the return address);
 * - a return is one that jumped to the ra it started with (`ret` = jalr x0, 0(ra)).
 *
 * A line step stops only at the start of a statement (an is_stmt row of the line table) on
 * another line, so code of one line that the compiler interleaved with other lines (-O2)
 * does not stop it midway; a jump back to the start of the line (a loop) is a new line.
 * Inlined calls (DW_TAG_inlined_subroutine) count as calls: `next` steps over them, `stepIn`
 * stops at their first statement, `stepOut` from one steps until the inline depth drops.
 *
 * A call being stepped over, and a physical frame being stepped out of, run at full speed to
 * a temporary breakpoint at the return address, accepted only for the stepping thread with
 * sp back at (or above) its value before the call (deeper recursion, and a forked child
 * returning to the same address, run on).
 *
 * `stepIn` also enters the kernel: an instruction of the starting line that traps into a
 * steppable kernel path (a page fault, an `ecall`'s syscall) stops at the path's first pause
 * (RunControl.kernelStep); so does `stepIn` by instruction at an `ecall`;
 * kernel-step.ts steps from there.
 */
import type { RegisterSnapshot, RunControl } from '../kernel/api';
import { instructionLength } from '../isa/decode';
import type { BreakpointSet } from './breakpoint-set';
import type { Program, SourceLocation } from './program';
import { REG_RA, REG_SP, regNumber } from './registers';
import type { RuntimeStop } from './runtime';

/** stepIn, next or stepOut. */
export type StepKind = 'into' | 'over' | 'out';

/**
 * What the user sees at the starting point, when it differs from the raw pc: inlined calls
 * hidden because they begin exactly at the pc (frames.ts hiddenInlineFrames), and the line
 * of the frame shown on top (then the call site in the caller).
 */
export interface StepView {
  hiddenInline?: number;
  line?: SourceLocation;
}

/** Result of a finished operation. */
export type Outcome = { kind: 'stop'; stop: RuntimeStop } | { kind: 'exited'; status: number };

/** How one kernel slice ended, as an operation sees it. */
export type Slice =
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'budget' }
  | { kind: 'step'; tid: number }
  | { kind: 'temp'; tid: number; pc: number };

/** What the stepper needs from the runtime. */
export interface StepContext {
  readonly program: Program;
  readonly breakpoints: BreakpointSet;
  registers(tid: number): RegisterSnapshot | undefined;
  pidOf(tid: number): number | undefined;
  /** Instruction bytes at `va` of process `pid`. */
  readCode(pid: number, va: number, len: number): Uint8Array | undefined;
  runSlice(control: Omit<RunControl, 'stopOn'>): Slice;
  /** Where thread `tid`'s innermost physical frame returns to, and its CFA (the sp after the return); from the unwinder. */
  returnOf(tid: number): { pc: number; sp: number } | undefined;
}

/** Single steps per event-loop turn before yielding. */
const STEPS_PER_TICK = 2_000;
/** A line step gives up (and stops) after this many instructions without reaching a new line. */
const MAX_LINE_STEP_INSTRUCTIONS = 1_000_000;
/** Bytes of an instruction's first parcel, which encodes its length (Unprivileged spec 1.5). */
const PARCEL_BYTES = 2;
/** Length assumed when the instruction cannot be read (a 32-bit instruction). */
const DEFAULT_LENGTH = 4;
/** The `ecall` instruction word (Unprivileged spec 2.8, SYSTEM opcode, funct12 = ECALL). */
const ECALL_WORD = 0x00000073;
/** Bytes of the `ecall` instruction. */
const ECALL_BYTES = 4;

/** True when the instruction at virtual `pc` of process `pid` is an `ecall`. */
export function isEcallAt(ctx: StepContext, pid: number | undefined, pc: number): boolean {
  const b = pid !== undefined ? ctx.readCode(pid, pc, ECALL_BYTES) : undefined;
  if (!b || b.length < ECALL_BYTES) return false;
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0 === ECALL_WORD;
}

/** Byte length (2 or 4) of the instruction at virtual `pc` in process `pid`; 4 when unreadable. */
export function instructionLengthAt(ctx: StepContext, pid: number | undefined, pc: number): number {
  const bytes = pid !== undefined ? ctx.readCode(pid, pc, PARCEL_BYTES) : undefined;
  if (!bytes || bytes.length < PARCEL_BYTES) return DEFAULT_LENGTH;
  return instructionLength(bytes[0]! | (bytes[1]! << 8)) || DEFAULT_LENGTH;
}

/** True when the instruction at prev.pc (of `len` bytes) was a call. */
export function isCall(prev: RegisterSnapshot, now: RegisterSnapshot, len: number): boolean {
  const next = prev.pc + len;
  return now.pc !== next && regNumber(now, REG_RA) === next;
}

/** True when the instruction at prev.pc returned through ra. */
export function isReturn(prev: RegisterSnapshot, now: RegisterSnapshot, len: number): boolean {
  return now.pc !== prev.pc + len && now.pc === regNumber(prev, REG_RA) && !isCall(prev, now, len);
}

/** A step in progress; see the module comment. */
export class StepOperation {
  /** Source line the step started on (line granularity); undefined when it had none. */
  private startLine: SourceLocation | undefined;
  /** Pc the current line began at (loop detection). */
  private startPc: number;
  /** Return address and sp of a call being stepped over (or a frame stepped out of) at full speed. */
  private returnTarget: { pc: number; sp: number } | undefined;
  private stepped = 0;
  /** Inlined calls active at the starting pc (0 outside any). */
  private readonly startDepth: number;
  /** stepOut from an inlined frame: step until the inline depth falls below startDepth. */
  private readonly outOfInline: boolean;
  /**
   * stepIn enters the kernel (RunControl.kernelStep) at an instruction of the starting line
   * that traps into a steppable kernel path; not any more once it has entered a called function.
   * Line granularity, or an instruction step at an `ecall` (the syscall steps as one unit); any
   * other instruction step stays one user instruction (the fault resolved within it).
   */
  private intoKernel: boolean;

  constructor(
    private readonly ctx: StepContext,
    private readonly tid: number,
    private readonly kind: StepKind,
    private readonly granularity: 'line' | 'instruction',
    view: StepView = {},
  ) {
    const regs = ctx.registers(tid);
    this.startPc = regs?.pc ?? 0;
    this.startLine = view.line ?? (regs ? ctx.program.locationAt(regs.pc) : undefined);
    this.startDepth = regs ? Math.max(0, ctx.program.inlineDepth(regs.pc) - (view.hiddenInline ?? 0)) : 0;
    this.outOfInline = kind === 'out' && this.startDepth > 0;
    this.intoKernel = kind === 'into' && (granularity === 'line' || (regs !== undefined && isEcallAt(ctx, ctx.pidOf(tid), regs.pc)));
    if (kind === 'out' && !this.outOfInline) {
      // Out of a physical frame: straight to its return address at full speed (gdb's finish).
      const ret = ctx.returnOf(tid);
      if (ret) {
        this.returnTarget = ret;
        ctx.breakpoints.addTemporary(ret.pc);
      }
    }
  }

  /** Runs up to STEPS_PER_TICK steps; returns the outcome when the step is over. */
  advance(): Outcome | undefined {
    for (let i = 0; i < STEPS_PER_TICK; i++) {
      const r = this.returnTarget ? this.runToReturn() : this.singleStep();
      if (r === 'yield') return undefined;
      if (r !== 'again') return r;
    }
    return undefined;
  }

  private stop(): Outcome {
    return { kind: 'stop', stop: { reason: 'step', tid: this.tid } };
  }

  /** Full-speed run to the pending return target. */
  private runToReturn(): Outcome | 'again' | 'yield' {
    const target = this.returnTarget!;
    const slice = this.ctx.runSlice({});
    if (slice.kind === 'done') return slice.outcome;
    if (slice.kind !== 'temp') return 'yield';
    const regs = this.ctx.registers(this.tid);
    if (slice.tid !== this.tid || slice.pc !== target.pc || !regs || regNumber(regs, REG_SP) < target.sp) return 'again';
    this.ctx.breakpoints.removeTemporary(target.pc);
    this.returnTarget = undefined;
    // Back in the caller (stepOut: done, as gdb's finish, mid-line) or in the stepping frame just after the call.
    if (this.kind === 'out' || this.granularity === 'instruction') return this.stop();
    return this.lineChanged(regs.pc) ? this.stop() : 'again';
  }

  /** One instruction of the stepping thread, then the decision whether to go on. */
  private singleStep(): Outcome | 'again' | 'yield' {
    const prev = this.ctx.registers(this.tid);
    if (!prev) {
      // The thread is gone (it exited mid-step): the step becomes a continue.
      const slice = this.ctx.runSlice({});
      return slice.kind === 'done' ? slice.outcome : 'yield';
    }
    const len = instructionLengthAt(this.ctx, this.ctx.pidOf(this.tid), prev.pc);
    const slice = this.ctx.runSlice(this.intoKernel ? { stepTid: this.tid, kernelStep: { tid: this.tid } } : { stepTid: this.tid });
    if (slice.kind === 'done') return slice.outcome;
    if (slice.kind === 'budget') return 'yield';
    if (slice.kind !== 'step' || slice.tid !== this.tid) return 'again';
    const now = this.ctx.registers(this.tid);
    if (!now) return 'again';
    this.stepped++;
    return this.decide(prev, now, len);
  }

  private decide(prev: RegisterSnapshot, now: RegisterSnapshot, len: number): Outcome | 'again' {
    const call = isCall(prev, now, len);
    const ret = isReturn(prev, now, len);
    if (this.granularity === 'instruction') {
      if (this.kind === 'into') return this.stop();
      if (call) return this.stepOverCall(prev, len);
      if (this.kind === 'over' || ret) return this.stop();
      return 'again';
    }
    if (call) {
      if (this.kind === 'into' && this.ctx.program.locationAt(now.pc)) {
        // Entered a function with line info: stop at its first line past the prologue.
        this.startLine = this.ctx.program.locationAt(now.pc);
        this.startPc = now.pc;
        this.intoKernel = false;
        return 'again';
      }
      return this.stepOverCall(prev, len);
    }
    if (ret) return this.stop();
    const depth = this.ctx.program.inlineDepth(now.pc);
    if (this.outOfInline) return depth < this.startDepth && this.ctx.program.isStatementStart(now.pc) ? this.stop() : 'again';
    if (this.kind === 'out') return 'again';
    if (depth > this.startDepth) {
      // Inside an inlined call made from the starting line: stepIn stops at its first statement.
      if (this.kind === 'into' && this.ctx.program.isStatementStart(now.pc)) return this.stop();
      return 'again';
    }
    if (this.lineChanged(now.pc)) return this.stop();
    if (this.stepped >= MAX_LINE_STEP_INSTRUCTIONS) return this.stop();
    return 'again';
  }

  private stepOverCall(prev: RegisterSnapshot, len: number): 'again' {
    const pc = prev.pc + len;
    this.returnTarget = { pc, sp: regNumber(prev, REG_SP) };
    this.ctx.breakpoints.addTemporary(pc);
    return 'again';
  }

  /**
   * True when `pc` starts a statement (an is_stmt line-table row) on a source line other than
   * the starting one (code without line info, line 0 of compiler-generated code, and the
   * middle of a line do not count as a new line).
   */
  private lineChanged(pc: number): boolean {
    const loc = this.ctx.program.locationAt(pc);
    if (!loc || loc.line === 0 || !this.ctx.program.isStatementStart(pc)) return false;
    const start = this.startLine;
    if (!start) return true;
    if (loc.file !== start.file || loc.line !== start.line) return true;
    // Same line: a jump back to the start of one of its rows is a new iteration (a loop).
    return this.ctx.program.isLineStart(pc) && pc <= this.startPc;
  }
}
