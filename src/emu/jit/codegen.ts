import { Op } from '../interp';
import type { Insn } from '../predecode';
import { X0_SINK } from '../predecode';
import { PAGE_SHIFT, PAGE_SIZE } from '../sv39';
import { FP_FIRST, FpOp } from '../fp/exec';
import { TLB_INDEX, borrowOut, carryOut, carryOutImm, effectiveAddress, faultExit, hi, leaveIfCodeChanged, lo, watchExit, type InsnSite } from './emit-common';
import { emitFp, fpRegWritten, fpRegsRead } from './codegen-fp';

export type { InsnSite } from './emit-common';

/**
 * JavaScript source for single guest instructions, the block compiler's back end.
 *
 * Generated code works on JS locals `l<r>`/`h<r>` holding the low/high int32 words of guest
 * register x<r> (the region loads them from Hart.xl/xh on entry and writes the dirty ones back on
 * every exit). x0 reads as the literal 0; writes to x0 (X0_SINK) go to the scratch pair l32/h32,
 * which is never written back. Names the generated code may use, bound by the region builder:
 *   I32, U8, U16        physical memory views (PhysicalMemory.i32/u8/u16)
 *   LT, LB, ST, SB      load and store TLB tags and page bases (Mmu.tags/bases)
 *   CM                  PhysicalMemory.codeMark (pages with decoded code)
 *   H                   the Hart (slow-path load/store, vlo/vhi)
 *   A                   64-bit multiply/divide helpers from alu.ts, results in A.res
 *   PG                  the DecodedPage the region was compiled from
 *   FR, FI, FS          the FP registers: Hart.fr (Float64Array), Hart.fi (Int32Array) and a
 *                       Float32Array over the same bytes (FS[2r] = the single in f<r>'s low word)
 *   FX                  execFp (src/emu/fp/exec.ts), the out-of-line F/D executor
 *   FM                  the F/D arithmetic (fpAdd, fpMul, fpFma, ...) and fenv (codegen-fp.ts)
 *   FE, FF              codegen-fp.ts's productError and fmaRne (inline RNE fast paths)
 *   K                   the region's Insn objects (for FX), in block order
 * Locals: n (instructions retired so far in this call), pc (exit pc), b (block index to run
 * next; -1 = map pc to a block), t, a, ah, v, i, p, rm int32 scratch, fa, fb, fc, fv double
 * scratch, st (a StopReason from FX).
 *
 * Semantics mirror interp.ts exactly (the differential tests compare the two): a faulting
 * access writes no register, and the exit reports the faulting pc with the earlier
 * instructions of the block retired.
 */

const TWO32 = 4294967296;
const PAGE_OFFSET_MASK = PAGE_SIZE - 1;

/**
 * Ops the block compiler translates (every F/D op included: codegen-fp.ts); everything else
 * (CSR, AMO, ecall, ebreak, illegal) ends the block and runs in the interpreter.
 */
export const COMPILED_OPS: ReadonlySet<Op> = new Set<Op>([
  Op.NOP, Op.LUI, Op.AUIPC, Op.JAL, Op.JALR, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU,
  Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.SB, Op.SH, Op.SW, Op.SD,
  Op.ADDI, Op.SLTI, Op.SLTIU, Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI,
  Op.ADD, Op.SUB, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.SRA, Op.OR, Op.AND,
  Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW, Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW,
  Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
  Op.MULW, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW,
  ...Array.from({ length: FpOp.FCVT_D_S - FP_FIRST + 1 }, (_, i) => (FP_FIRST + i) as Op),
]);

/** Ops that end a basic block (control transfer). */
export function isTerminator(op: Op): boolean {
  return op === Op.JAL || op === Op.JALR || (op >= Op.BEQ && op <= Op.BGEU);
}

/** Registers an instruction reads (x1..x31; x0 omitted). */
export function regsRead(insn: Insn): number[] {
  const out: number[] = [];
  const add = (r: number) => { if (r !== 0 && r !== X0_SINK) out.push(r); };
  if (insn.op >= FP_FIRST) return fpRegsRead(insn);
  switch (insn.op) {
    case Op.NOP: case Op.LUI: case Op.AUIPC: case Op.JAL: return out;
    case Op.JALR: case Op.LB: case Op.LH: case Op.LW: case Op.LD: case Op.LBU: case Op.LHU: case Op.LWU:
    case Op.ADDI: case Op.SLTI: case Op.SLTIU: case Op.XORI: case Op.ORI: case Op.ANDI: case Op.SLLI:
    case Op.SRLI: case Op.SRAI: case Op.ADDIW: case Op.SLLIW: case Op.SRLIW: case Op.SRAIW:
      add(insn.rs1); return out;
    default: add(insn.rs1); add(insn.rs2); return out;
  }
}

/** Register an instruction writes (x1..x31), or -1. */
export function regWritten(insn: Insn): number {
  if (insn.op >= FP_FIRST) return fpRegWritten(insn);
  if (insn.op === Op.NOP || insn.rd === X0_SINK || insn.rd === 0) return -1;
  if ((insn.op >= Op.BEQ && insn.op <= Op.BGEU) || (insn.op >= Op.SB && insn.op <= Op.SD)) return -1;
  return insn.rd;
}

/** High word (int32) of a JS integer |v| < 2^53 taken as a 64-bit two's complement value. */
export function hiWord(v: number): number {
  return Math.floor(v / TWO32) | 0;
}

const LOAD_SIZE: Partial<Record<Op, number>> = { [Op.LB]: 1, [Op.LBU]: 1, [Op.LH]: 2, [Op.LHU]: 2, [Op.LW]: 4, [Op.LWU]: 4, [Op.LD]: 8 };
const STORE_SIZE: Partial<Record<Op, number>> = { [Op.SB]: 1, [Op.SH]: 2, [Op.SW]: 4, [Op.SD]: 8 };

/** Bytes an integer load or store (LB..LWU, SB..SD) accesses; 0 for any other op. */
export function accessSize(op: Op): number {
  return LOAD_SIZE[op] ?? STORE_SIZE[op] ?? 0;
}

/** Whether op is an integer load (lb, lh, lw, ld, lbu, lhu, lwu). */
export function isIntLoad(op: Op): boolean {
  return op >= Op.LB && op <= Op.LWU;
}

function emitLoad(insn: Insn, site: InsnSite): string {
  const op = insn.op;
  const size = LOAD_SIZE[op]!;
  const d = insn.rd;
  const aligned = size === 1 ? '' : ` && (a & ${size - 1}) === 0`;
  /** The fast-path load from physical address expression `p`. */
  const fastFrom = (p: string): string => {
    switch (op) {
      case Op.LB: return `l${d} = (U8[${p}] << 24) >> 24; h${d} = l${d} >> 31;`;
      case Op.LBU: return `l${d} = U8[${p}]; h${d} = 0;`;
      case Op.LH: return `l${d} = (U16[${p} >> 1] << 16) >> 16; h${d} = l${d} >> 31;`;
      case Op.LHU: return `l${d} = U16[${p} >> 1]; h${d} = 0;`;
      case Op.LW: return `l${d} = I32[${p} >> 2]; h${d} = l${d} >> 31;`;
      case Op.LWU: return `l${d} = I32[${p} >> 2]; h${d} = 0;`;
      default: return `p = ${p} >> 2; l${d} = I32[p]; h${d} = I32[p + 1];`;
    }
  };
  let slow: string;
  switch (op) {
    case Op.LB: slow = `l${d} = (H.vlo << 24) >> 24; h${d} = l${d} >> 31;`; break;
    case Op.LBU: case Op.LHU: slow = `l${d} = H.vlo; h${d} = 0;`; break;
    case Op.LH: slow = `l${d} = (H.vlo << 16) >> 16; h${d} = l${d} >> 31;`; break;
    case Op.LW: slow = `l${d} = H.vlo | 0; h${d} = l${d} >> 31;`; break;
    case Op.LWU: slow = `l${d} = H.vlo | 0; h${d} = 0;`; break;
    default: slow = `l${d} = H.vlo | 0; h${d} = H.vhi | 0;`; break;
  }
  const watched = watchExit(site, site.pc + insn.len);
  const normal = `if (LT[i] === v${aligned}) { ${fastFrom(`(LB[i] + (a & ${PAGE_OFFSET_MASK}))`)} } else if (H.load(a, ah, ${size})) { ${slow} ${watched} } else ${faultExit(site)}`;
  if (site.rmw === 'load') {
    // read-modify-write: a later store in this block writes the same address (region.ts); look the
    // address up in the store TLB so that store can reuse the physical address in q
    return `${effectiveAddress(insn.rs1, insn.imm)} ${TLB_INDEX}
if (ST[i] === v${aligned} && CM[(q = SB[i] + (a & ${PAGE_OFFSET_MASK})) >>> ${PAGE_SHIFT}] === 0) { ${fastFrom('q')} } else { q = -1; ${normal} }`;
  }
  return `${effectiveAddress(insn.rs1, insn.imm)} ${TLB_INDEX}\n${normal}`;
}

function emitStore(insn: Insn, site: InsnSite, nextPc: number): string {
  const size = STORE_SIZE[insn.op]!;
  const s = insn.rs2;
  const aligned = size === 1 ? '' : ` && (a & ${size - 1}) === 0`;
  let fast: string;
  switch (size) {
    case 1: fast = `U8[p] = ${lo(s)};`; break;
    case 2: fast = `U16[p >> 1] = ${lo(s)};`; break;
    case 4: fast = `I32[p >> 2] = ${lo(s)};`; break;
    default: fast = `p >>= 2; I32[p] = ${lo(s)}; I32[p + 1] = ${hi(s)};`; break;
  }
  // A store that reaches a page with decoded code goes through Hart.store, which drops that
  // page's decoded code; if it was this region's page, the rest of the region is stale: leave.
  const leave = leaveIfCodeChanged(site, nextPc);
  const normal = `${effectiveAddress(insn.rs1, insn.imm)} ${TLB_INDEX}
if (ST[i] === v${aligned} && CM[(p = SB[i] + (a & ${PAGE_OFFSET_MASK})) >>> ${PAGE_SHIFT}] === 0) { ${fast} }
else { if (!H.store(a, ah, ${size}, ${lo(s)}, ${hi(s)})) ${faultExit(site)} ${watchExit(site, nextPc)} ${leave} }`;
  // read-modify-write: the paired load found this very address writable, clean of code, aligned;
  // nothing inside a region call changes a translation or marks a page as code, so q still holds
  return site.rmw === 'store' ? `if (q >= 0) { p = q; ${fast} } else { ${normal} }` : normal;
}

/** 64-bit add of x[rs1] and an int32 constant into rd. */
function emitAddImm(d: number, a: number, imm: number): string {
  if (a === 0) return `l${d} = ${imm}; h${d} = ${imm >> 31};`;
  if (imm === 0) return `l${d} = l${a}; h${d} = h${a};`;
  return `t = (l${a} + ${imm}) | 0; h${d} = (h${a} ${imm < 0 ? '- 1 ' : ''}+ ${carryOutImm(`l${a}`, imm, 't')}) | 0; l${d} = t;`;
}

function emitShiftImm(op: Op, d: number, a: number, s: number): string {
  const la = lo(a), ha = hi(a);
  if (s === 0) return `l${d} = ${la}; h${d} = ${ha};`;
  switch (op) {
    case Op.SLLI: return s < 32 ? `h${d} = (${ha} << ${s}) | (${la} >>> ${32 - s}); l${d} = ${la} << ${s};` : `h${d} = ${la} << ${s - 32}; l${d} = 0;`;
    case Op.SRLI: return s < 32 ? `l${d} = (${la} >>> ${s}) | (${ha} << ${32 - s}); h${d} = (${ha} >>> ${s}) | 0;` : `l${d} = (${ha} >>> ${s - 32}) | 0; h${d} = 0;`;
    default: return s < 32 ? `l${d} = (${la} >>> ${s}) | (${ha} << ${32 - s}); h${d} = ${ha} >> ${s};` : `l${d} = ${ha} >> ${s - 32}; h${d} = ${ha} >> 31;`;
  }
}

function emitShiftReg(op: Op, d: number, a: number, b: number): string {
  const la = lo(a), ha = hi(a);
  const body = op === Op.SLL
    ? `if (t === 0) { l${d} = ${la}; h${d} = ${ha}; } else if (t < 32) { h${d} = (${ha} << t) | (${la} >>> (32 - t)); l${d} = ${la} << t; } else { h${d} = ${la} << (t - 32); l${d} = 0; }`
    : op === Op.SRL
      ? `if (t === 0) { l${d} = ${la}; h${d} = ${ha}; } else if (t < 32) { l${d} = (${la} >>> t) | (${ha} << (32 - t)); h${d} = (${ha} >>> t) | 0; } else { l${d} = (${ha} >>> (t - 32)) | 0; h${d} = 0; }`
      : `if (t === 0) { l${d} = ${la}; h${d} = ${ha}; } else if (t < 32) { l${d} = (${la} >>> t) | (${ha} << (32 - t)); h${d} = ${ha} >> t; } else { l${d} = ${ha} >> (t - 32); h${d} = ${ha} >> 31; }`;
  return `t = ${lo(b)} & 63; ${body}`;
}

/** Signed (or unsigned) 64-bit "a < b" as a JS boolean expression. */
function lessThan(a: number, b: number, unsigned: boolean): string {
  if (!unsigned && b === 0) return `${hi(a)} < 0`;
  if (unsigned && b === 0) return 'false';
  const ha = unsigned ? `(${hi(a)} >>> 0)` : hi(a), hb = unsigned ? `(${hi(b)} >>> 0)` : hi(b);
  return `(${ha} < ${hb} || (${hi(a)} === ${hi(b)} && (${lo(a)} >>> 0) < (${lo(b)} >>> 0)))`;
}

/** Condition under which a branch is taken. */
function branchCondition(insn: Insn): string {
  const a = insn.rs1, b = insn.rs2;
  switch (insn.op) {
    case Op.BEQ: return b === 0 ? `(${lo(a)} | ${hi(a)}) === 0` : `${lo(a)} === ${lo(b)} && ${hi(a)} === ${hi(b)}`;
    case Op.BNE: return b === 0 ? `(${lo(a)} | ${hi(a)}) !== 0` : `(${lo(a)} !== ${lo(b)} || ${hi(a)} !== ${hi(b)})`;
    case Op.BLT: return lessThan(a, b, false);
    case Op.BGE: return `!(${lessThan(a, b, false)})`;
    case Op.BLTU: return lessThan(a, b, true);
    default: return `!(${lessThan(a, b, true)})`;
  }
}

/** `l<d> = v; h<d> = v >> 31` for a 32-bit result expression (the *W ops). */
const word = (d: number, expr: string) => `t = ${expr}; l${d} = t; h${d} = t >> 31;`;

/** Writes a JS integer constant (|v| < 2^53) into rd as a 64-bit value. */
const constant = (d: number, v: number) => `l${d} = ${v | 0}; h${d} = ${hiWord(v)};`;

/** res-returning helper call: rd = A.<fn>(x[rs1], x[rs2]). */
const wide = (d: number, fn: string, a: number, b: number, extra = '') =>
  `A.${fn}(${lo(a)}, ${hi(a)}, ${lo(b)}, ${hi(b)}${extra}); l${d} = A.res[0]; h${d} = A.res[1];`;

/**
 * JavaScript source of one instruction at `site`. For block terminators (branches, jumps) the
 * source ends by transferring control (site.jump); other instructions fall through.
 * Precondition: COMPILED_OPS.has(insn.op).
 */
export function emitInsn(insn: Insn, site: InsnSite): string {
  const d = insn.rd, a = insn.rs1, b = insn.rs2, imm = insn.imm;
  const pc = site.pc, nextPc = pc + insn.len;
  const la = lo(a), ha = hi(a), lb = lo(b), hb = hi(b);
  switch (insn.op) {
    case Op.NOP: return '';
    case Op.LUI: return `l${d} = ${imm}; h${d} = ${imm >> 31};`;
    case Op.AUIPC: return constant(d, pc + imm);
    case Op.JAL: return `${d === X0_SINK ? '' : constant(d, nextPc)} ${site.jump(pc + imm)}`;
    case Op.JALR: {
      const target = imm === 0
        ? `a = ${la} & -2; ah = ${ha};`
        : `a = (${la} + ${imm}) | 0; ah = (${ha} ${imm < 0 ? '- 1 ' : ''}+ ${carryOutImm(la, imm, 'a')}) | 0; a &= -2;`;
      return `${target} ${d === X0_SINK ? '' : constant(d, nextPc)} pc = ah === 0 ? a >>> 0 : ah * ${TWO32} + (a >>> 0); b = -1; continue out;`;
    }
    case Op.BEQ: case Op.BNE: case Op.BLT: case Op.BGE: case Op.BLTU: case Op.BGEU:
      return `if (${branchCondition(insn)}) { ${site.jump(pc + imm)} } ${site.jump(nextPc)}`;
    case Op.LB: case Op.LH: case Op.LW: case Op.LD: case Op.LBU: case Op.LHU: case Op.LWU: return emitLoad(insn, site);
    case Op.SB: case Op.SH: case Op.SW: case Op.SD: return emitStore(insn, site, nextPc);
    case Op.ADDI: return emitAddImm(d, a, imm);
    case Op.SLTI: return `l${d} = ${lessThanImm(a, imm, false)} ? 1 : 0; h${d} = 0;`;
    case Op.SLTIU: return `l${d} = ${lessThanImm(a, imm, true)} ? 1 : 0; h${d} = 0;`;
    case Op.XORI: return `h${d} = ${ha} ^ ${imm >> 31}; l${d} = ${la} ^ ${imm};`;
    case Op.ORI: return `h${d} = ${ha} | ${imm >> 31}; l${d} = ${la} | ${imm};`;
    case Op.ANDI: return `h${d} = ${ha} & ${imm >> 31}; l${d} = ${la} & ${imm};`;
    case Op.SLLI: case Op.SRLI: case Op.SRAI: return emitShiftImm(insn.op, d, a, imm & 63);
    case Op.ADD:
      if (a === 0 || b === 0) return `l${d} = ${a === 0 ? lb : la}; h${d} = ${a === 0 ? hb : ha};`; // mv
      return `t = (${la} + ${lb}) | 0; h${d} = (${ha} + ${hb} + ${carryOut(la, lb, 't')}) | 0; l${d} = t;`;
    case Op.SUB: return `h${d} = (${ha} - ${hb} - ${borrowOut(la, lb)}) | 0; l${d} = (${la} - ${lb}) | 0;`;
    case Op.SLL: case Op.SRL: case Op.SRA: return emitShiftReg(insn.op, d, a, b);
    case Op.SLT: return `l${d} = ${lessThan(a, b, false)} ? 1 : 0; h${d} = 0;`;
    case Op.SLTU: return `l${d} = ${lessThan(a, b, true)} ? 1 : 0; h${d} = 0;`;
    case Op.XOR: return `h${d} = ${ha} ^ ${hb}; l${d} = ${la} ^ ${lb};`;
    case Op.OR: return `h${d} = ${ha} | ${hb}; l${d} = ${la} | ${lb};`;
    case Op.AND: return `h${d} = ${ha} & ${hb}; l${d} = ${la} & ${lb};`;
    case Op.ADDIW: return word(d, `(${la} + ${imm}) | 0`);
    case Op.SLLIW: return word(d, `${la} << ${imm & 31}`);
    case Op.SRLIW: return word(d, `(${la} >>> ${imm & 31}) | 0`);
    case Op.SRAIW: return word(d, `${la} >> ${imm & 31}`);
    case Op.ADDW: return word(d, `(${la} + ${lb}) | 0`);
    case Op.SUBW: return word(d, `(${la} - ${lb}) | 0`);
    case Op.SLLW: return word(d, `${la} << (${lb} & 31)`);
    case Op.SRLW: return word(d, `(${la} >>> (${lb} & 31)) | 0`);
    case Op.SRAW: return word(d, `${la} >> (${lb} & 31)`);
    case Op.MUL: return wide(d, 'mul64', a, b);
    case Op.MULH: return wide(d, 'mulh64', a, b);
    case Op.MULHSU: return wide(d, 'mulhsu64', a, b);
    case Op.MULHU: return wide(d, 'mulhu64', a, b);
    case Op.DIV: return wide(d, 'divRem64', a, b, ', false');
    case Op.DIVU: return wide(d, 'divRemU64', a, b, ', false');
    case Op.REM: return wide(d, 'divRem64', a, b, ', true');
    case Op.REMU: return wide(d, 'divRemU64', a, b, ', true');
    case Op.MULW: return word(d, `Math.imul(${la}, ${lb})`);
    case Op.DIVW: return word(d, `A.divRem32(${la}, ${lb}, false)`);
    case Op.DIVUW: return word(d, `A.divRemU32(${la}, ${lb}, false)`);
    case Op.REMW: return word(d, `A.divRem32(${la}, ${lb}, true)`);
    case Op.REMUW: return word(d, `A.divRemU32(${la}, ${lb}, true)`);
    default:
      if (insn.op >= FP_FIRST) return emitFp(insn, site, nextPc);
      throw new Error(`block compiler: op ${insn.op} is not compiled`);
  }
}

/** "x[a] < sign-extended imm" (signed or unsigned) as a boolean expression. */
function lessThanImm(a: number, imm: number, unsigned: boolean): string {
  const immHi = imm >> 31;
  if (unsigned) {
    return `((${hi(a)} >>> 0) < ${immHi >>> 0} || (${hi(a)} === ${immHi} && (${lo(a)} >>> 0) < ${imm >>> 0}))`;
  }
  return `(${hi(a)} < ${immHi} || (${hi(a)} === ${immHi} && (${lo(a)} >>> 0) < ${imm >>> 0}))`;
}
