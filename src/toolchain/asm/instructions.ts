/**
 * Instructions: a mnemonic and its operands become `Insn`s. Rows of the instruction table
 * (src/isa) are parsed by their operand kinds; pseudo-instructions (pseudo-expand.ts) first.
 * Operand syntax and relocation functions: RISC-V Assembly Programmer's Manual; relocation
 * types per field: RISC-V ELF psABI "Relocations".
 */
import { ROW_BY_MNEMONIC, type InstrFields, type InstrRow, type OperandKind } from '../../isa';
import type { Assembler, Insn } from './assembler';
import { isConstant, type Value } from './eval';
import {
  constant, csr, fence, fReg, hasMemShape, immediate, operandValue, roundingMode, splitMem, xReg, type Imm, type OpContext,
  type OpRange,
} from './operands';
import { expandPseudo } from './pseudo-expand';
import { RM_DYN } from './registers';
import {
  R_RISCV_GOT_HI20, R_RISCV_HI20, R_RISCV_LO12_I, R_RISCV_LO12_S, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I,
  R_RISCV_PCREL_LO12_S, R_RISCV_TLS_GD_HI20, R_RISCV_TLS_GOT_HI20, R_RISCV_TPREL_HI20, R_RISCV_TPREL_LO12_I,
  R_RISCV_TPREL_LO12_S,
} from './relocs';
import { operandRanges, sourceText, type Statement } from './statement';

type Fields = Partial<InstrFields>;

const I_RELOCS = { lo: R_RISCV_LO12_I, pcrel_lo: R_RISCV_PCREL_LO12_I, tprel_lo: R_RISCV_TPREL_LO12_I } as const;
const S_RELOCS = { lo: R_RISCV_LO12_S, pcrel_lo: R_RISCV_PCREL_LO12_S, tprel_lo: R_RISCV_TPREL_LO12_S } as const;
const LUI_RELOCS = { hi: R_RISCV_HI20, tprel_hi: R_RISCV_TPREL_HI20 } as const;
const AUIPC_RELOCS = {
  pcrel_hi: R_RISCV_PCREL_HI20, got_pcrel_hi: R_RISCV_GOT_HI20, tls_ie_pcrel_hi: R_RISCV_TLS_GOT_HI20,
  tls_gd_pcrel_hi: R_RISCV_TLS_GD_HI20,
} as const;

const IMM12_BITS = 12;
/** Compressed rows take any value this wide here; the table's encoder then checks the row's own range. */
const COMPRESSED_IMM_BITS = 20;
const UIMM20_MAX = 0xfffffn;
const UPPER_SHIFT = 12;
const ZIMM_MAX = 31n;
const SHAMT64_MAX = 63n;
const SHAMT32_MAX = 31n;
const X0 = 0;

/** The value lui/auipc add for a 20-bit upper immediate: sign-extended `v << 12` (the encoder's imm). */
const upperImmediate = (v: bigint) => Number(BigInt.asIntN(32, v << BigInt(UPPER_SHIFT)));

/** AMO ordering suffixes (A extension: aq bit 26, rl bit 25). */
const AMO_SUFFIXES: Readonly<Record<string, { aq: number; rl: number }>> = {
  '.aq': { aq: 1, rl: 0 }, '.rl': { aq: 0, rl: 1 }, '.aqrl': { aq: 1, rl: 1 },
};

/** The table row for a mnemonic, with AMO ordering bits from a `.aq`/`.rl`/`.aqrl` suffix. */
export function findRow(mnemonic: string): { row: InstrRow; aq: number; rl: number } | undefined {
  const row = ROW_BY_MNEMONIC.get(mnemonic);
  if (row !== undefined) return { row, aq: 0, rl: 0 };
  for (const [suffix, bits] of Object.entries(AMO_SUFFIXES)) {
    if (!mnemonic.endsWith(suffix)) continue;
    const base = ROW_BY_MNEMONIC.get(mnemonic.slice(0, -suffix.length));
    if (base !== undefined && (base.format === 'AMO' || base.format === 'LR')) return { row: base, ...bits };
  }
  return undefined;
}

/** Sets an immediate field: a constant goes into `imm`, a relocation into the Insn. */
function setImm(insn: Insn, imm: Imm): void {
  if ('value' in imm) insn.fields.imm = imm.value;
  else insn.reloc = { type: imm.reloc, value: imm.target };
}

/** Whether a row's compressed expansion keeps rd and rs1 in one field (c.addi rd: rd = rs1). */
function twoAddress(row: InstrRow): boolean {
  return row.expand !== undefined && row.expand.rd === 'r11_7' && row.expand.rs1 === 'r11_7';
}

/**
 * A symbol operand's value: symbol + addend, or an absolute number, with no relocation function
 * and no symbol difference (branch and jump targets, and the symbols of la/lla/call/tail and
 * symbol loads and stores); reports "illegal operands" otherwise.
 */
export function symbolValue(ctx: OpContext, r: OpRange): Value | undefined {
  const v = operandValue(ctx, r);
  if (v === undefined) return undefined;
  if (v.reloc !== undefined || v.value.sub !== undefined) {
    ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`, v.span);
    return undefined;
  }
  return v.value;
}

/** Parses one operand of kind `kind` into `insn`; false after reporting an error. */
function parseOperand(ctx: OpContext, insn: Insn, kind: OperandKind, r: OpRange): boolean {
  const f = insn.fields;
  const row = insn.row;
  let v: number | undefined;
  switch (kind) {
    // Each field is assigned by name (no computed keys): the hot path stays monomorphic.
    case 'rd': v = f.rd = xReg(ctx, r); return v !== undefined;
    case 'rs1': v = f.rs1 = xReg(ctx, r); return v !== undefined;
    case 'rs2': v = f.rs2 = xReg(ctx, r); return v !== undefined;
    case 'rs3': v = f.rs3 = xReg(ctx, r); return v !== undefined;
    case 'frd': v = f.rd = fReg(ctx, r); return v !== undefined;
    case 'frs1': v = f.rs1 = fReg(ctx, r); return v !== undefined;
    case 'frs2': v = f.rs2 = fReg(ctx, r); return v !== undefined;
    case 'frs3': v = f.rs3 = fReg(ctx, r); return v !== undefined;
    case 'shamt': {
      const o = operandValue(ctx, r);
      if (o === undefined) return false;
      const max = row.format === 'IS32' ? SHAMT32_MAX : SHAMT64_MAX;
      if (o.reloc !== undefined || !isConstant(o.value) || o.value.add < 0n || o.value.add > max) {
        const shown = isConstant(o.value) && o.reloc === undefined ? String(o.value.add) : sourceText(ctx.stmt, r[0], r[1]);
        ctx.a.error(ctx.stmt, `improper shift amount (${shown})`, o.span);
        return false;
      }
      f.imm = Number(o.value.add);
      return true;
    }
    case 'zimm': v = f.imm = constant(ctx, r, 0n, ZIMM_MAX, 'CSR immediate'); return v !== undefined;
    case 'csr': v = f.csr = csr(ctx, r); return v !== undefined;
    case 'pred': v = f.pred = fence(ctx, r); return v !== undefined;
    case 'succ': v = f.succ = fence(ctx, r); return v !== undefined;
    case 'rm': v = f.rm = roundingMode(ctx, r); return v !== undefined;
    case 'imm': {
      const bits = row.length === 2 ? COMPRESSED_IMM_BITS : IMM12_BITS;
      const imm = immediate(ctx, r, bits, row.length === 2 ? {} : I_RELOCS);
      if (imm === undefined) return false;
      setImm(insn, imm);
      return true;
    }
    case 'uimm20': {
      const o = operandValue(ctx, r);
      if (o === undefined) return false;
      if (o.reloc !== undefined) {
        const relocs = row.mnemonic === 'auipc' ? AUIPC_RELOCS : row.mnemonic === 'lui' ? LUI_RELOCS : {};
        const imm = immediate(ctx, r, IMM12_BITS, relocs);
        if (imm === undefined) return false;
        if ('value' in imm) f.imm = upperImmediate(BigInt(imm.value));
        else insn.reloc = { type: imm.reloc, value: imm.target };
        return true;
      }
      if (!isConstant(o.value) || o.value.add < 0n || o.value.add > UIMM20_MAX) {
        ctx.a.error(ctx.stmt, `${row.mnemonic.replace(/^c\./, '')} expression not in range 0..1048575`, o.span);
        return false;
      }
      f.imm = upperImmediate(o.value.add);
      return true;
    }
    case 'mem': {
      const m = splitMem(ctx, r);
      if (m === undefined) {
        // `8(a9)`: report the bad base register itself; otherwise the whole operand is wrong.
        if (hasMemShape(ctx, r)) xReg(ctx, [r[1] - 2, r[1] - 1]);
        else ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
        return false;
      }
      f.rs1 = m.base;
      if (m.offset[0] === m.offset[1]) {
        f.imm = 0;
        return true;
      }
      const store = row.format === 'S' || row.format === 'CS' || row.format === 'CSS';
      const relocs = row.length === 2 ? {} : store ? S_RELOCS : I_RELOCS;
      const imm = immediate(ctx, m.offset, row.length === 2 ? COMPRESSED_IMM_BITS : IMM12_BITS, relocs);
      if (imm === undefined) return false;
      setImm(insn, imm);
      return true;
    }
    case 'amo': {
      const m = splitMem(ctx, r);
      if (m === undefined) {
        ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
        return false;
      }
      f.rs1 = m.base;
      if (m.offset[0] !== m.offset[1] && constant(ctx, m.offset, 0n, 0n, 'offset') === undefined) return false;
      return true;
    }
    case 'branch': case 'jump': {
      const target = symbolValue(ctx, r);
      if (target === undefined) return false;
      insn.branch = { form: kind === 'branch' ? 'branch' : 'jump', target, rvc: false };
      return true;
    }
  }
}

/**
 * Builds the Insn for table row `row` from operand ranges `ops` (written as `written`), or
 * undefined after reporting an error. The optional trailing rounding mode defaults to dyn.
 */
export function rowInsn(ctx: OpContext, row: InstrRow, ops: readonly OpRange[], written: string, extra: Fields = {},
  preset: Fields = {}): Insn | undefined {
  const kinds = row.operands;
  const optionalRm = kinds[kinds.length - 1] === 'rm';
  const required = optionalRm ? kinds.length - 1 : kinds.length;
  if (ops.length < required || ops.length > kinds.length) {
    ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
    return undefined;
  }
  const insn: Insn = { row, fields: { ...extra }, written: row.length === 2 ? undefined : written };
  if (optionalRm) insn.fields.rm = RM_DYN;
  for (let i = 0; i < ops.length; i++) {
    const kind = kinds[i]!;
    if (kind === 'rd' && preset.rd !== undefined) {
      insn.fields.rd = preset.rd;
      continue;
    }
    if (!parseOperand(ctx, insn, kind, ops[i]!)) return undefined;
  }
  if (row.length === 2 && kinds.includes('shamt') && insn.fields.imm === 0) {
    // c.slli/c.srli/c.srai with shamt 0 are HINT encodings GNU as refuses to write.
    ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
    return undefined;
  }
  if (twoAddress(row) && !kinds.includes('rs1')) insn.fields.rs1 = insn.fields.rd;
  if (row.length === 2 && row.expand?.rd === 'p9_7' && row.expand.rs1 === 'p9_7') insn.fields.rs1 = insn.fields.rd;
  return finishBranch(ctx, insn);
}

/** Turns a branch/jump Insn into its relaxable form (compressed rows: base row with rvc on). */
export function finishBranch(ctx: OpContext, insn: Insn): Insn {
  if (insn.branch === undefined) return insn;
  const row = insn.row;
  if (row.length === 2) {
    // c.beqz/c.bnez/c.j written explicitly: GNU relaxes them like beqz/bnez/j.
    insn.row = row.base;
    insn.fields = { ...insn.fields, rs2: X0, rd: X0 };
    insn.branch.rvc = true;
  } else if ((row.mnemonic === 'beq' || row.mnemonic === 'bne') && insn.fields.rs2 === X0 && isPrime(insn.fields.rs1)) {
    // GNU as's table offers c.beqz/c.bnez for `beq rs1', x0, label`.
    insn.branch.rvc = ctx.a.rvc;
  }
  return insn;
}

/** x8..x15, the registers of the compressed 3-bit fields. */
const isPrime = (r: number | undefined) => r !== undefined && r >= 8 && r <= 15;

/** Assembles the instruction statement `stmt` (mnemonic at token 0). */
export function assembleInstruction(a: Assembler, stmt: Statement): void {
  const head = stmt.tokens[0]!;
  const mnemonic = head.text.toLowerCase();
  const ops = operandRanges(stmt, 1);
  const ctx: OpContext = { a, stmt };
  const pseudo = expandPseudo(ctx, mnemonic, ops);
  if (pseudo === null) return;
  if (pseudo !== undefined) {
    a.emitInsns(pseudo, stmt);
    return;
  }
  const found = findRow(mnemonic);
  if (found === undefined) {
    a.error(stmt, `unknown instruction \`${head.text}'`, { start: head.start, end: head.end });
    return;
  }
  if (found.row.length === 2 && !a.rvc) {
    a.error(stmt, `unrecognized opcode \`${stmt.text}', extension \`c' required`, { start: head.start, end: head.end });
    return;
  }
  const insn = rowInsn(ctx, found.row, ops, mnemonic, { aq: found.aq, rl: found.rl });
  if (insn !== undefined) a.emitInsns([insn], stmt);
}
