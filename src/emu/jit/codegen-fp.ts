import type { Insn } from '../predecode';
import { PAGE_SHIFT, PAGE_SIZE } from '../sv39';
import { FpOp } from '../fp/exec';
import { FAST_MAX, FAST_MIN, fmaDoubleRne, fpAdd, fpDiv, fpFma, fpMul, fpSqrt, productError } from '../fp/arith';
import { F32, F64, FFLAG_NX, RoundingMode, fenv } from '../fp/round';
import {
  TLB_INDEX, effectiveAddress, faultExit, leaveIfCodeChanged, lo, hi, retiredFix, watchExit, type InsnSite,
} from './emit-common';

/**
 * The block compiler's F/D back end (Unprivileged spec, chapters "F" and "D"). Every F/D op is
 * compiled; the generated code must leave exactly the state `execFp` (src/emu/fp/exec.ts, what
 * the interpreter runs) leaves: same f/x registers, same fflags accrued into Hart.fcsr, same
 * traps. Three tiers per instruction:
 *
 * 1. Inline source where the result is provably what execFp computes: loads and stores (with
 *    the integer loads' TLB fast path), moves, sign injection, comparisons of non-NaN values,
 *    exact conversions, and the RNE double add/sub/mul/fma fast paths of arith.ts (same
 *    expressions, same guards: |result| normal and finite, Dekker's product error in range;
 *    fma by fmaRne below).
 * 2. Direct calls of arith.ts's fpAdd/fpMul/fpFma/fpDiv/fpSqrt (FM.*) with the rounding mode
 *    (static, or frm when rm = DYN and frm is valid) when the result is not NaN: execFp would
 *    call the same function with the same operands and write the result unchanged.
 * 3. Anything else (NaN operands or results, fclass, min/max, int conversions, reserved rounding
 *    modes, a page-crossing access) calls execFp itself (FX) on the instruction's Insn object
 *    (K[...]), with the integer registers it may read stored to Hart.xl/xh before and those it
 *    may write reloaded after. A trap it returns leaves the region precisely: the instruction
 *    has not retired (`n` counts exactly the ones before it), S.stop holds the stop reason.
 *
 * FP registers are not cached in locals: generated code reads and writes FR/FI/FS directly, so
 * an execFp call needs no FP spill.
 */

/** The arithmetic the generated code calls (bound as `FM`). */
export const FP_MATH = { add: fpAdd, mul: fpMul, fma: fpFma, div: fpDiv, sqrt: fpSqrt, F32, F64, fenv };

const PAGE_OFFSET_MASK = PAGE_SIZE - 1;
/** Dekker's product error (arith.ts), bound in generated code as `FE`. */
export { productError };

/**
 * a * b + c for doubles under RNE, rounded once, inside the range where arith.ts's error-free
 * fast path is exact (no underflow or overflow, so NX is the only flag): ORs NX into h.fcsr
 * when inexact and returns the result; returns NaN (nothing changed) outside that range, for
 * the caller's exact path. The interpreter runs the same function (fmaDoubleRne), so both
 * engines agree bit for bit. Bound as `FF`.
 */
export function fmaRne(h: { fcsr: number }, a: number, b: number, c: number): number {
  fenv.flags = 0;
  const r = fmaDoubleRne(a, b, c);
  if (r === r) h.fcsr |= fenv.flags;
  return r;
}
const FRM_SHIFT = 5, FRM_MASK = 7;
const RM_SHIFT = 12, RM_MASK = 7;
const FMT_SHIFT = 25, FMT_MASK = 3, FMT_D = 1;
const RS3_SHIFT = 27;
/** bits 63:32 of a NaN-boxed single (Unprivileged spec, "NaN Boxing of Narrower Values"). */
const BOXED = -1;
const CANONICAL_NAN_S = 0x7fc00000;
const SIGN = 0x80000000 | 0;
/** Integer kinds of fcvt.{s,d}.{w,wu} (rs2 field), whose conversions to double are exact. */
const KIND_W = 0, KIND_WU = 1;

/** Integer registers execFp reads for this op (x1..x31). */
export function fpRegsRead(insn: Insn): number[] {
  switch (insn.op as number) {
    case FpOp.FLW: case FpOp.FLD: case FpOp.FSW: case FpOp.FSD:
    case FpOp.FMV_W_X: case FpOp.FMV_D_X: case FpOp.FCVT_FLOAT:
      return insn.rs1 === 0 ? [] : [insn.rs1];
    default:
      return [];
  }
}

/** Whether execFp writes integer register rd for this op. */
function writesX(op: number): boolean {
  switch (op) {
    case FpOp.FEQ: case FpOp.FLT: case FpOp.FLE: case FpOp.FCLASS:
    case FpOp.FMV_X_W: case FpOp.FMV_X_D: case FpOp.FCVT_INT:
      return true;
    default:
      return false;
  }
}

/** Integer register (x1..x31) execFp writes for this op, or -1. */
export function fpRegWritten(insn: Insn): number {
  if (!writesX(insn.op)) return -1;
  return insn.rd >= 1 && insn.rd <= 31 ? insn.rd : -1;
}

const isDouble = (insn: Insn) => ((insn.bits >>> FMT_SHIFT) & FMT_MASK) === FMT_D;

/** The single in f<r> as a double (NaN when improperly boxed: execFp reads the canonical NaN). */
const single = (r: number) => `(FI[${2 * r + 1}] === ${BOXED} ? FS[${2 * r}] : NaN)`;
/** Bits of the single in f<r> (canonical NaN when improperly boxed). */
const singleBits = (r: number) => `(FI[${2 * r + 1}] === ${BOXED} ? FI[${2 * r}] : ${CANONICAL_NAN_S})`;
/** f<r> read as the instruction's format. */
const operand = (isD: boolean, r: number) => (isD ? `FR[${r}]` : single(r));
/** Writes the non-NaN value fv (already rounded to the format) to f<d>. */
const result = (isD: boolean, d: number) => (isD ? `FR[${d}] = fv;` : `FS[${2 * d}] = fv; FI[${2 * d + 1}] = ${BOXED};`);

/** Tier 3: execFp on the instruction, with integer spills/reloads and a precise trap exit. */
function generic(insn: Insn, site: InsnSite): string {
  const spill = fpRegsRead(insn).map((r) => `XL[${r}] = l${r}; XH[${r}] = h${r}; `).join('');
  const d = insn.rd;
  const reload = writesX(insn.op) ? ` l${d} = XL[${d}]; h${d} = XH[${d}];` : '';
  return `${spill}st = FX(H, ${site.ref}, ${site.pc}); if (st !== undefined) { ${retiredFix(site, 0)}pc = ${site.pc}; S.stop = st; S.fault = 2; break out; }${reload}`;
}

/**
 * Wraps `body(rm)` (source using the rounding-mode expression rm) in the rounding-mode check
 * execFp makes for ops from FMADD on: a static rm 0..4 is a literal; DYN reads frm and runs
 * `body` only when it is valid; any other rm (reserved: execFp traps) is tier 3 only.
 */
function withRm(insn: Insn, site: InsnSite, body: (rm: string) => string): string {
  const rm = (insn.bits >>> RM_SHIFT) & RM_MASK;
  if (rm <= RoundingMode.RMM) return body(String(rm));
  if (rm !== RoundingMode.DYN) return generic(insn, site);
  return `rm = (H.fcsr >>> ${FRM_SHIFT}) & ${FRM_MASK}; if (rm <= ${RoundingMode.RMM}) { ${body('rm')} } else { ${generic(insn, site)} }`;
}

/** Tier 2: fv = FM.<fn>(fmt, args, rm); non-NaN results are written with their flags, else tier 3. */
function viaArith(insn: Insn, site: InsnSite, isD: boolean, call: (rm: string) => string): string {
  return withRm(insn, site, (rm) => `FM.fenv.flags = 0; fv = ${call(rm)}; if (fv === fv) { ${result(isD, insn.rd)} H.fcsr |= FM.fenv.flags; } else { ${generic(insn, site)} }`);
}

/** fadd/fsub.d under RNE: arith.ts fpAdd's fast path (TwoSum), inline; else tier 2. */
function emitAddD(insn: Insn, site: InsnSite, negate: boolean): string {
  const b = negate ? `-FR[${insn.rs2}]` : `FR[${insn.rs2}]`;
  const tier2 = (rm: string) => `FM.add(FM.F64, fa, fb, ${rm})`;
  return withRm(insn, site, (rm) => {
    const fast = `fv = fa + fb; if (${rm} === ${RoundingMode.RNE} && Math.abs(fv) > ${F64.minNormal} && Math.abs(fv) <= ${F64.maxFinite}) { fc = fv - fa; if ((fa - (fv - fc)) + (fb - fc) !== 0) H.fcsr |= ${FFLAG_NX}; FR[${insn.rd}] = fv; }`;
    const slow = `FM.fenv.flags = 0; fv = ${tier2(rm)}; if (fv === fv) { FR[${insn.rd}] = fv; H.fcsr |= FM.fenv.flags; } else { ${generic(insn, site)} }`;
    return `fa = FR[${insn.rs1}]; fb = ${b}; ${fast} else { ${slow} }`;
  });
}

/** fmul.d under RNE: arith.ts fpMul's fast path (Dekker's product error), inline; else tier 2. */
function emitMulD(insn: Insn, site: InsnSite): string {
  return withRm(insn, site, (rm) => {
    const guard = `${rm} === ${RoundingMode.RNE} && Math.abs(fv) > ${FAST_MIN} && Math.abs(fv) < ${FAST_MAX} && Math.abs(fa) < ${FAST_MAX} && Math.abs(fb) < ${FAST_MAX}`;
    const fast = `if (FE(fa, fb, fv) !== 0) H.fcsr |= ${FFLAG_NX}; FR[${insn.rd}] = fv;`;
    const slow = `FM.fenv.flags = 0; fv = FM.mul(FM.F64, fa, fb, ${rm}); if (fv === fv) { FR[${insn.rd}] = fv; H.fcsr |= FM.fenv.flags; } else { ${generic(insn, site)} }`;
    return `fa = FR[${insn.rs1}]; fb = FR[${insn.rs2}]; fv = fa * fb; if (${guard}) { ${fast} } else { ${slow} }`;
  });
}

/** fmadd family, double: fmaRne (FF) under RNE, else tier 2 (fpFma with the operands execFp passes). */
function emitFmaD(insn: Insn, site: InsnSite, negProduct: string, negAddend: string, rs3: number): string {
  return withRm(insn, site, (rm) => {
    const slow = `FM.fenv.flags = 0; fv = FM.fma(FM.F64, fa, fb, fc, ${rm}); if (fv === fv) { FR[${insn.rd}] = fv; H.fcsr |= FM.fenv.flags; } else { ${generic(insn, site)} }`;
    return `fa = ${negProduct}FR[${insn.rs1}]; fb = FR[${insn.rs2}]; fc = ${negAddend}FR[${rs3}]; ` +
      `if (${rm} === ${RoundingMode.RNE} && (fv = FF(H, fa, fb, fc)) === fv) FR[${insn.rd}] = fv; else { ${slow} }`;
  });
}

function emitLoadFp(insn: Insn, site: InsnSite): string {
  const isD = (insn.op as number) === FpOp.FLD;
  const size = isD ? 8 : 4;
  const d = insn.rd;
  const fast = isD
    ? `p = (LB[i] + (a & ${PAGE_OFFSET_MASK})) >> 2; FI[${2 * d}] = I32[p]; FI[${2 * d + 1}] = I32[p + 1];`
    : `FI[${2 * d}] = I32[(LB[i] + (a & ${PAGE_OFFSET_MASK})) >> 2]; FI[${2 * d + 1}] = ${BOXED};`;
  const slow = isD ? `FI[${2 * d}] = H.vlo; FI[${2 * d + 1}] = H.vhi;` : `FI[${2 * d}] = H.vlo; FI[${2 * d + 1}] = ${BOXED};`;
  return `${effectiveAddress(insn.rs1, insn.imm)} ${TLB_INDEX}
if (LT[i] === v && (a & ${size - 1}) === 0) { ${fast} } else if (H.load(a, ah, ${size})) { ${slow} ${watchExit(site, site.pc + insn.len)} } else ${faultExit(site)}`;
}

function emitStoreFp(insn: Insn, site: InsnSite, nextPc: number): string {
  const isD = (insn.op as number) === FpOp.FSD;
  const size = isD ? 8 : 4;
  const s = insn.rs2;
  const fast = isD ? `p >>= 2; I32[p] = FI[${2 * s}]; I32[p + 1] = FI[${2 * s + 1}];` : `I32[p >> 2] = FI[${2 * s}];`;
  const value = isD ? `FI[${2 * s}], FI[${2 * s + 1}]` : `FI[${2 * s}], 0`;
  return `${effectiveAddress(insn.rs1, insn.imm)} ${TLB_INDEX}
if (ST[i] === v && (a & ${size - 1}) === 0 && CM[(p = SB[i] + (a & ${PAGE_OFFSET_MASK})) >>> ${PAGE_SHIFT}] === 0) { ${fast} }
else { if (!H.store(a, ah, ${size}, ${value})) ${faultExit(site)} ${watchExit(site, nextPc)} ${leaveIfCodeChanged(site, nextPc)} }`;
}

/** fsgnj/fsgnjn/fsgnjx: bit operations on the sign, as execFp's execNonRounding. */
function emitSignInject(insn: Insn): string {
  const isD = isDouble(insn);
  const { rd, rs1, rs2 } = insn;
  const hiA = isD ? `FI[${2 * rs1 + 1}]` : singleBits(rs1);
  const hiB = isD ? `FI[${2 * rs2 + 1}]` : singleBits(rs2);
  const op = insn.op as number;
  const sign = op === FpOp.FSGNJ ? 't' : op === FpOp.FSGNJN ? '~t' : 'a ^ t';
  const compute = `a = ${hiA}; t = ${hiB}; t = (a & ${~SIGN}) | ((${sign}) & ${SIGN});`;
  return isD ? `${compute} FI[${2 * rd}] = FI[${2 * rs1}]; FI[${2 * rd + 1}] = t;` : `${compute} FI[${2 * rd}] = t; FI[${2 * rd + 1}] = ${BOXED};`;
}

/** feq/flt/fle: inline for non-NaN operands (no flags); NaNs (NV rules) go to execFp. */
function emitCompare(insn: Insn, site: InsnSite): string {
  const isD = isDouble(insn);
  const op = insn.op as number;
  const rel = op === FpOp.FEQ ? '===' : op === FpOp.FLT ? '<' : '<=';
  const d = insn.rd;
  return `fa = ${operand(isD, insn.rs1)}; fb = ${operand(isD, insn.rs2)}; if (fa === fa && fb === fb) { l${d} = fa ${rel} fb ? 1 : 0; h${d} = 0; } else { ${generic(insn, site)} }`;
}

/** fcvt.s.d / fcvt.d.s and integer -> float: exact cases inline, the rest tier 3. */
function emitConvert(insn: Insn, site: InsnSite): string {
  const op = insn.op as number;
  const d = insn.rd, a = insn.rs1;
  if (op === FpOp.FCVT_D_S) {
    return withRm(insn, site, () => `fa = ${single(a)}; if (fa === fa) FR[${d}] = fa; else { ${generic(insn, site)} }`);
  }
  const kind = insn.rs2 & 3;
  if (op === FpOp.FCVT_FLOAT && isDouble(insn) && (kind === KIND_W || kind === KIND_WU)) {
    // every int32/uint32 is a double: exact, no flags
    return withRm(insn, site, () => `FR[${d}] = ${kind === KIND_W ? lo(a) : `${lo(a)} >>> 0`};`);
  }
  return generic(insn, site);
}

/**
 * JavaScript source of the F/D instruction `insn` at `site` (fall-through pc `nextPc`).
 * Precondition: insn.op is an FpOp.
 */
export function emitFp(insn: Insn, site: InsnSite, nextPc: number): string {
  const op = insn.op as number;
  const isD = isDouble(insn);
  const { rd, rs1, rs2 } = insn;
  switch (op) {
    case FpOp.FLW: case FpOp.FLD: return emitLoadFp(insn, site);
    case FpOp.FSW: case FpOp.FSD: return emitStoreFp(insn, site, nextPc);
    case FpOp.FSGNJ: case FpOp.FSGNJN: case FpOp.FSGNJX: return emitSignInject(insn);
    case FpOp.FEQ: case FpOp.FLT: case FpOp.FLE: return emitCompare(insn, site);
    case FpOp.FMV_X_W: return `t = FI[${2 * rs1}]; l${rd} = t; h${rd} = t >> 31;`;
    case FpOp.FMV_X_D: return `l${rd} = FI[${2 * rs1}]; h${rd} = FI[${2 * rs1 + 1}];`;
    case FpOp.FMV_W_X: return `FI[${2 * rd}] = ${lo(rs1)}; FI[${2 * rd + 1}] = ${BOXED};`;
    case FpOp.FMV_D_X: return `FI[${2 * rd}] = ${lo(rs1)}; FI[${2 * rd + 1}] = ${hi(rs1)};`;
    case FpOp.FADD: case FpOp.FSUB:
      if (isD) return emitAddD(insn, site, op === FpOp.FSUB);
      return viaArith(insn, site, false, (rm) => `FM.add(FM.F32, ${single(rs1)}, ${op === FpOp.FSUB ? '-' : ''}${single(rs2)}, ${rm})`);
    case FpOp.FMUL:
      if (isD) return emitMulD(insn, site);
      return viaArith(insn, site, false, (rm) => `FM.mul(FM.F32, ${single(rs1)}, ${single(rs2)}, ${rm})`);
    case FpOp.FDIV:
      return viaArith(insn, site, isD, (rm) => `FM.div(${isD ? 'FM.F64' : 'FM.F32'}, ${operand(isD, rs1)}, ${operand(isD, rs2)}, ${rm})`);
    case FpOp.FSQRT:
      return viaArith(insn, site, isD, (rm) => `FM.sqrt(${isD ? 'FM.F64' : 'FM.F32'}, ${operand(isD, rs1)}, ${rm})`);
    case FpOp.FMADD: case FpOp.FMSUB: case FpOp.FNMSUB: case FpOp.FNMADD: {
      const rs3 = insn.bits >>> RS3_SHIFT;
      const negProduct = op === FpOp.FNMSUB || op === FpOp.FNMADD ? '-' : '';
      const negAddend = op === FpOp.FMSUB || op === FpOp.FNMADD ? '-' : '';
      if (isD) return emitFmaD(insn, site, negProduct, negAddend, rs3);
      return viaArith(insn, site, isD, (rm) =>
        `FM.fma(${isD ? 'FM.F64' : 'FM.F32'}, ${negProduct}${operand(isD, rs1)}, ${operand(isD, rs2)}, ${negAddend}${operand(isD, rs3)}, ${rm})`);
    }
    case FpOp.FCVT_D_S: case FpOp.FCVT_FLOAT: return emitConvert(insn, site);
    default: return generic(insn, site); // fmin/fmax, fclass, fcvt to int, fcvt.s.d
  }
}
