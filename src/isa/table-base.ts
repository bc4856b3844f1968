import type { Extension, Format, InstrRow, OperandKind } from './types';

/** A row before the table fills in `index` and `base`. */
export type RowSpec = Omit<InstrRow, 'index' | 'base'>;

const OPCODE = 0x7f;
const F3 = 0x707f;
const F7F3 = 0xfe00707f;
const F6F3 = 0xfc00707f;
const F5F3 = 0xf800707f;
const ALL = 0xffffffff;

/** Operand lists by format, in assembler order. */
const OPERANDS: Partial<Record<Format, readonly OperandKind[]>> = {
  R: ['rd', 'rs1', 'rs2'],
  I: ['rd', 'rs1', 'imm'],
  IS64: ['rd', 'rs1', 'shamt'],
  IS32: ['rd', 'rs1', 'shamt'],
  S: ['rs2', 'mem'],
  B: ['rs1', 'rs2', 'branch'],
  U: ['rd', 'uimm20'],
  J: ['rd', 'jump'],
  CSR: ['rd', 'csr', 'rs1'],
  CSRI: ['rd', 'csr', 'zimm'],
  AMO: ['rd', 'rs2', 'amo'],
  LR: ['rd', 'amo'],
  FENCE: ['pred', 'succ'],
  SYS: [],
};

function row(mnemonic: string, match: number, mask: number, format: Format, extension: Extension,
  doc: string, operands?: readonly OperandKind[]): RowSpec {
  return {
    mnemonic, match: match >>> 0, mask: mask >>> 0, format, extension, length: 4,
    operands: operands ?? OPERANDS[format] ?? [], doc,
  };
}

const f3 = (opcode: number, funct3: number) => opcode | (funct3 << 12);
const f7 = (opcode: number, funct3: number, funct7: number) => f3(opcode, funct3) | (funct7 << 25);
const amo = (funct5: number, width: number) => f3(0x2f, width) | (funct5 << 27);

const LOAD = 0x03, MISC_MEM = 0x0f, OP_IMM = 0x13, AUIPC = 0x17, OP_IMM_32 = 0x1b, STORE = 0x23;
const OP = 0x33, LUI = 0x37, OP_32 = 0x3b, BRANCH = 0x63, JALR = 0x67, JAL = 0x6f, SYSTEM = 0x73;
const W = 2, D = 3;

/** RV64I, M, A, Zicsr, Zifencei rows. Order matters only where encodings overlap (fence.tso before fence). */
export const BASE_ROWS: RowSpec[] = [
  // RV64I: upper immediates and control transfer
  row('lui', LUI, OPCODE, 'U', 'I', 'Load upper immediate: rd = imm20 << 12 (sign-extended).'),
  row('auipc', AUIPC, OPCODE, 'U', 'I', 'Add upper immediate to pc: rd = pc + (imm20 << 12).'),
  row('jal', JAL, OPCODE, 'J', 'I', 'Jump and link: rd = pc + 4, pc += offset.'),
  row('jalr', f3(JALR, 0), F3, 'I', 'I', 'Jump and link register: rd = pc + 4, pc = (rs1 + imm) & ~1.', ['rd', 'mem']),
  row('beq', f3(BRANCH, 0), F3, 'B', 'I', 'Branch if rs1 == rs2.'),
  row('bne', f3(BRANCH, 1), F3, 'B', 'I', 'Branch if rs1 != rs2.'),
  row('blt', f3(BRANCH, 4), F3, 'B', 'I', 'Branch if rs1 < rs2 (signed).'),
  row('bge', f3(BRANCH, 5), F3, 'B', 'I', 'Branch if rs1 >= rs2 (signed).'),
  row('bltu', f3(BRANCH, 6), F3, 'B', 'I', 'Branch if rs1 < rs2 (unsigned).'),
  row('bgeu', f3(BRANCH, 7), F3, 'B', 'I', 'Branch if rs1 >= rs2 (unsigned).'),
  // loads and stores
  row('lb', f3(LOAD, 0), F3, 'I', 'I', 'Load byte, sign-extended: rd = mem8[rs1 + imm].', ['rd', 'mem']),
  row('lh', f3(LOAD, 1), F3, 'I', 'I', 'Load halfword, sign-extended: rd = mem16[rs1 + imm].', ['rd', 'mem']),
  row('lw', f3(LOAD, 2), F3, 'I', 'I', 'Load word, sign-extended: rd = mem32[rs1 + imm].', ['rd', 'mem']),
  row('ld', f3(LOAD, 3), F3, 'I', 'I', 'Load doubleword: rd = mem64[rs1 + imm].', ['rd', 'mem']),
  row('lbu', f3(LOAD, 4), F3, 'I', 'I', 'Load byte, zero-extended.', ['rd', 'mem']),
  row('lhu', f3(LOAD, 5), F3, 'I', 'I', 'Load halfword, zero-extended.', ['rd', 'mem']),
  row('lwu', f3(LOAD, 6), F3, 'I', 'I', 'Load word, zero-extended.', ['rd', 'mem']),
  row('sb', f3(STORE, 0), F3, 'S', 'I', 'Store byte: mem8[rs1 + imm] = rs2.'),
  row('sh', f3(STORE, 1), F3, 'S', 'I', 'Store halfword: mem16[rs1 + imm] = rs2.'),
  row('sw', f3(STORE, 2), F3, 'S', 'I', 'Store word: mem32[rs1 + imm] = rs2.'),
  row('sd', f3(STORE, 3), F3, 'S', 'I', 'Store doubleword: mem64[rs1 + imm] = rs2.'),
  // integer register-immediate
  row('addi', f3(OP_IMM, 0), F3, 'I', 'I', 'Add immediate: rd = rs1 + imm.'),
  row('slti', f3(OP_IMM, 2), F3, 'I', 'I', 'Set if less than immediate (signed): rd = rs1 < imm ? 1 : 0.'),
  row('sltiu', f3(OP_IMM, 3), F3, 'I', 'I', 'Set if less than immediate (unsigned compare of sign-extended imm).'),
  row('xori', f3(OP_IMM, 4), F3, 'I', 'I', 'Exclusive or immediate: rd = rs1 ^ imm.'),
  row('ori', f3(OP_IMM, 6), F3, 'I', 'I', 'Or immediate: rd = rs1 | imm.'),
  row('andi', f3(OP_IMM, 7), F3, 'I', 'I', 'And immediate: rd = rs1 & imm.'),
  row('slli', f3(OP_IMM, 1), F6F3, 'IS64', 'I', 'Shift left logical by shamt (0..63).'),
  row('srli', f3(OP_IMM, 5), F6F3, 'IS64', 'I', 'Shift right logical by shamt (0..63).'),
  row('srai', f3(OP_IMM, 5) | (0x10 << 26), F6F3, 'IS64', 'I', 'Shift right arithmetic by shamt (0..63).'),
  // integer register-register
  row('add', f7(OP, 0, 0), F7F3, 'R', 'I', 'Add: rd = rs1 + rs2.'),
  row('sub', f7(OP, 0, 0x20), F7F3, 'R', 'I', 'Subtract: rd = rs1 - rs2.'),
  row('sll', f7(OP, 1, 0), F7F3, 'R', 'I', 'Shift left logical by rs2[5:0].'),
  row('slt', f7(OP, 2, 0), F7F3, 'R', 'I', 'Set if less than (signed): rd = rs1 < rs2 ? 1 : 0.'),
  row('sltu', f7(OP, 3, 0), F7F3, 'R', 'I', 'Set if less than (unsigned).'),
  row('xor', f7(OP, 4, 0), F7F3, 'R', 'I', 'Exclusive or: rd = rs1 ^ rs2.'),
  row('srl', f7(OP, 5, 0), F7F3, 'R', 'I', 'Shift right logical by rs2[5:0].'),
  row('sra', f7(OP, 5, 0x20), F7F3, 'R', 'I', 'Shift right arithmetic by rs2[5:0].'),
  row('or', f7(OP, 6, 0), F7F3, 'R', 'I', 'Or: rd = rs1 | rs2.'),
  row('and', f7(OP, 7, 0), F7F3, 'R', 'I', 'And: rd = rs1 & rs2.'),
  // RV64I word operations (32-bit result sign-extended to 64)
  row('addiw', f3(OP_IMM_32, 0), F3, 'I', 'I', 'Add immediate word: rd = sext32(rs1 + imm).'),
  row('slliw', f7(OP_IMM_32, 1, 0), F7F3, 'IS32', 'I', 'Shift left logical word by shamt (0..31), sign-extend.'),
  row('srliw', f7(OP_IMM_32, 5, 0), F7F3, 'IS32', 'I', 'Shift right logical word by shamt (0..31), sign-extend.'),
  row('sraiw', f7(OP_IMM_32, 5, 0x20), F7F3, 'IS32', 'I', 'Shift right arithmetic word by shamt (0..31).'),
  row('addw', f7(OP_32, 0, 0), F7F3, 'R', 'I', 'Add word: rd = sext32(rs1 + rs2).'),
  row('subw', f7(OP_32, 0, 0x20), F7F3, 'R', 'I', 'Subtract word: rd = sext32(rs1 - rs2).'),
  row('sllw', f7(OP_32, 1, 0), F7F3, 'R', 'I', 'Shift left logical word by rs2[4:0], sign-extend.'),
  row('srlw', f7(OP_32, 5, 0), F7F3, 'R', 'I', 'Shift right logical word by rs2[4:0], sign-extend.'),
  row('sraw', f7(OP_32, 5, 0x20), F7F3, 'R', 'I', 'Shift right arithmetic word by rs2[4:0].'),
  // memory ordering, environment
  row('fence.tso', 0x8330000f, 0xfff0707f, 'FENCE', 'I', 'Total-store-ordering fence (fm=1000, rw,rw).', []),
  // rd, rs1 (and fm, imm) must be zero here, as binutils requires; the spec asks implementations
  // to ignore those fields, so the hart's pre-decoder executes the other encodings as fences too.
  row('fence', f3(MISC_MEM, 0), 0xf00fffff, 'FENCE', 'I', 'Order memory and I/O accesses (pred before succ).'),
  row('fence.i', f3(MISC_MEM, 1), ALL, 'SYS', 'Zifencei', 'Synchronize instruction fetches with prior stores.'),
  row('ecall', 0x00000073, ALL, 'SYS', 'I', 'Environment call: trap to the kernel (scause 8 from U-mode).'),
  row('ebreak', 0x00100073, ALL, 'SYS', 'I', 'Environment breakpoint: trap with scause 3 (Breakpoint).'),
  // privileged (decoded for disassembly; illegal in U-mode, privileged spec 3.3 and 4.2)
  row('sret', 0x10200073, ALL, 'SYS', 'Priv', 'Return from supervisor trap (illegal in U-mode).'),
  row('mret', 0x30200073, ALL, 'SYS', 'Priv', 'Return from machine trap (illegal in U-mode).'),
  row('uret', 0x00200073, ALL, 'SYS', 'Priv', 'Return from user trap (obsolete N extension; illegal here).'),
  row('dret', 0x7b200073, ALL, 'SYS', 'Priv', 'Return from debug mode (illegal outside debug mode).'),
  row('wfi', 0x10500073, ALL, 'SYS', 'Priv', 'Wait for interrupt (raises IllegalInstruction in U-mode, privileged spec 3.3.3).'),
  row('sfence.vma', 0x12000073, 0xfe007fff, 'R', 'Priv', 'Supervisor TLB flush for address rs1 and ASID rs2 (illegal in U-mode).',
    ['rs1', 'rs2']),
  // Zicsr
  row('csrrw', f3(SYSTEM, 1), F3, 'CSR', 'Zicsr', 'Atomic CSR read/write: rd = csr; csr = rs1.'),
  row('csrrs', f3(SYSTEM, 2), F3, 'CSR', 'Zicsr', 'Atomic CSR read and set bits: rd = csr; csr |= rs1.'),
  row('csrrc', f3(SYSTEM, 3), F3, 'CSR', 'Zicsr', 'Atomic CSR read and clear bits: rd = csr; csr &= ~rs1.'),
  row('csrrwi', f3(SYSTEM, 5), F3, 'CSRI', 'Zicsr', 'CSR read/write immediate: rd = csr; csr = zimm.'),
  row('csrrsi', f3(SYSTEM, 6), F3, 'CSRI', 'Zicsr', 'CSR read and set bits immediate: csr |= zimm.'),
  row('csrrci', f3(SYSTEM, 7), F3, 'CSRI', 'Zicsr', 'CSR read and clear bits immediate: csr &= ~zimm.'),
  // M
  row('mul', f7(OP, 0, 1), F7F3, 'R', 'M', 'Multiply: rd = low 64 bits of rs1 * rs2.'),
  row('mulh', f7(OP, 1, 1), F7F3, 'R', 'M', 'Multiply high, signed x signed: rd = (rs1 * rs2) >> 64.'),
  row('mulhsu', f7(OP, 2, 1), F7F3, 'R', 'M', 'Multiply high, signed rs1 x unsigned rs2.'),
  row('mulhu', f7(OP, 3, 1), F7F3, 'R', 'M', 'Multiply high, unsigned x unsigned.'),
  row('div', f7(OP, 4, 1), F7F3, 'R', 'M', 'Divide signed, rounding toward zero (x/0 = -1, overflow = dividend).'),
  row('divu', f7(OP, 5, 1), F7F3, 'R', 'M', 'Divide unsigned (x/0 = 2^64-1).'),
  row('rem', f7(OP, 6, 1), F7F3, 'R', 'M', 'Remainder signed, sign of dividend (x%0 = x, overflow = 0).'),
  row('remu', f7(OP, 7, 1), F7F3, 'R', 'M', 'Remainder unsigned (x%0 = x).'),
  row('mulw', f7(OP_32, 0, 1), F7F3, 'R', 'M', 'Multiply word: rd = sext32(rs1 * rs2).'),
  row('divw', f7(OP_32, 4, 1), F7F3, 'R', 'M', 'Divide word signed, result sign-extended.'),
  row('divuw', f7(OP_32, 5, 1), F7F3, 'R', 'M', 'Divide word unsigned, result sign-extended.'),
  row('remw', f7(OP_32, 6, 1), F7F3, 'R', 'M', 'Remainder word signed, result sign-extended.'),
  row('remuw', f7(OP_32, 7, 1), F7F3, 'R', 'M', 'Remainder word unsigned, result sign-extended.'),
  // A: aq/rl are operand bits (printed as .aq/.rl/.aqrl suffixes)
  ...([[W, 'w', 'word'], [D, 'd', 'doubleword']] as const).flatMap(([width, s, name]) => [
    row(`lr.${s}`, amo(0x02, width), 0xf9f0707f, 'LR', 'A', `Load-reserved ${name}: rd = mem[rs1], reserve the address.`),
    row(`sc.${s}`, amo(0x03, width), F5F3, 'AMO', 'A', `Store-conditional ${name}: store rs2 if still reserved; rd = 0 on success, 1 on failure.`),
    row(`amoswap.${s}`, amo(0x01, width), F5F3, 'AMO', 'A', `Atomic swap ${name}: rd = mem[rs1]; mem[rs1] = rs2.`),
    row(`amoadd.${s}`, amo(0x00, width), F5F3, 'AMO', 'A', `Atomic add ${name}: rd = mem[rs1]; mem[rs1] += rs2.`),
    row(`amoxor.${s}`, amo(0x04, width), F5F3, 'AMO', 'A', `Atomic xor ${name}: rd = mem[rs1]; mem[rs1] ^= rs2.`),
    row(`amoand.${s}`, amo(0x0c, width), F5F3, 'AMO', 'A', `Atomic and ${name}: rd = mem[rs1]; mem[rs1] &= rs2.`),
    row(`amoor.${s}`, amo(0x08, width), F5F3, 'AMO', 'A', `Atomic or ${name}: rd = mem[rs1]; mem[rs1] |= rs2.`),
    row(`amomin.${s}`, amo(0x10, width), F5F3, 'AMO', 'A', `Atomic signed minimum ${name}.`),
    row(`amomax.${s}`, amo(0x14, width), F5F3, 'AMO', 'A', `Atomic signed maximum ${name}.`),
    row(`amominu.${s}`, amo(0x18, width), F5F3, 'AMO', 'A', `Atomic unsigned minimum ${name}.`),
    row(`amomaxu.${s}`, amo(0x1c, width), F5F3, 'AMO', 'A', `Atomic unsigned maximum ${name}.`),
  ]),
];
