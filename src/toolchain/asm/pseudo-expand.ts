/**
 * Pseudo-instruction expansion, as GNU as 2.40 expands each form (the list and its documentation
 * are src/isa/pseudo.ts). A handler returns the instructions, `undefined` when the operands are
 * the real instruction's form (e.g. `jal rd, label`, `lw rd, 8(sp)`), or null after an error.
 */
import type { Insn } from './assembler';
import { expandLi, expandLoadConst, type LiStep } from './li';
import {
  constant, fReg, hasParen, isXReg, operandValue, splitMem, xReg, type OpContext, type OpRange,
} from './operands';
import { isConstant, type Value } from './eval';
import { finishBranch, rowInsn, symbolValue } from './instructions';
import { csrNumber } from './registers';
import { arity, insn, regs, row, type Handler, type Result } from './pseudo-common';
import { CSR_PSEUDOS } from './pseudo-csr';
import { R_RISCV_CALL_PLT, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S } from './relocs';

const X0 = 0;
const RA = 1;
const T1 = 6;
const UPPER_SHIFT = 12;
/** `unimp`: c.unimp (all zeros) with RVC, else `csrrw x0, cycle, x0` (GNU as). */
const C_UNIMP = 0x0000;
const UNIMP_CSR = 'cycle';

/** rd, rs → one instruction built from both. */
const unary = (build: (rd: number, rs: number) => Insn): Handler => (ctx, ops) =>
  arity(ctx, ops, 2) ? regs([xReg(ctx, ops[0]!), xReg(ctx, ops[1]!)], (rd, rs) => [build(rd, rs)]) : null;

/** frd, frs → fsgnj-style `m frd, frs, frs`. */
const fpUnary = (m: string): Handler => (ctx, ops) =>
  arity(ctx, ops, 2) ? regs([fReg(ctx, ops[0]!), fReg(ctx, ops[1]!)], (rd, rs) => [insn(m, { rd, rs1: rs, rs2: rs })]) : null;

/** rd, fa, fb → `m rd, fb, fa` (fgt/fge as flt/fle with swapped operands). */
const fpSwapped = (m: string): Handler => (ctx, ops) =>
  arity(ctx, ops, 3)
    ? regs([xReg(ctx, ops[0]!), fReg(ctx, ops[1]!), fReg(ctx, ops[2]!)], (rd, a, b) => [insn(m, { rd, rs1: b, rs2: a })])
    : null;

/** rd, rs, rt → `m rd, rt, rs` (sgt/sgtu as slt/sltu with swapped operands). */
const swapped = (m: string): Handler => (ctx, ops) =>
  arity(ctx, ops, 3)
    ? regs([xReg(ctx, ops[0]!), xReg(ctx, ops[1]!), xReg(ctx, ops[2]!)], (rd, a, b) => [insn(m, { rd, rs1: b, rs2: a }, undefined)])
    : null;

/** A conditional branch to `target` as base `m` with rs1/rs2. */
function branch(ctx: OpContext, m: string, rs1: number, rs2: number, target: Value, written: string): Insn {
  return finishBranch(ctx, { row: row(m), fields: { rs1, rs2 }, written, branch: { form: 'branch', target, rvc: false } });
}

/** rs, label → branch comparing with x0 (`zeroFirst`: x0 is rs1). */
const branchZero = (m: string, zeroFirst: boolean): Handler => (ctx, ops, w) => {
  if (!arity(ctx, ops, 2)) return null;
  const rs = xReg(ctx, ops[0]!);
  const target = symbolValue(ctx, ops[1]!);
  if (rs === undefined || target === undefined) return null;
  return [zeroFirst ? branch(ctx, m, X0, rs, target, w) : branch(ctx, m, rs, X0, target, w)];
};

/** rs, rt, label → `m rt, rs, label`. */
const branchSwapped = (m: string): Handler => (ctx, ops, w) => {
  if (!arity(ctx, ops, 3)) return null;
  const rs = xReg(ctx, ops[0]!);
  const rt = xReg(ctx, ops[1]!);
  const target = symbolValue(ctx, ops[2]!);
  if (rs === undefined || rt === undefined || target === undefined) return null;
  return [branch(ctx, m, rt, rs, target, w)];
};

/** `li rd, imm`. */
const li: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 2)) return null;
  const rd = xReg(ctx, ops[0]!);
  const v = operandValue(ctx, ops[1]!);
  if (rd === undefined || v === undefined) return null;
  if (v.reloc !== undefined || !isConstant(v.value)) {
    ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
    return null;
  }
  return liInsns(expandLi(rd, v.value.add));
};

/** The Insns of li/load_const steps (the first `addi rd, x0` is the `li` alias: c.li). */
function liInsns(steps: LiStep[]): Insn[] {
  return steps.map((s, i) => {
    const imm = s.mnemonic === 'lui' ? Number(BigInt.asIntN(32, BigInt(s.imm) << BigInt(UPPER_SHIFT))) : s.imm;
    const fields = { rd: s.rd, rs1: s.rs1, imm };
    return insn(s.mnemonic, fields, i === 0 && s.mnemonic === 'addi' && s.rs1 === X0 ? 'li' : s.mnemonic);
  });
}

/**
 * auipc tmp, %pcrel_hi(sym) followed by `second` with %pcrel_lo of a fake label GNU as places at
 * the auipc (R_RISCV_PCREL_LO12_I, or _S for stores).
 */
function pcrelPair(ctx: OpContext, tmp: number, target: Value, second: Insn, isStore: boolean): Insn[] {
  const anchor = ctx.a.symbols.newFake();
  const lo = isStore ? R_RISCV_PCREL_LO12_S : R_RISCV_PCREL_LO12_I;
  return [
    { row: row('auipc'), fields: { rd: tmp, imm: 0 }, reloc: { type: R_RISCV_PCREL_HI20, value: target }, anchor },
    { ...second, reloc: { type: lo, value: { add: 0n, sym: anchor } } },
  ];
}

/** `la`/`lla rd, symbol`. */
const la: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 2)) return null;
  const rd = xReg(ctx, ops[0]!);
  const target = symbolValue(ctx, ops[1]!);
  if (rd === undefined || target === undefined) return null;
  if (isConstant(target)) return liInsns(expandLoadConst(rd, target.add));
  return pcrelPair(ctx, rd, target, insn('addi', { rd, rs1: rd, imm: 0 }, undefined), false);
};

/** Loads: `l* rd, symbol` (pseudo) or the real `l* rd, offset(rs1)`. */
const load: Handler = (ctx, ops, m) => {
  const fp = m === 'flw' || m === 'fld';
  if (ops.length === 2 && !hasParen(ctx, ops[1]!) && !fp) {
    const rd = xReg(ctx, ops[0]!);
    const target = symbolValue(ctx, ops[1]!);
    if (rd === undefined || target === undefined) return null;
    return pcrelPair(ctx, rd, target, insn(m, { rd, rs1: rd, imm: 0 }, undefined), false);
  }
  if (ops.length === 3 && fp) {
    const rd = fReg(ctx, ops[0]!);
    const target = symbolValue(ctx, ops[1]!);
    const tmp = xReg(ctx, ops[2]!);
    if (rd === undefined || target === undefined || tmp === undefined) return null;
    return pcrelPair(ctx, tmp, target, insn(m, { rd, rs1: tmp, imm: 0 }, undefined), false);
  }
  return undefined;
};

/** Stores: `s* rs, symbol, rt` (pseudo) or the real `s* rs, offset(rs1)`. */
const store: Handler = (ctx, ops, m) => {
  if (ops.length !== 3 || hasParen(ctx, ops[1]!)) return undefined;
  const fp = m === 'fsw' || m === 'fsd';
  const rs = fp ? fReg(ctx, ops[0]!) : xReg(ctx, ops[0]!);
  const target = symbolValue(ctx, ops[1]!);
  const tmp = xReg(ctx, ops[2]!);
  if (rs === undefined || target === undefined || tmp === undefined) return null;
  return pcrelPair(ctx, tmp, target, insn(m, { rs2: rs, rs1: tmp, imm: 0 }, undefined), true);
};

/** auipc tmp + jalr link, 0(tmp) with R_RISCV_CALL_PLT on the auipc (`call`, `tail`, `jump`). */
function callPair(link: number, tmp: number, target: Value): Insn[] {
  return [
    { row: row('auipc'), fields: { rd: tmp, imm: 0 }, reloc: { type: R_RISCV_CALL_PLT, value: target } },
    insn('jalr', { rd: link, rs1: tmp, imm: 0 }, undefined),
  ];
}

const call: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 1, 2)) return null;
  const rd = ops.length === 2 ? xReg(ctx, ops[0]!) : RA;
  const target = symbolValue(ctx, ops[ops.length - 1]!);
  if (rd === undefined || target === undefined) return null;
  return callPair(rd, ops.length === 2 ? T1 : RA, target);
};

const tail: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 1)) return null;
  const target = symbolValue(ctx, ops[0]!);
  return target === undefined ? null : callPair(X0, T1, target);
};

const jump: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 2)) return null;
  const target = symbolValue(ctx, ops[0]!);
  const tmp = xReg(ctx, ops[1]!);
  return target === undefined || tmp === undefined ? null : callPair(X0, tmp, target);
};

/** `j label` (c.j when it reaches) and `jal label` (rd = ra); `jal rd, label` is the real row. */
const jumpTo = (rd: number, written: string): Handler => (ctx, ops) => {
  if (written === 'jal' && ops.length === 2) return undefined;
  if (!arity(ctx, ops, 1)) return null;
  const target = symbolValue(ctx, ops[0]!);
  if (target === undefined) return null;
  return [{ row: row('jal'), fields: { rd }, written, branch: { form: 'jump', target, rvc: written === 'j' && ctx.a.rvc } }];
};

/** `jr rs` / `jr offset(rs)`. */
const jr: Handler = (ctx, ops) => {
  if (!arity(ctx, ops, 1)) return null;
  const m = splitMem(ctx, ops[0]!);
  if (m !== undefined) return memJalr(ctx, X0, ops[0]!, 'jr');
  const rs = xReg(ctx, ops[0]!);
  return rs === undefined ? null : [insn('jalr', { rd: X0, rs1: rs, imm: 0 }, 'jr')];
};

/** `jalr`/`jr` with one `offset(rs)` operand: the real row with a fixed link register. */
function memJalr(ctx: OpContext, rd: number, op: OpRange, written: string): Insn[] | null {
  const [from] = op;
  const fake: OpRange = [from, from];
  const i = rowInsn(ctx, row('jalr'), [fake, op], written, {}, { rd });
  return i === undefined ? null : [i];
}

/**
 * jalr's forms: `jalr rs` (link ra; c.jalr), `jalr offset(rs)`, `jalr rd, rs`, `jalr rs, imm`
 * (link ra), `jalr rd, rs, imm`; `jalr rd, offset(rs)` is the real row.
 */
const jalr: Handler = (ctx, ops) => {
  if (ops.length === 1) {
    if (splitMem(ctx, ops[0]!) !== undefined) return memJalr(ctx, RA, ops[0]!, 'jalr');
    const rs = xReg(ctx, ops[0]!);
    return rs === undefined ? null : [insn('jalr', { rd: RA, rs1: rs, imm: 0 }, 'jalr/1')];
  }
  if (ops.length === 2 && splitMem(ctx, ops[1]!) !== undefined) return undefined;
  if (ops.length === 2) {
    if (isXReg(ctx, ops[1])) {
      return regs([xReg(ctx, ops[0]!), xReg(ctx, ops[1]!)], (rd, rs) => [insn('jalr', { rd, rs1: rs, imm: 0 }, 'jalr')]);
    }
    const rs = xReg(ctx, ops[0]!);
    const imm = constant(ctx, ops[1]!, -2048n, 2047n);
    return rs === undefined || imm === undefined ? null : [insn('jalr', { rd: RA, rs1: rs, imm }, 'jalr')];
  }
  if (!arity(ctx, ops, 3)) return null;
  const rd = xReg(ctx, ops[0]!);
  const rs = xReg(ctx, ops[1]!);
  const imm = constant(ctx, ops[2]!, -2048n, 2047n);
  return rd === undefined || rs === undefined || imm === undefined ? null : [insn('jalr', { rd, rs1: rs, imm }, 'jalr')];
};

const FENCE_ALL = 0xf;

/** Every pseudo-instruction mnemonic and its handler. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  nop: (ctx, ops) => (arity(ctx, ops, 0) ? [insn('addi', { rd: X0, rs1: X0, imm: 0 }, 'nop')] : null),
  li, la, lla: la,
  lb: load, lh: load, lw: load, ld: load, lbu: load, lhu: load, lwu: load, flw: load, fld: load,
  sb: store, sh: store, sw: store, sd: store, fsw: store, fsd: store,
  mv: unary((rd, rs) => insn('addi', { rd, rs1: rs, imm: 0 }, 'mv')),
  not: unary((rd, rs) => insn('xori', { rd, rs1: rs, imm: -1 }, undefined)),
  neg: unary((rd, rs) => insn('sub', { rd, rs1: X0, rs2: rs }, undefined)),
  negw: unary((rd, rs) => insn('subw', { rd, rs1: X0, rs2: rs }, undefined)),
  'sext.w': unary((rd, rs) => insn('addiw', { rd, rs1: rs, imm: 0 }, 'sext.w')),
  'zext.b': unary((rd, rs) => insn('andi', { rd, rs1: rs, imm: 255 }, undefined)),
  seqz: unary((rd, rs) => insn('sltiu', { rd, rs1: rs, imm: 1 }, undefined)),
  snez: unary((rd, rs) => insn('sltu', { rd, rs1: X0, rs2: rs }, undefined)),
  sltz: unary((rd, rs) => insn('slt', { rd, rs1: rs, rs2: X0 }, undefined)),
  sgtz: unary((rd, rs) => insn('slt', { rd, rs1: X0, rs2: rs }, undefined)),
  sgt: swapped('slt'), sgtu: swapped('sltu'),
  'fmv.s': fpUnary('fsgnj.s'), 'fabs.s': fpUnary('fsgnjx.s'), 'fneg.s': fpUnary('fsgnjn.s'),
  'fmv.d': fpUnary('fsgnj.d'), 'fabs.d': fpUnary('fsgnjx.d'), 'fneg.d': fpUnary('fsgnjn.d'),
  'fgt.s': fpSwapped('flt.s'), 'fge.s': fpSwapped('fle.s'), 'fgt.d': fpSwapped('flt.d'), 'fge.d': fpSwapped('fle.d'),
  beqz: branchZero('beq', false), bnez: branchZero('bne', false), blez: branchZero('bge', true),
  bgez: branchZero('bge', false), bltz: branchZero('blt', false), bgtz: branchZero('blt', true),
  bgt: branchSwapped('blt'), ble: branchSwapped('bge'), bgtu: branchSwapped('bltu'), bleu: branchSwapped('bgeu'),
  j: jumpTo(X0, 'j'), jal: jumpTo(RA, 'jal'), jr, jalr,
  ret: (ctx, ops) => (arity(ctx, ops, 0) ? [insn('jalr', { rd: X0, rs1: RA, imm: 0 }, 'ret')] : null),
  call, tail, jump,
  fence: (ctx, ops) => (ops.length === 0 ? [insn('fence', { pred: FENCE_ALL, succ: FENCE_ALL })] : undefined),
  'sfence.vma': (ctx, ops) => {
    if (ops.length >= 2) return undefined;
    const rs1 = ops.length === 1 ? xReg(ctx, ops[0]!) : X0;
    return rs1 === undefined ? null : [insn('sfence.vma', { rs1, rs2: X0 })];
  },
  ...CSR_PSEUDOS,
  unimp: (ctx, ops) => {
    if (!arity(ctx, ops, 0)) return null;
    if (ctx.a.rvc) return [{ row: row('c.nop'), fields: {}, raw: { bits: C_UNIMP, size: 2 } }];
    return [insn('csrrw', { rd: X0, csr: csrNumber(UNIMP_CSR)!, rs1: X0 })];
  },
};

/** Expands `mnemonic` with operands `ops` if it is a pseudo-instruction form (see the file comment). */
export function expandPseudo(ctx: OpContext, mnemonic: string, ops: readonly OpRange[]): Result {
  const h = HANDLERS[mnemonic];
  return h === undefined ? undefined : h(ctx, ops, mnemonic);
}
