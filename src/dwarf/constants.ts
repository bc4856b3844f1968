/**
 * DWARF constants used by the line-number program reader, named as DWARF 5
 * (section 7.22 "Line Number Information" and section 7.5.6 "Form Encodings").
 */

/** Standard opcodes (DWARF 5 section 6.2.5.2, table 7.25). */
export const DW_LNS_copy = 0x01;
export const DW_LNS_advance_pc = 0x02;
export const DW_LNS_advance_line = 0x03;
export const DW_LNS_set_file = 0x04;
export const DW_LNS_set_column = 0x05;
export const DW_LNS_negate_stmt = 0x06;
export const DW_LNS_set_basic_block = 0x07;
export const DW_LNS_const_add_pc = 0x08;
export const DW_LNS_fixed_advance_pc = 0x09;
export const DW_LNS_set_prologue_end = 0x0a;
export const DW_LNS_set_epilogue_begin = 0x0b;
export const DW_LNS_set_isa = 0x0c;

/** Extended opcodes, introduced by a 0 byte (DWARF 5 section 6.2.5.3, table 7.26). */
export const DW_LNE_end_sequence = 0x01;
export const DW_LNE_set_address = 0x02;
/** DWARF 2..4 only (removed in DWARF 5). */
export const DW_LNE_define_file = 0x03;
export const DW_LNE_set_discriminator = 0x04;

/** Line number header entry content types (DWARF 5 section 6.2.4.1, table 7.27). */
export const DW_LNCT_path = 0x1;
export const DW_LNCT_directory_index = 0x2;
export const DW_LNCT_timestamp = 0x3;
export const DW_LNCT_size = 0x4;
export const DW_LNCT_MD5 = 0x5;

/** Attribute forms (DWARF 5 section 7.5.6, table 7.6). */
export const DW_FORM_addr = 0x01;
export const DW_FORM_block2 = 0x03;
export const DW_FORM_block4 = 0x04;
export const DW_FORM_data2 = 0x05;
export const DW_FORM_data4 = 0x06;
export const DW_FORM_data8 = 0x07;
export const DW_FORM_string = 0x08;
export const DW_FORM_block = 0x09;
export const DW_FORM_block1 = 0x0a;
export const DW_FORM_data1 = 0x0b;
export const DW_FORM_flag = 0x0c;
export const DW_FORM_sdata = 0x0d;
export const DW_FORM_strp = 0x0e;
export const DW_FORM_udata = 0x0f;
export const DW_FORM_sec_offset = 0x17;
export const DW_FORM_flag_present = 0x19;
export const DW_FORM_strx = 0x1a;
export const DW_FORM_strp_sup = 0x1d;
export const DW_FORM_data16 = 0x1e;
export const DW_FORM_line_strp = 0x1f;
export const DW_FORM_strx1 = 0x25;
export const DW_FORM_strx2 = 0x26;
export const DW_FORM_strx3 = 0x27;
export const DW_FORM_strx4 = 0x28;

/** unit_length escapes (DWARF 5 section 7.4): 0xffffffff means 64-bit DWARF follows. */
export const DWARF64_ESCAPE = 0xffffffff;
/** unit_length values 0xfffffff0..0xfffffffe are reserved. */
export const DWARF_RESERVED_LENGTH_MIN = 0xfffffff0;

/** Highest special opcode: const_add_pc advances like special opcode 255. */
export const MAX_SPECIAL_OPCODE = 255;
