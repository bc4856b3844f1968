/**
 * Types of the instruction table. Source for encodings: The RISC-V Instruction Set Manual,
 * Volume I (Unprivileged), chapters "RV32I/RV64I Base Integer Instruction Set", "M", "A",
 * "C" (RVC), "Zicsr", "Zifencei", and the opcode map ("RV32/64G Instruction Set Listings").
 */

/** ISA extension a row belongs to ('Priv': privileged instructions, decoded but illegal in U-mode). */
export type Extension = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'Zifencei' | 'F' | 'D' | 'Priv';

/**
 * Encoding format: says which bit fields hold which operands.
 * 32-bit: R, I, S, B, U, J (base formats); IS64/IS32 (I-type with a 6-/5-bit shamt);
 * CSR/CSRI (csr in imm[11:0], rs1 or a 5-bit zimm); AMO/LR (R-type with aq/rl bits);
 * FENCE (pred/succ/fm); SYS (no operands: ecall, ebreak, fence.i);
 * R4 (fused multiply-add: rs3 in bits 31:27, rm in 14:12) and RF (F/D R-type with an rm field;
 * unary rows fix rs2); F/D rows without rounding (fsgnj, fmin/fmax, compares, fclass, fmv) use R.
 * 16-bit (RVC) formats: CR, CI, CSS, CIW, CL, CS, CA, CB, CJ — the exact field placement of a
 * compressed row is in its `expand` description.
 */
export type Format =
  | 'R' | 'I' | 'IS64' | 'IS32' | 'S' | 'B' | 'U' | 'J' | 'CSR' | 'CSRI' | 'AMO' | 'LR' | 'FENCE' | 'SYS'
  | 'R4' | 'RF'
  | 'CR' | 'CI' | 'CSS' | 'CIW' | 'CL' | 'CS' | 'CA' | 'CB' | 'CJ';

/**
 * Operand kinds in assembler syntax order (what the assembler parses and the language server
 * describes):
 * - rd, rs1, rs2, rs3: integer registers; frd/frs1/frs2/frs3: FP registers
 * - imm: signed 12-bit (or C-row specific) immediate; uimm20: lui/auipc upper immediate
 * - shamt: shift amount; zimm: CSR 5-bit unsigned immediate; csr: CSR number or name
 * - mem: `offset(rs1)`; amo: `(rs1)`; branch/jump: pc-relative target
 * - pred/succ: fence sets (iorw); rm: FP rounding mode (printed only when not dyn)
 */
export type OperandKind =
  | 'rd' | 'rs1' | 'rs2' | 'rs3' | 'frd' | 'frs1' | 'frs2' | 'frs3'
  | 'imm' | 'uimm20' | 'shamt' | 'zimm' | 'csr' | 'mem' | 'amo' | 'branch' | 'jump'
  | 'pred' | 'succ' | 'rm';

/**
 * Where a compressed instruction keeps a register: `r11_7` bits 11:7 (full register number),
 * `r6_2` bits 6:2, `p9_7`/`p4_2` three-bit "prime" fields naming x8..x15, or a fixed register.
 */
export type CRegField = 'r11_7' | 'r6_2' | 'p9_7' | 'p4_2' | number;

/** One bit of a scattered RVC immediate: [instruction bit, immediate bit]. */
export type CImmBit = readonly [number, number];

/** Checks a compressed encoding must pass beyond match/mask (reserved or other-row encodings). */
export type CConstraint = 'rd!=0' | 'rs1!=0' | 'rs2!=0' | 'imm!=0' | 'rd!=2';

/** How a compressed row expands to its base instruction (RVC spec, "RVC instruction set listings"). */
export interface CExpansion {
  /** Mnemonic of the base (32-bit) row it expands to. */
  base: string;
  rd?: CRegField;
  rs1?: CRegField;
  rs2?: CRegField;
  /** Scattered immediate bits; the immediate value is the base instruction's immediate. */
  imm?: readonly CImmBit[];
  /** Sign-extend the immediate from its highest listed bit. */
  signed?: boolean;
  /** A fixed immediate (0 for c.jr/c.jalr/c.mv). */
  fixedImm?: number;
}

/** One instruction of the table. */
export interface InstrRow {
  /** Assembler mnemonic, e.g. `addi`, `amoadd.w`, `c.addi`. AMO rows take .aq/.rl suffixes. */
  mnemonic: string;
  /** Bits that must be set, and which bits are fixed by the encoding: `(bits & mask) === match`. */
  match: number;
  mask: number;
  format: Format;
  extension: Extension;
  /** Instruction length in bytes. */
  length: 2 | 4;
  /** Operands in assembler syntax order. */
  operands: readonly OperandKind[];
  /** One-line description. */
  doc: string;
  /** Compressed rows: the base instruction they stand for. */
  expand?: CExpansion;
  /** Compressed rows: extra validity checks. */
  constraints?: readonly CConstraint[];
  /** Index in INSTRUCTIONS (filled in by the table). */
  index: number;
  /** Executed as this base row (itself for 32-bit rows); filled in by the table. */
  base: InstrRow;
}

/**
 * Operand fields of an instruction. For compressed rows these are the fields of the expanded
 * base instruction (c.addi a0,1 has rd = rs1 = 10, imm = 1). `imm` is the sign-extended
 * immediate value in bytes (branch/jump offsets relative to the instruction's pc; lui/auipc
 * as the value added, i.e. already shifted left by 12), or the shamt, or the CSR zimm.
 */
export interface InstrFields {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  imm: number;
  csr: number;
  rm: number;
  aq: number;
  rl: number;
  pred: number;
  succ: number;
  fm: number;
}

/** Result of `decode`: the matched row (the compressed row for RVC), its fields, and size. */
export interface DecodedInstruction extends InstrFields {
  row: InstrRow;
  /** Length in bytes: 2 (compressed) or 4. */
  length: 2 | 4;
  /** The raw instruction bits (16 or 32 significant bits). */
  bits: number;
}
