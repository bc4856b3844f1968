/**
 * The call stack of a stopped thread, as gdb builds it:
 *
 * 1. Physical frames, innermost first, each with the registers recovered for it. A frame's
 *    caller comes from DWARF call frame information (`.eh_frame` / `.debug_frame`, DWARF 5
 *    section 6.4) when its pc has an FDE; from the signal frame when its pc is the vDSO's
 *    `rt_sigreturn` trampoline (the interrupted registers are in the `ucontext` on the
 *    stack, Linux arch/riscv/kernel/signal.c); otherwise from the function's prologue
 *    (prologue.ts, as gdb's RISC-V prologue scanner), and last from the frame-pointer
 *    convention (RISC-V psABI: ra at fp-8, the caller's fp at fp-16).
 * 2. Source frames: each physical frame split into the inlined calls active at its pc
 *    (DW_TAG_inlined_subroutine) and the function that contains them, as gdb shows them.
 *
 * Caller frames are looked up at pc-1 (the call instruction, not the one after it) except a
 * frame interrupted by a signal, whose pc is exact. The walk stops after `main` (gdb's default
 * `backtrace past-main off`), at a frame whose return address is undefined (`_start`), or
 * when the stack stops growing upward. Reads only; never throws on garbage stacks.
 */
import type { RegisterSnapshot } from '../kernel/api';
import { SIGRETURN_TRAMPOLINE } from '../kernel/vdso';
import { XLEN_REGS } from '../kernel/abi';
import { SC_REGS_BYTES, UC_MCONTEXT, UC_OFFSET } from '../kernel/signals/frame';
import { unwindStep, computeCfa, type UnwindIo } from '../dwarf/cfi';
import { RISCV_DWARF_FP, RISCV_DWARF_RA, RISCV_DWARF_SP, evaluateValue } from '../dwarf/expr';
import type { InfoScopeFrame } from '../dwarf/info/scopes';
import type { KernelFrameInfo } from './kernel-frames';
import type { Program, SourceLocation } from './program';
import { analyzePrologue } from './prologue';

/** Deepest stack the walk returns (physical frames). */
export const MAX_FRAMES = 64;
/** Bytes of one saved integer register (XLEN = 64). */
const XLEN_BYTES = 8;
/** Frame-pointer convention: ra and the caller's fp sit just below fp (psABI). */
const SAVED_RA_OFFSET = 8;
const SAVED_FP_OFFSET = 16;
/** The function after which gdb stops a backtrace. */
const MAIN = 'main';

/** What the unwinder reads: the program's tables, a thread's registers, a process's memory. */
export interface UnwindSource {
  readonly program: Program;
  registers(tid: number): RegisterSnapshot | undefined;
  pidOf(tid: number): number | undefined;
  readMemory(pid: number, va: number, len: number): Uint8Array | undefined;
}

/** One physical (machine) frame. */
export interface PhysicalFrame {
  /** The frame's pc: the thread's pc for frame 0 and interrupted frames, else a return address. */
  pc: number;
  /** The pc to look up lines, CFI and scopes with (pc, or pc - 1 for a return address). */
  lookupPc: number;
  /** Registers recovered for this frame, by DWARF number (undefined: not known). */
  regs: Array<bigint | undefined>;
  /** Canonical frame address (the sp at the call into this frame), when CFI knows it. */
  cfa?: bigint;
  /** 'sigtramp': the vDSO signal trampoline between a handler and the interrupted code. */
  kind: 'normal' | 'sigtramp';
}

/** One frame as the user sees it: a function, or an inlined call within one. */
export interface SourceFrame {
  physical: PhysicalFrame;
  /** Index of `physical` in the physical stack (0 innermost). */
  physicalIndex: number;
  /** DWARF scope of this frame (undefined without debug info for its pc). */
  scope?: InfoScopeFrame;
  /** Every scope at the physical pc, innermost first: what variable lookups see from this level outward. */
  scopes: InfoScopeFrame[];
  /** Position of `scope` in `scopes` (0 = innermost inlined level). */
  depth: number;
  name: string;
  /** Where this frame is: its line at the pc, or for an outer level the call site of the inner one. */
  location?: SourceLocation;
  /**
   * A kernel frame (or the trap label) shown above the user frames while the thread is paused in
   * a steppable kernel path; `physical` is then the user's innermost frame (kernel-frames.ts).
   */
  kernel?: KernelFrameInfo;
}

/** Registers of a snapshot by DWARF number. */
export function dwarfRegisters(regs: RegisterSnapshot): Array<bigint | undefined> {
  const out: Array<bigint | undefined> = [];
  for (let i = 0; i < XLEN_REGS; i++) out.push(i === 0 ? 0n : regs.x[i]);
  for (let i = 0; i < XLEN_REGS; i++) out.push(regs.f?.[i]);
  return out;
}

/** The physical frames of thread `tid`, innermost first; empty when it does not exist. */
export function unwindPhysical(src: UnwindSource, tid: number, maxFrames = MAX_FRAMES): PhysicalFrame[] {
  const snapshot = src.registers(tid);
  const pid = src.pidOf(tid);
  if (!snapshot || pid === undefined) return [];
  const read = (va: bigint): bigint | undefined => readU64(src, pid, va);
  const io = unwindIo(src, pid);
  const frames: PhysicalFrame[] = [{ pc: snapshot.pc, lookupPc: snapshot.pc, regs: dwarfRegisters(snapshot), kind: 'normal' }];
  while (frames.length < maxFrames) {
    const cur = frames[frames.length - 1]!;
    const next = cur.pc === SIGRETURN_TRAMPOLINE ? signalCaller(cur, read)
      : caller(src.program, cur, frames.length === 1, io, read, (va, len) => src.readMemory(pid, va, len));
    if (!next) break;
    if (cur.kind === 'normal' && src.program.functionAt(cur.lookupPc)?.name === MAIN) break;
    const sp = cur.regs[RISCV_DWARF_SP];
    const nextSp = next.regs[RISCV_DWARF_SP];
    // A caller's sp lies above its callee's (the stack grows down); equal only across a signal.
    if (sp !== undefined && nextSp !== undefined && nextSp < sp) break;
    if (sp !== undefined && nextSp === sp && next.pc === cur.pc) break;
    frames.push(next);
  }
  return frames;
}

/**
 * The caller of `cur` through CFI, else frame pointers. Also records `cur.cfa`. Undefined at
 * the outermost frame or when nothing sensible is found.
 */
function caller(program: Program, cur: PhysicalFrame, innermost: boolean, io: UnwindIo, read: (va: bigint) => bigint | undefined,
  readCode: (va: number, len: number) => Uint8Array | undefined): PhysicalFrame | undefined {
  const row = program.cfi?.rowAt(cur.lookupPc);
  if (row) {
    const step = unwindStep(row, cur.regs, io, { keepCallerSaved: true });
    if (!step.ok) return undefined;
    cur.cfa = step.cfa;
    const ra = step.returnAddress;
    if (ra === undefined || ra === 0n) return undefined;
    step.caller[RISCV_DWARF_SP] = step.cfa;
    return returnFrame(program, Number(ra), step.caller);
  }
  return prologueCaller(program, cur, innermost, read, readCode) ?? framePointerCaller(program, cur, innermost, read);
}

/**
 * The caller of a frame whose function has no CFI, from its prologue (prologue.ts, gdb's
 * RISC-V prologue scanner): the CFA and the save slots of ra and the callee-saved registers.
 * Undefined when the function is unknown or its return address cannot be found.
 */
function prologueCaller(program: Program, cur: PhysicalFrame, innermost: boolean, read: (va: bigint) => bigint | undefined,
  readCode: (va: number, len: number) => Uint8Array | undefined): PhysicalFrame | undefined {
  const fn = program.functionAt(cur.lookupPc);
  if (!fn) return undefined;
  const p = analyzePrologue(readCode, fn.start, cur.pc);
  const base = cur.regs[p.cfaReg];
  if (base === undefined) return undefined;
  const cfa = base + BigInt(p.cfaOffset);
  const regs = [...cur.regs];
  for (const [reg, off] of p.saved) regs[reg] = read(cfa + BigInt(off));
  regs[RISCV_DWARF_SP] = cfa;
  if (!p.saved.has(RISCV_DWARF_RA) && !innermost) return undefined;
  const ra = regs[RISCV_DWARF_RA];
  if (ra === undefined || ra === 0n) return undefined;
  cur.cfa = cfa;
  return returnFrame(program, Number(ra), regs);
}

/** The frame a return address leads to, if it is code (or the signal trampoline). */
function returnFrame(program: Program, ra: number, regs: Array<bigint | undefined>): PhysicalFrame | undefined {
  if (ra !== SIGRETURN_TRAMPOLINE && !program.isCode(ra)) return undefined;
  return { pc: ra, lookupPc: ra === SIGRETURN_TRAMPOLINE ? ra : ra - 1, regs, kind: ra === SIGRETURN_TRAMPOLINE ? 'sigtramp' : 'normal' };
}

/**
 * Frame-pointer fallback (psABI frame pointer convention): in a prologue ra is still live; in
 * a leaf, fp-8 holds the caller's fp and ra was never saved; otherwise ra is at fp-8 and the
 * caller's fp at fp-16.
 */
function framePointerCaller(program: Program, cur: PhysicalFrame, innermost: boolean, read: (va: bigint) => bigint | undefined): PhysicalFrame | undefined {
  const fp = cur.regs[RISCV_DWARF_FP];
  const ra = cur.regs[RISCV_DWARF_RA];
  const regs = [...cur.regs];
  const fn = program.functionAt(cur.lookupPc);
  if (innermost && fn && cur.pc < program.prologueEnd(fn.start) && ra !== undefined) return returnFrame(program, Number(ra), regs);
  if (fp === undefined || fp === 0n) return undefined;
  const savedRa = read(fp - BigInt(SAVED_RA_OFFSET));
  if (savedRa !== undefined && program.isCode(Number(savedRa))) {
    regs[RISCV_DWARF_FP] = read(fp - BigInt(SAVED_FP_OFFSET));
    regs[RISCV_DWARF_SP] = fp;
    regs[RISCV_DWARF_RA] = savedRa;
    return returnFrame(program, Number(savedRa), regs);
  }
  if (innermost && savedRa !== undefined && savedRa > fp && ra !== undefined) {
    regs[RISCV_DWARF_FP] = savedRa;
    regs[RISCV_DWARF_SP] = fp;
    return returnFrame(program, Number(ra), regs);
  }
  return undefined;
}

/**
 * The frame a signal interrupted: the registers the kernel saved in the rt_sigframe's
 * ucontext (uc_mcontext.sc_regs: pc, then x1..x31; then the FP registers) at the
 * trampoline frame's sp.
 */
function signalCaller(cur: PhysicalFrame, read: (va: bigint) => bigint | undefined): PhysicalFrame | undefined {
  cur.kind = 'sigtramp';
  const sp = cur.regs[RISCV_DWARF_SP];
  if (sp === undefined) return undefined;
  const sc = sp + BigInt(UC_OFFSET + UC_MCONTEXT);
  const pc = read(sc);
  if (pc === undefined || pc === 0n || pc > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const regs: Array<bigint | undefined> = [0n];
  for (let i = 1; i < XLEN_REGS; i++) regs.push(read(sc + BigInt(i * XLEN_BYTES)));
  for (let i = 0; i < XLEN_REGS; i++) regs.push(read(sc + BigInt(SC_REGS_BYTES + i * XLEN_BYTES)));
  cur.cfa = sp;
  return { pc: Number(pc), lookupPc: Number(pc), regs, kind: 'normal' };
}

/**
 * The CFA of the innermost frame of a walk (unwinding records it only for frames that have a
 * caller); undefined without CFI for its pc.
 */
export function frameCfa(src: UnwindSource, pid: number, frame: PhysicalFrame): bigint | undefined {
  if (frame.cfa !== undefined) return frame.cfa;
  const row = src.program.cfi?.rowAt(frame.lookupPc);
  if (!row) return undefined;
  const cfa = computeCfa(row, frame.regs, unwindIo(src, pid));
  return typeof cfa === 'string' ? undefined : (frame.cfa = cfa);
}

/** What CFI rules read: process `pid`'s memory, and DWARF expressions over a frame's registers. */
function unwindIo(src: UnwindSource, pid: number): UnwindIo {
  return {
    readU64: (va) => readU64(src, pid, va),
    evaluate: (expr, initialStack, regs) => {
      const r = evaluateValue(expr, { register: (n) => regs[n], memory: (a, s) => readSized(src, pid, a, s), initialStack });
      return r.ok ? r.value : undefined;
    },
  };
}

/**
 * How many inlined calls to hide at a stop at `pc` (gdb's skip_inline_frames): a stop exactly
 * where inlined calls begin is shown at the call site in the caller, as if the calls had not
 * started yet, so `stepIn` can enter them without moving. Not when the stop is a breakpoint
 * the user placed on a line of the inlined code itself (`bpLines` holds the lines of the
 * breakpoints at pc).
 */
export function hiddenInlineFrames(program: Program, pc: number, bpLines: readonly number[] = []): number {
  const scopes = program.debugInfo?.scopeAt(pc) ?? [];
  const here = program.locationAt(pc);
  if (here && bpLines.includes(here.line)) return 0;
  let n = 0;
  while (n < scopes.length - 1) {
    const s = scopes[n]!;
    if (s.kind !== 'inlined' || !(s.entryPc === pc || s.ranges.some((r) => r.start === pc))) break;
    n++;
  }
  return n;
}

/**
 * Splits physical frames into source frames (inlined calls first, then their function),
 * leaving out the `hidden` innermost inlined calls of frame 0 (hiddenInlineFrames).
 */
export function sourceFrames(program: Program, physical: readonly PhysicalFrame[], hidden = 0): SourceFrame[] {
  const out: SourceFrame[] = [];
  physical.forEach((p, physicalIndex) => {
    if (p.kind === 'sigtramp') {
      out.push({ physical: p, physicalIndex, scopes: [], depth: 0, name: '<signal handler called>' });
      return;
    }
    const scopes = program.debugInfo?.scopeAt(p.lookupPc) ?? [];
    const line = program.locationAt(p.lookupPc);
    if (scopes.length === 0) {
      out.push({ physical: p, physicalIndex, scopes, depth: 0, name: program.functionAt(p.lookupPc)?.name ?? '', location: line });
      return;
    }
    scopes.forEach((scope, depth) => {
      if (physicalIndex === 0 && depth < hidden) return;
      const inner = scopes[depth - 1];
      const location = depth === 0 ? line : inner?.callFile !== undefined && inner.callLine !== undefined
        ? { file: inner.callFile, line: inner.callLine, column: inner.callColumn ?? 0 } : line;
      out.push({ physical: p, physicalIndex, scope, scopes, depth, name: scope.name, location });
    });
  });
  return out;
}

function readU64(src: UnwindSource, pid: number, va: bigint): bigint | undefined {
  return readSized(src, pid, va, XLEN_BYTES);
}

/** The `size`-byte (1..8) little-endian value at virtual `va` of process `pid`; undefined when unreadable or out of range. */
export function readSized(src: UnwindSource, pid: number, va: bigint, size: number): bigint | undefined {
  if (va <= 0n || va > BigInt(Number.MAX_SAFE_INTEGER) || size < 1 || size > XLEN_BYTES) return undefined;
  const bytes = src.readMemory(pid, Number(va), size);
  if (!bytes || bytes.length < size) return undefined;
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

