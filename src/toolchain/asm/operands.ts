/**
 * Operand parsing for instructions (RISC-V Assembly Programmer's Manual; GNU as RISC-V syntax):
 * registers, immediates (constants or a relocation function around a symbol), `offset(reg)`
 * memory operands, CSRs, fence sets and rounding modes. Each parser reports its own error with
 * the operand's range and returns undefined.
 */
import type { Assembler } from './assembler';
import { isConstant, type Operand, type Value } from './eval';
import type { RelocFunction } from './expr';
import { csrNumber, fenceSet, fRegister, ROUNDING_MODES, xRegister } from './registers';
import { sourceText, tokensRange, type Statement } from './statement';

/** Token range [from, to) of one operand. */
export type OpRange = readonly [number, number];

/** Everything operand parsers need: the assembler and the statement. */
export interface OpContext {
  a: Assembler;
  stmt: Statement;
}

function fail(ctx: OpContext, r: OpRange, message: string): undefined {
  ctx.a.errorAt(ctx.stmt, tokensRange(ctx.stmt, r[0], r[1]), message);
  return undefined;
}

/** The single identifier of an operand, if it is one. */
function singleIdent(ctx: OpContext, r: OpRange): string | undefined {
  const t = ctx.stmt.tokens[r[0]];
  return r[1] === r[0] + 1 && t !== undefined && t.kind === 'ident' ? t.text : undefined;
}

/** An integer register (x0..x31, ABI name, fp). */
export function xReg(ctx: OpContext, r: OpRange): number | undefined {
  const name = singleIdent(ctx, r);
  const n = name === undefined ? undefined : xRegister(name);
  return n ?? fail(ctx, r, `illegal operands: expected an integer register, got \`${sourceText(ctx.stmt, r[0], r[1])}'`);
}

/** A floating-point register (f0..f31, ABI name). */
export function fReg(ctx: OpContext, r: OpRange): number | undefined {
  const name = singleIdent(ctx, r);
  const n = name === undefined ? undefined : fRegister(name);
  return n ?? fail(ctx, r, `illegal operands: expected a floating-point register, got \`${sourceText(ctx.stmt, r[0], r[1])}'`);
}

/** Whether the operand is a single integer register name. */
export function isXReg(ctx: OpContext, r: OpRange | undefined): boolean {
  if (r === undefined) return false;
  const name = singleIdent(ctx, r);
  return name !== undefined && xRegister(name) !== undefined;
}

/** Evaluates an operand expression; undefined (error reported) when it does not parse. */
export function operandValue(ctx: OpContext, r: OpRange): Operand | undefined {
  if (r[0] >= r[1]) return fail(ctx, r, 'illegal operands: missing operand');
  const v = ctx.a.evalTokens(ctx.stmt, r[0], r[1]);
  if ('error' in v) {
    ctx.a.error(ctx.stmt, v.error, v.span);
    return undefined;
  }
  return v;
}

/** A constant operand in [min, max]; `what` names it in the range message. */
export function constant(ctx: OpContext, r: OpRange, min: bigint, max: bigint, what = 'immediate'): number | undefined {
  const v = operandValue(ctx, r);
  if (v === undefined) return undefined;
  if (v.reloc !== undefined || !isConstant(v.value)) {
    return fail(ctx, r, `illegal operands \`${ctx.stmt.text}': ${what} must be a constant`);
  }
  const n = v.value.add;
  if (n < min || n > max) return fail(ctx, r, `${what} ${n} out of range ${min}..${max}`);
  return Number(n);
}

/** An immediate: a constant, or a relocation function whose R_RISCV type `relocs` maps. */
export type Imm = { value: number } | { reloc: number; target: Value };

/**
 * Parses a signed immediate of `bits` bits, or one of the relocation functions in `relocs`
 * (e.g. %lo → R_RISCV_LO12_I). A constant wrapped in %lo/%hi is folded (GNU computes it).
 */
export function immediate(ctx: OpContext, r: OpRange, bits: number, relocs: Partial<Record<RelocFunction, number>>): Imm | undefined {
  const v = operandValue(ctx, r);
  if (v === undefined) return undefined;
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits - 1)) - 1n;
  if (v.reloc !== undefined) {
    const type = relocs[v.reloc];
    if (type === undefined) return fail(ctx, r, `illegal operands \`${ctx.stmt.text}': %${v.reloc} not allowed here`);
    if (isConstant(v.value) && (v.reloc === 'lo' || v.reloc === 'hi')) return { value: Number(foldHiLo(v.reloc, v.value.add)) };
    if (v.reloc === 'pcrel_lo' || isConstant(v.value) === false) return { reloc: type, target: v.value };
    return fail(ctx, r, `illegal operands \`${ctx.stmt.text}': %${v.reloc} needs a symbol`);
  }
  if (!isConstant(v.value)) return fail(ctx, r, `illegal operands \`${ctx.stmt.text}'`);
  const n = v.value.add;
  if (n < min || n > max) return fail(ctx, r, `immediate ${n} out of range ${min}..${max}`);
  return { value: Number(n) };
}

/** %hi/%lo of a constant: hi = (v + 0x800) >> 12 (20 bits), lo = the sign-extended low 12 bits. */
export function foldHiLo(fn: 'hi' | 'lo', v: bigint): bigint {
  const HI_ROUND = 0x800n;
  const LO_BITS = 12;
  const HI_MASK = 0xfffffn;
  if (fn === 'lo') return BigInt.asIntN(LO_BITS, v);
  return ((v + HI_ROUND) >> BigInt(LO_BITS)) & HI_MASK;
}

/** A memory operand `offset(reg)` or `(reg)`: base register and offset. */
export interface Mem {
  base: number;
  offset: OpRange;
}

/** Whether the operand ends in `( word )`, the shape of a memory operand (the word may not be a register). */
export function hasMemShape(ctx: OpContext, r: OpRange): boolean {
  const t = ctx.stmt.tokens;
  const [from, to] = r;
  return to - from >= 3 && t[to - 1]!.text === ')' && t[to - 3]!.text === '(' && t[to - 2]!.kind === 'ident';
}

/** Whether the operand contains a parenthesis (so it is not a plain symbol expression like `sym+4`). */
export function hasParen(ctx: OpContext, r: OpRange): boolean {
  for (let i = r[0]; i < r[1]; i++) if (ctx.stmt.tokens[i]!.kind === 'punct' && ctx.stmt.tokens[i]!.text === '(') return true;
  return false;
}

/** Splits `offset(reg)`; undefined (no error) when the operand has no `(reg)` suffix. */
export function splitMem(ctx: OpContext, r: OpRange): Mem | undefined {
  const t = ctx.stmt.tokens;
  const [from, to] = r;
  if (to - from < 3) return undefined;
  const close = t[to - 1]!;
  const open = t[to - 3]!;
  const reg = t[to - 2]!;
  if (close.kind !== 'punct' || close.text !== ')' || open.kind !== 'punct' || open.text !== '(' || reg.kind !== 'ident') return undefined;
  const base = xRegister(reg.text);
  if (base === undefined) return undefined;
  return { base, offset: [from, to - 3] };
}

/** A CSR: a name the instruction table knows, or a number 0..4095. */
export function csr(ctx: OpContext, r: OpRange): number | undefined {
  const name = singleIdent(ctx, r);
  if (name !== undefined) {
    const n = csrNumber(name);
    if (n !== undefined) return n;
    const sym = ctx.a.symbols.byName.get(name);
    if (sym === undefined || sym.kind !== 'equ') return fail(ctx, r, `unknown CSR \`${name}'`);
  }
  const CSR_MAX = 4095n;
  return constant(ctx, r, 0n, CSR_MAX, 'CSR address');
}

/** A fence set (`rw`, `iorw`, ...), letters in the order i, o, r, w. */
export function fence(ctx: OpContext, r: OpRange): number | undefined {
  const name = singleIdent(ctx, r);
  const bits = name === undefined ? undefined : fenceSet(name);
  return bits ?? fail(ctx, r, `illegal operands \`${ctx.stmt.text}': bad fence set`);
}

/** A rounding mode name (rne, rtz, rdn, rup, rmm, dyn). */
export function roundingMode(ctx: OpContext, r: OpRange): number | undefined {
  const name = singleIdent(ctx, r);
  const rm = name === undefined ? undefined : ROUNDING_MODES.get(name.toLowerCase());
  return rm ?? fail(ctx, r, `illegal operands \`${ctx.stmt.text}': bad rounding mode`);
}
