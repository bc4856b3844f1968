/**
 * Call frame information constants, named as DWARF 5 section 7.24 ("Call Frame
 * Information", table 7.29), the LSB (Linux Standard Base Core, "Exception Frames",
 * DWARF Exception Header Encoding) and the RISC-V psABI (DWARF register numbers).
 */

/** Primary opcodes: the high two bits hold the opcode, the low six an operand (table 7.29). */
export const DW_CFA_advance_loc = 0x40;
export const DW_CFA_offset = 0x80;
export const DW_CFA_restore = 0xc0;
/** Mask of the high two bits of a primary opcode and of its low six-bit operand. */
export const DW_CFA_PRIMARY_MASK = 0xc0;
export const DW_CFA_OPERAND_MASK = 0x3f;

/** Extended opcodes (the high two bits are 0; table 7.29). */
export const DW_CFA_nop = 0x00;
export const DW_CFA_set_loc = 0x01;
export const DW_CFA_advance_loc1 = 0x02;
export const DW_CFA_advance_loc2 = 0x03;
export const DW_CFA_advance_loc4 = 0x04;
export const DW_CFA_offset_extended = 0x05;
export const DW_CFA_restore_extended = 0x06;
export const DW_CFA_undefined = 0x07;
export const DW_CFA_same_value = 0x08;
export const DW_CFA_register = 0x09;
export const DW_CFA_remember_state = 0x0a;
export const DW_CFA_restore_state = 0x0b;
export const DW_CFA_def_cfa = 0x0c;
export const DW_CFA_def_cfa_register = 0x0d;
export const DW_CFA_def_cfa_offset = 0x0e;
export const DW_CFA_def_cfa_expression = 0x0f;
export const DW_CFA_expression = 0x10;
export const DW_CFA_offset_extended_sf = 0x11;
export const DW_CFA_def_cfa_sf = 0x12;
export const DW_CFA_def_cfa_offset_sf = 0x13;
export const DW_CFA_val_offset = 0x14;
export const DW_CFA_val_offset_sf = 0x15;
export const DW_CFA_val_expression = 0x16;
/** GNU extensions (binutils include/dwarf2.def). */
export const DW_CFA_GNU_args_size = 0x2e;
export const DW_CFA_GNU_negative_offset_extended = 0x2f;

/** CIE_id of a CIE in .debug_frame, 32-bit and 64-bit DWARF (DWARF 5 section 6.4.1). */
export const DW_CIE_ID_32 = 0xffffffff;
/** The 64-bit id 0xffffffffffffffff read as two 32-bit halves. */
export const DW_CIE_ID_64_HALF = 0xffffffff;
/** CIE_id of a CIE in .eh_frame (LSB "The Common Information Entry Format"). */
export const EH_CIE_ID = 0;
/** initial_length escape that introduces 64-bit DWARF (DWARF 5 section 7.4). */
export const DWARF64_ESCAPE = 0xffffffff;
/** initial_length values 0xfffffff0..0xfffffffe are reserved (DWARF 5 section 7.2.2). */
export const DWARF32_RESERVED_MIN = 0xfffffff0;
/** Bytes of a 32-bit initial_length, and of the 64-bit length that follows the escape. */
export const LENGTH_BYTES_32 = 4;
export const LENGTH_BYTES_64 = 8;

/** CIE versions we read: 1 (.eh_frame, DWARF 2), 3 (DWARF 3) and 4 (DWARF 4/5). */
export const CIE_VERSION_1 = 1;
export const CIE_VERSION_3 = 3;
export const CIE_VERSION_4 = 4;

/** Pointer encodings: the low four bits give the format (LSB table "DWARF Exception Header value format"). */
export const DW_EH_PE_absptr = 0x00;
export const DW_EH_PE_uleb128 = 0x01;
export const DW_EH_PE_udata2 = 0x02;
export const DW_EH_PE_udata4 = 0x03;
export const DW_EH_PE_udata8 = 0x04;
export const DW_EH_PE_sleb128 = 0x09;
export const DW_EH_PE_sdata2 = 0x0a;
export const DW_EH_PE_sdata4 = 0x0b;
export const DW_EH_PE_sdata8 = 0x0c;
/** ... bits 4-6 give how the value is applied ("DWARF Exception Header application"). */
export const DW_EH_PE_pcrel = 0x10;
export const DW_EH_PE_textrel = 0x20;
export const DW_EH_PE_datarel = 0x30;
export const DW_EH_PE_funcrel = 0x40;
export const DW_EH_PE_aligned = 0x50;
/** ... bit 7 says the value is the address of the real pointer. */
export const DW_EH_PE_indirect = 0x80;
/** No value follows. */
export const DW_EH_PE_omit = 0xff;
export const DW_EH_PE_FORMAT_MASK = 0x0f;
export const DW_EH_PE_APPLICATION_MASK = 0x70;

/** Augmentation string characters (LSB "Augmentation String Format"). */
export const AUG_Z = 'z';
export const AUG_LSDA = 'L';
export const AUG_PERSONALITY = 'P';
export const AUG_FDE_ENCODING = 'R';
export const AUG_SIGNAL_FRAME = 'S';
/** Old gcc (before 3.0): an "eh" pointer-sized word follows the string. */
export const AUG_EH = 'eh';

/** .eh_frame_hdr version (LSB ".eh_frame_hdr"). */
export const EH_FRAME_HDR_VERSION = 1;

/** Address size of ELF64 targets, in bytes (RV64: XLEN = 64). */
export const ADDRESS_SIZE_64 = 8;

/** DWARF register numbers of the RISC-V psABI ("DWARF Register Numbers"). */
export const RISCV_DWARF_X0 = 0;
export const RISCV_DWARF_RA = 1;
export const RISCV_DWARF_SP = 2;
export const RISCV_DWARF_T0 = 5;
export const RISCV_DWARF_T2 = 7;
export const RISCV_DWARF_A0 = 10;
export const RISCV_DWARF_A7 = 17;
export const RISCV_DWARF_T3 = 28;
export const RISCV_DWARF_T6 = 31;
export const RISCV_DWARF_F0 = 32;
export const RISCV_DWARF_FT0 = 32;
export const RISCV_DWARF_FT7 = 39;
export const RISCV_DWARF_FA0 = 42;
export const RISCV_DWARF_FA7 = 49;
export const RISCV_DWARF_FT8 = 60;
export const RISCV_DWARF_FT11 = 63;
/** Integer and floating-point registers: x0..x31 then f0..f31. */
export const RISCV_DWARF_REGISTER_COUNT = 64;
