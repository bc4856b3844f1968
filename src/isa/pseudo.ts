/**
 * Pseudo-instructions of the RISC-V assembly language: mnemonics the assembler accepts that are
 * not rows of the instruction table but expand to one or more of them. Sources: the RISC-V
 * Assembly Programmer's Manual ("Pseudoinstructions" and "Pseudoinstructions for accessing
 * control and status registers"), the unprivileged spec's table of RV32I/RV64I pseudoinstructions,
 * and what GNU as (riscv64-linux-gnu-as) emits for each. The assembler (src/toolchain/asm) does
 * the expansion; this table is the documentation the language server shows (hover, completion).
 * A mnemonic can appear twice when it has two operand forms (`jal offset` and `jal rd, offset`).
 */

/** One pseudo-instruction form. */
export interface PseudoRow {
  /** Assembler mnemonic, e.g. `li`, `fmv.s`. */
  mnemonic: string;
  /** Operands as the assembly manual writes them, e.g. `rd, imm` ('' when none). */
  operands: string;
  /** The instructions it stands for, as text. */
  expansion: string;
  /** One-line description. */
  doc: string;
}

const p = (mnemonic: string, operands: string, expansion: string, doc: string): PseudoRow =>
  ({ mnemonic, operands, expansion, doc });

/** Every pseudo-instruction form the assembler accepts, in assembly-manual order. */
export const PSEUDO_INSTRUCTIONS: readonly PseudoRow[] = [
  // addresses and constants
  p('la', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo(label) — static, no GOT (same as lla); a constant is loaded like li',
    'Load the address of symbol (pc-relative).'),
  p('lla', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo(label)', 'Load the local address of symbol (pc-relative).'),
  p('li', 'rd, imm', 'addi rd, x0, imm — or lui/addiw/slli/addi as GNU as expands it (up to 8 instructions)',
    'Load any 64-bit constant into rd.'),
  p('lb', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); lb rd, %pcrel_lo(label)(rd)', 'Load byte from a global symbol.'),
  p('lh', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); lh rd, %pcrel_lo(label)(rd)', 'Load halfword from a global symbol.'),
  p('lw', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); lw rd, %pcrel_lo(label)(rd)', 'Load word from a global symbol.'),
  p('ld', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); ld rd, %pcrel_lo(label)(rd)', 'Load doubleword from a global symbol.'),
  p('sb', 'rs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); sb rs, %pcrel_lo(label)(rt)', 'Store byte to a global symbol (rt is scratch).'),
  p('sh', 'rs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); sh rs, %pcrel_lo(label)(rt)', 'Store halfword to a global symbol.'),
  p('sw', 'rs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); sw rs, %pcrel_lo(label)(rt)', 'Store word to a global symbol.'),
  p('sd', 'rs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); sd rs, %pcrel_lo(label)(rt)', 'Store doubleword to a global symbol.'),
  p('flw', 'frd, symbol, rt', 'auipc rt, %pcrel_hi(symbol); flw frd, %pcrel_lo(label)(rt)', 'Load single float from a global symbol.'),
  p('fld', 'frd, symbol, rt', 'auipc rt, %pcrel_hi(symbol); fld frd, %pcrel_lo(label)(rt)', 'Load double float from a global symbol.'),
  p('fsw', 'frs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); fsw frs, %pcrel_lo(label)(rt)', 'Store single float to a global symbol.'),
  p('fsd', 'frs, symbol, rt', 'auipc rt, %pcrel_hi(symbol); fsd frs, %pcrel_lo(label)(rt)', 'Store double float to a global symbol.'),
  // integer arithmetic
  p('nop', '', 'addi x0, x0, 0', 'No operation.'),
  p('mv', 'rd, rs', 'addi rd, rs, 0', 'Copy register.'),
  p('not', 'rd, rs', 'xori rd, rs, -1', "One's complement."),
  p('neg', 'rd, rs', 'sub rd, x0, rs', "Two's complement."),
  p('negw', 'rd, rs', 'subw rd, x0, rs', "Two's complement word (result sign-extended)."),
  p('sext.w', 'rd, rs', 'addiw rd, rs, 0', 'Sign-extend the low 32 bits.'),
  p('seqz', 'rd, rs', 'sltiu rd, rs, 1', 'Set if rs == 0.'),
  p('snez', 'rd, rs', 'sltu rd, x0, rs', 'Set if rs != 0.'),
  p('sltz', 'rd, rs', 'slt rd, rs, x0', 'Set if rs < 0.'),
  p('sgtz', 'rd, rs', 'slt rd, x0, rs', 'Set if rs > 0.'),
  p('sgt', 'rd, rs, rt', 'slt rd, rt, rs', 'Set if rs > rt (signed).'),
  p('sgtu', 'rd, rs, rt', 'sltu rd, rt, rs', 'Set if rs > rt (unsigned).'),
  p('zext.b', 'rd, rs', 'andi rd, rs, 255', 'Zero-extend the low byte.'),
  // floating point
  p('fmv.s', 'frd, frs', 'fsgnj.s frd, frs, frs', 'Copy single-precision register.'),
  p('fabs.s', 'frd, frs', 'fsgnjx.s frd, frs, frs', 'Single-precision absolute value.'),
  p('fneg.s', 'frd, frs', 'fsgnjn.s frd, frs, frs', 'Single-precision negate.'),
  p('fmv.d', 'frd, frs', 'fsgnj.d frd, frs, frs', 'Copy double-precision register.'),
  p('fabs.d', 'frd, frs', 'fsgnjx.d frd, frs, frs', 'Double-precision absolute value.'),
  p('fneg.d', 'frd, frs', 'fsgnjn.d frd, frs, frs', 'Double-precision negate.'),
  p('fgt.s', 'rd, frs, frt', 'flt.s rd, frt, frs', 'Set if frs > frt (single).'),
  p('fge.s', 'rd, frs, frt', 'fle.s rd, frt, frs', 'Set if frs >= frt (single).'),
  p('fgt.d', 'rd, frs, frt', 'flt.d rd, frt, frs', 'Set if frs > frt (double).'),
  p('fge.d', 'rd, frs, frt', 'fle.d rd, frt, frs', 'Set if frs >= frt (double).'),
  // branches
  p('beqz', 'rs, offset', 'beq rs, x0, offset', 'Branch if rs == 0.'),
  p('bnez', 'rs, offset', 'bne rs, x0, offset', 'Branch if rs != 0.'),
  p('blez', 'rs, offset', 'bge x0, rs, offset', 'Branch if rs <= 0.'),
  p('bgez', 'rs, offset', 'bge rs, x0, offset', 'Branch if rs >= 0.'),
  p('bltz', 'rs, offset', 'blt rs, x0, offset', 'Branch if rs < 0.'),
  p('bgtz', 'rs, offset', 'blt x0, rs, offset', 'Branch if rs > 0.'),
  p('bgt', 'rs, rt, offset', 'blt rt, rs, offset', 'Branch if rs > rt (signed).'),
  p('ble', 'rs, rt, offset', 'bge rt, rs, offset', 'Branch if rs <= rt (signed).'),
  p('bgtu', 'rs, rt, offset', 'bltu rt, rs, offset', 'Branch if rs > rt (unsigned).'),
  p('bleu', 'rs, rt, offset', 'bgeu rt, rs, offset', 'Branch if rs <= rt (unsigned).'),
  // jumps and calls
  p('j', 'offset', 'jal x0, offset', 'Jump.'),
  p('jal', 'offset', 'jal x1, offset', 'Jump and link into ra.'),
  p('jr', 'rs', 'jalr x0, 0(rs)', 'Jump to the address in rs.'),
  p('jr', 'offset(rs)', 'jalr x0, offset(rs)', 'Jump to rs + offset.'),
  p('jalr', 'rs', 'jalr x1, 0(rs)', 'Call the address in rs (link in ra).'),
  p('jalr', 'offset(rs)', 'jalr x1, offset(rs)', 'Call rs + offset (link in ra).'),
  p('jalr', 'rd, rs', 'jalr rd, 0(rs)', 'Call the address in rs, link in rd.'),
  p('jalr', 'rd, rs, imm', 'jalr rd, imm(rs)', 'Call rs + offset, link in rd (three-operand form).'),
  p('ret', '', 'jalr x0, 0(x1)', 'Return from a function.'),
  p('call', 'symbol', 'auipc ra, 0; jalr ra, 0(ra) — R_RISCV_CALL_PLT', 'Call a far-away function (link in ra).'),
  p('call', 'rd, symbol', 'auipc t1, 0; jalr rd, 0(t1) — R_RISCV_CALL_PLT', 'Call a far-away function, link in rd.'),
  p('tail', 'symbol', 'auipc t1, 0; jalr x0, 0(t1) — R_RISCV_CALL_PLT', 'Tail call a far-away function.'),
  p('jump', 'symbol, rt', 'auipc rt, 0; jalr x0, 0(rt) — R_RISCV_CALL_PLT', 'Jump to a far-away label using rt.'),
  p('fence', '', 'fence iorw, iorw', 'Fence on all memory and I/O.'),
  p('sfence.vma', '', 'sfence.vma x0, x0', 'Flush the whole TLB.'),
  p('sfence.vma', 'rs', 'sfence.vma rs, x0', 'Flush the TLB entries of address rs.'),
  p('unimp', '', 'c.unimp (0x0000) with C, else csrrw x0, cycle, x0', 'An instruction that always traps as illegal.'),
  // CSRs
  p('rdinstret', 'rd', 'csrrs rd, instret, x0', 'Read the instructions-retired counter.'),
  p('rdcycle', 'rd', 'csrrs rd, cycle, x0', 'Read the cycle counter.'),
  p('rdtime', 'rd', 'csrrs rd, time, x0', 'Read the real-time clock.'),
  p('csrr', 'rd, csr', 'csrrs rd, csr, x0', 'Read a CSR.'),
  p('csrw', 'csr, rs', 'csrrw x0, csr, rs', 'Write a CSR.'),
  p('csrs', 'csr, rs', 'csrrs x0, csr, rs', 'Set bits in a CSR.'),
  p('csrc', 'csr, rs', 'csrrc x0, csr, rs', 'Clear bits in a CSR.'),
  p('csrwi', 'csr, imm', 'csrrwi x0, csr, imm', 'Write a CSR from a 5-bit immediate.'),
  p('csrsi', 'csr, imm', 'csrrsi x0, csr, imm', 'Set bits in a CSR from a 5-bit immediate.'),
  p('csrci', 'csr, imm', 'csrrci x0, csr, imm', 'Clear bits in a CSR from a 5-bit immediate.'),
  p('csrw', 'csr, imm', 'csrrwi x0, csr, imm', 'Write a CSR from a 5-bit immediate (also csrs/csrc).'),
  p('frcsr', 'rd', 'csrrs rd, fcsr, x0', 'Read the FP control and status register.'),
  p('fscsr', 'rd, rs', 'csrrw rd, fcsr, rs', 'Swap the FP control and status register.'),
  p('fscsr', 'rs', 'csrrw x0, fcsr, rs', 'Write the FP control and status register.'),
  p('frrm', 'rd', 'csrrs rd, frm, x0', 'Read the FP rounding mode.'),
  p('fsrm', 'rd, rs', 'csrrw rd, frm, rs', 'Swap the FP rounding mode.'),
  p('fsrm', 'rs', 'csrrw x0, frm, rs', 'Write the FP rounding mode.'),
  p('fsrmi', 'rd, imm', 'csrrwi rd, frm, imm', 'Swap the FP rounding mode with an immediate.'),
  p('fsrmi', 'imm', 'csrrwi x0, frm, imm', 'Write the FP rounding mode from an immediate.'),
  p('frflags', 'rd', 'csrrs rd, fflags, x0', 'Read the FP exception flags.'),
  p('fsflags', 'rd, rs', 'csrrw rd, fflags, rs', 'Swap the FP exception flags.'),
  p('fsflags', 'rs', 'csrrw x0, fflags, rs', 'Write the FP exception flags.'),
  p('fsflagsi', 'rd, imm', 'csrrwi rd, fflags, imm', 'Swap the FP exception flags with an immediate.'),
  p('fsflagsi', 'imm', 'csrrwi x0, fflags, imm', 'Write the FP exception flags from an immediate.'),
];
