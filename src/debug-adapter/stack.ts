/**
 * Call stack of a stopped thread, walked through frame pointers (the fallback unwinder of
 * DESIGN.md until DWARF CFI is read). RISC-V psABI "Frame pointer convention": s0/fp holds
 * the frame's CFA (sp at function entry), the return address is saved at fp-8 and the
 * caller's fp at fp-16. gcc's leaf functions save only fp, at fp-8, and keep ra live.
 *
 * Known limits: inside a prologue the line table tells us ra is still live; inside an
 * epilogue (after fp is restored) one caller frame may be skipped.
 */
import type { RegisterSnapshot } from '../kernel/api';
import type { Program } from './program';
import { REG_FP, REG_RA, regNumber } from './registers';

/** Offsets below fp of the saved return address and saved caller fp (psABI). */
const SAVED_RA_OFFSET = 8;
const SAVED_FP_OFFSET = 16;
/** Bytes of one saved register (XLEN = 64). */
const XLEN_BYTES = 8;
/** Deepest stack the walk returns. */
export const MAX_FRAMES = 64;

/** What the unwinder reads. */
export interface UnwindSource {
  readonly program: Program;
  registers(tid: number): RegisterSnapshot | undefined;
  pidOf(tid: number): number | undefined;
  readMemory(pid: number, va: number, len: number): Uint8Array | undefined;
}

/**
 * Pcs of the frames of thread `tid`, innermost first: the thread's pc, then each caller's
 * return address. Empty when the thread does not exist. Never throws on garbage stacks.
 */
export function unwind(src: UnwindSource, tid: number, maxFrames = MAX_FRAMES): number[] {
  const regs = src.registers(tid);
  const pid = src.pidOf(tid);
  if (!regs || pid === undefined) return [];
  const read = (va: number): number | undefined => readU64(src, pid, va);
  const pcs = [regs.pc];
  let { callerPc, fp } = topCaller(src.program, regs, read);
  while (pcs.length < maxFrames && callerPc !== 0 && src.program.isCode(callerPc)) {
    pcs.push(callerPc);
    if (fp === 0) break;
    const savedRa = read(fp - SAVED_RA_OFFSET);
    const savedFp = read(fp - SAVED_FP_OFFSET);
    if (savedRa === undefined || savedFp === undefined || (savedFp !== 0 && savedFp <= fp)) break;
    callerPc = savedRa;
    fp = savedFp;
  }
  return pcs;
}

/** Return address and caller fp of the innermost frame, from where its pc is. */
function topCaller(program: Program, regs: RegisterSnapshot, read: (va: number) => number | undefined): { callerPc: number; fp: number } {
  const ra = regNumber(regs, REG_RA);
  const fp = regNumber(regs, REG_FP);
  const fn = program.functionAt(regs.pc);
  if (fn && regs.pc < program.prologueEnd(fn.start)) return { callerPc: ra, fp };
  const savedRa = read(fp - SAVED_RA_OFFSET);
  if (savedRa !== undefined && program.isCode(savedRa)) {
    return { callerPc: savedRa, fp: read(fp - SAVED_FP_OFFSET) ?? 0 };
  }
  // A leaf frame: fp-8 holds the caller's fp, ra was never saved.
  if (savedRa !== undefined && savedRa > fp) return { callerPc: ra, fp: savedRa };
  return { callerPc: ra, fp: 0 };
}

function readU64(src: UnwindSource, pid: number, va: number): number | undefined {
  if (va <= 0 || va % XLEN_BYTES !== 0) return undefined;
  const bytes = src.readMemory(pid, va, XLEN_BYTES);
  if (!bytes || bytes.length < XLEN_BYTES) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, XLEN_BYTES).getBigUint64(0, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
}
