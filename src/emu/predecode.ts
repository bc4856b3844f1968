import { decode } from '../isa/decode';
import type { CodePage } from './memory';
import { Op } from './interp';
import { FP_OP_BY_MNEMONIC, relaxedFpDecode, writesFpRegister } from './fp/exec';
import { PAGE_SIZE } from './sv39';

/** Register index the pre-decoder substitutes for rd = x0: a write-only sink, so x0 stays 0. */
export const X0_SINK = 32;

/**
 * One pre-decoded instruction, in the form the interpreter (and later the block compiler)
 * consumes: an executor op and plain integer operands. Compressed instructions appear
 * expanded (op of the base instruction) with `len` = 2. A monomorphic class so property
 * loads in the hot loop stay fast.
 */
export class Insn {
  constructor(
    /** Executor operation. */
    readonly op: Op,
    /** Destination register, X0_SINK when the instruction names x0. */
    readonly rd: number,
    readonly rs1: number,
    readonly rs2: number,
    /** Sign-extended immediate (int32): offset, shamt, CSR zimm, or lui/auipc value. */
    readonly imm: number,
    /** CSR number for CSR ops, 0 otherwise. */
    readonly csr: number,
    /** Instruction length in bytes (2 or 4). */
    readonly len: number,
    /** Raw bits (stval for IllegalInstruction). */
    readonly bits: number,
  ) {}
}

/** Pre-decoded instructions of one physical page, by (offset / 2). Dropped when the page is written. */
export class DecodedPage implements CodePage {
  valid = true;
  readonly insns: (Insn | undefined)[] = new Array(PAGE_SIZE / 2);
}

/** Executor op for each executable base-row mnemonic (fence.tso and fence.i execute as NOP). */
export const OP_BY_MNEMONIC: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['lui', Op.LUI],
  ['auipc', Op.AUIPC],
  ['jal', Op.JAL],
  ['jalr', Op.JALR],
  ['beq', Op.BEQ],
  ['bne', Op.BNE],
  ['blt', Op.BLT],
  ['bge', Op.BGE],
  ['bltu', Op.BLTU],
  ['bgeu', Op.BGEU],
  ['lb', Op.LB],
  ['lh', Op.LH],
  ['lw', Op.LW],
  ['ld', Op.LD],
  ['lbu', Op.LBU],
  ['lhu', Op.LHU],
  ['lwu', Op.LWU],
  ['sb', Op.SB],
  ['sh', Op.SH],
  ['sw', Op.SW],
  ['sd', Op.SD],
  ['addi', Op.ADDI],
  ['slti', Op.SLTI],
  ['sltiu', Op.SLTIU],
  ['xori', Op.XORI],
  ['ori', Op.ORI],
  ['andi', Op.ANDI],
  ['slli', Op.SLLI],
  ['srli', Op.SRLI],
  ['srai', Op.SRAI],
  ['add', Op.ADD],
  ['sub', Op.SUB],
  ['sll', Op.SLL],
  ['slt', Op.SLT],
  ['sltu', Op.SLTU],
  ['xor', Op.XOR],
  ['srl', Op.SRL],
  ['sra', Op.SRA],
  ['or', Op.OR],
  ['and', Op.AND],
  ['addiw', Op.ADDIW],
  ['slliw', Op.SLLIW],
  ['srliw', Op.SRLIW],
  ['sraiw', Op.SRAIW],
  ['addw', Op.ADDW],
  ['subw', Op.SUBW],
  ['sllw', Op.SLLW],
  ['srlw', Op.SRLW],
  ['sraw', Op.SRAW],
  ['ecall', Op.ECALL],
  ['ebreak', Op.EBREAK],
  ['csrrw', Op.CSRRW],
  ['csrrs', Op.CSRRS],
  ['csrrc', Op.CSRRC],
  ['csrrwi', Op.CSRRWI],
  ['csrrsi', Op.CSRRSI],
  ['csrrci', Op.CSRRCI],
  ['mul', Op.MUL],
  ['mulh', Op.MULH],
  ['mulhsu', Op.MULHSU],
  ['mulhu', Op.MULHU],
  ['div', Op.DIV],
  ['divu', Op.DIVU],
  ['rem', Op.REM],
  ['remu', Op.REMU],
  ['mulw', Op.MULW],
  ['divw', Op.DIVW],
  ['divuw', Op.DIVUW],
  ['remw', Op.REMW],
  ['remuw', Op.REMUW],
  ['lr.w', Op.LR_W],
  ['sc.w', Op.SC_W],
  ['amoswap.w', Op.AMOSWAP_W],
  ['amoadd.w', Op.AMOADD_W],
  ['amoxor.w', Op.AMOXOR_W],
  ['amoand.w', Op.AMOAND_W],
  ['amoor.w', Op.AMOOR_W],
  ['amomin.w', Op.AMOMIN_W],
  ['amomax.w', Op.AMOMAX_W],
  ['amominu.w', Op.AMOMINU_W],
  ['amomaxu.w', Op.AMOMAXU_W],
  ['lr.d', Op.LR_D],
  ['sc.d', Op.SC_D],
  ['amoswap.d', Op.AMOSWAP_D],
  ['amoadd.d', Op.AMOADD_D],
  ['amoxor.d', Op.AMOXOR_D],
  ['amoand.d', Op.AMOAND_D],
  ['amoor.d', Op.AMOOR_D],
  ['amomin.d', Op.AMOMIN_D],
  ['amomax.d', Op.AMOMAX_D],
  ['amominu.d', Op.AMOMINU_D],
  ['amomaxu.d', Op.AMOMAXU_D],
  ['fence', Op.NOP],
  ['fence.tso', Op.NOP],
  ['fence.i', Op.NOP],
]);

const SIDE_EFFECT_FREE_WHEN_RD_IS_X0 = new Set<Op>([
  Op.LUI, Op.AUIPC, Op.ADDI, Op.SLTI, Op.SLTIU, Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI,
  Op.ADD, Op.SUB, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.SRA, Op.OR, Op.AND, Op.ADDIW, Op.SLLIW,
  Op.SRLIW, Op.SRAIW, Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW, Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU,
  Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.MULW, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW,
]);

const MISC_MEM = 0x0f;
const FUNCT3_FENCE = 0, FUNCT3_FENCE_I = 1;

/**
 * FENCE/FENCE.I with nonzero reserved fields (rd, rs1, fm, imm). The table (like binutils)
 * decodes only the canonical forms, but the spec says base implementations shall ignore these
 * fields (Unprivileged spec, "Memory Ordering Instructions" and "Zifencei"): they execute as
 * fences, which on this single in-order hart with coherent decoded code means no-ops.
 */
function isReservedFenceForm(bits: number): boolean {
  const funct3 = (bits >>> 12) & 7;
  return (bits & 0x7f) === MISC_MEM && (funct3 === FUNCT3_FENCE || funct3 === FUNCT3_FENCE_I);
}

/**
 * Pre-decodes instruction `bits` (32 bits; for a compressed instruction the upper half is
 * ignored). Unknown encodings and instructions the hart does not execute become Op.ILLEGAL
 * carrying their bits. Never throws.
 */
export function predecode(bits: number): Insn {
  const d = decode(bits) ?? relaxedFpDecode(bits);
  if (d === undefined && isReservedFenceForm(bits)) return new Insn(Op.NOP, X0_SINK, 0, 0, 0, 0, 4, bits >>> 0);
  if (d === undefined) {
    const isWide = (bits & 3) === 3;
    return new Insn(Op.ILLEGAL, 0, 0, 0, 0, 0, isWide ? 4 : 2, isWide ? bits >>> 0 : bits & 0xffff);
  }
  let op = OP_BY_MNEMONIC.get(d.row.base.mnemonic) ?? (FP_OP_BY_MNEMONIC.get(d.row.base.mnemonic) as Op | undefined) ?? Op.ILLEGAL;
  if (d.rd === 0 && SIDE_EFFECT_FREE_WHEN_RD_IS_X0.has(op)) op = Op.NOP;
  const rd = d.rd === 0 && !writesFpRegister(op) ? X0_SINK : d.rd; // f0 is a real register
  return new Insn(op, rd, d.rs1, d.rs2, d.imm, d.csr, d.length, d.bits);
}
