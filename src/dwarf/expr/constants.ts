/**
 * DWARF expression opcodes (DWARF 5 section 7.7.1, table 7.9) and the GNU extensions gcc
 * emits (named as binutils' include/dwarf2.def names them), plus the evaluator's limits.
 */

export const DW_OP_addr = 0x03;
export const DW_OP_deref = 0x06;
export const DW_OP_const1u = 0x08;
export const DW_OP_const1s = 0x09;
export const DW_OP_const2u = 0x0a;
export const DW_OP_const2s = 0x0b;
export const DW_OP_const4u = 0x0c;
export const DW_OP_const4s = 0x0d;
export const DW_OP_const8u = 0x0e;
export const DW_OP_const8s = 0x0f;
export const DW_OP_constu = 0x10;
export const DW_OP_consts = 0x11;
export const DW_OP_dup = 0x12;
export const DW_OP_drop = 0x13;
export const DW_OP_over = 0x14;
export const DW_OP_pick = 0x15;
export const DW_OP_swap = 0x16;
export const DW_OP_rot = 0x17;
export const DW_OP_xderef = 0x18;
export const DW_OP_abs = 0x19;
export const DW_OP_and = 0x1a;
export const DW_OP_div = 0x1b;
export const DW_OP_minus = 0x1c;
export const DW_OP_mod = 0x1d;
export const DW_OP_mul = 0x1e;
export const DW_OP_neg = 0x1f;
export const DW_OP_not = 0x20;
export const DW_OP_or = 0x21;
export const DW_OP_plus = 0x22;
export const DW_OP_plus_uconst = 0x23;
export const DW_OP_shl = 0x24;
export const DW_OP_shr = 0x25;
export const DW_OP_shra = 0x26;
export const DW_OP_xor = 0x27;
export const DW_OP_bra = 0x28;
export const DW_OP_eq = 0x29;
export const DW_OP_ge = 0x2a;
export const DW_OP_gt = 0x2b;
export const DW_OP_le = 0x2c;
export const DW_OP_lt = 0x2d;
export const DW_OP_ne = 0x2e;
export const DW_OP_skip = 0x2f;
/** DW_OP_litN pushes the literal N (0..31). */
export const DW_OP_lit0 = 0x30;
export const DW_OP_lit1 = 0x31;
export const DW_OP_lit2 = 0x32;
export const DW_OP_lit3 = 0x33;
export const DW_OP_lit4 = 0x34;
export const DW_OP_lit5 = 0x35;
export const DW_OP_lit6 = 0x36;
export const DW_OP_lit7 = 0x37;
export const DW_OP_lit8 = 0x38;
export const DW_OP_lit9 = 0x39;
export const DW_OP_lit10 = 0x3a;
export const DW_OP_lit11 = 0x3b;
export const DW_OP_lit12 = 0x3c;
export const DW_OP_lit13 = 0x3d;
export const DW_OP_lit14 = 0x3e;
export const DW_OP_lit15 = 0x3f;
export const DW_OP_lit16 = 0x40;
export const DW_OP_lit17 = 0x41;
export const DW_OP_lit18 = 0x42;
export const DW_OP_lit19 = 0x43;
export const DW_OP_lit20 = 0x44;
export const DW_OP_lit21 = 0x45;
export const DW_OP_lit22 = 0x46;
export const DW_OP_lit23 = 0x47;
export const DW_OP_lit24 = 0x48;
export const DW_OP_lit25 = 0x49;
export const DW_OP_lit26 = 0x4a;
export const DW_OP_lit27 = 0x4b;
export const DW_OP_lit28 = 0x4c;
export const DW_OP_lit29 = 0x4d;
export const DW_OP_lit30 = 0x4e;
export const DW_OP_lit31 = 0x4f;
/** DW_OP_regN: the object is in DWARF register N (0..31). */
export const DW_OP_reg0 = 0x50;
export const DW_OP_reg1 = 0x51;
export const DW_OP_reg2 = 0x52;
export const DW_OP_reg3 = 0x53;
export const DW_OP_reg4 = 0x54;
export const DW_OP_reg5 = 0x55;
export const DW_OP_reg6 = 0x56;
export const DW_OP_reg7 = 0x57;
export const DW_OP_reg8 = 0x58;
export const DW_OP_reg9 = 0x59;
export const DW_OP_reg10 = 0x5a;
export const DW_OP_reg11 = 0x5b;
export const DW_OP_reg12 = 0x5c;
export const DW_OP_reg13 = 0x5d;
export const DW_OP_reg14 = 0x5e;
export const DW_OP_reg15 = 0x5f;
export const DW_OP_reg16 = 0x60;
export const DW_OP_reg17 = 0x61;
export const DW_OP_reg18 = 0x62;
export const DW_OP_reg19 = 0x63;
export const DW_OP_reg20 = 0x64;
export const DW_OP_reg21 = 0x65;
export const DW_OP_reg22 = 0x66;
export const DW_OP_reg23 = 0x67;
export const DW_OP_reg24 = 0x68;
export const DW_OP_reg25 = 0x69;
export const DW_OP_reg26 = 0x6a;
export const DW_OP_reg27 = 0x6b;
export const DW_OP_reg28 = 0x6c;
export const DW_OP_reg29 = 0x6d;
export const DW_OP_reg30 = 0x6e;
export const DW_OP_reg31 = 0x6f;
/** DW_OP_bregN pushes DWARF register N (0..31) plus a signed LEB128 offset. */
export const DW_OP_breg0 = 0x70;
export const DW_OP_breg1 = 0x71;
export const DW_OP_breg2 = 0x72;
export const DW_OP_breg3 = 0x73;
export const DW_OP_breg4 = 0x74;
export const DW_OP_breg5 = 0x75;
export const DW_OP_breg6 = 0x76;
export const DW_OP_breg7 = 0x77;
export const DW_OP_breg8 = 0x78;
export const DW_OP_breg9 = 0x79;
export const DW_OP_breg10 = 0x7a;
export const DW_OP_breg11 = 0x7b;
export const DW_OP_breg12 = 0x7c;
export const DW_OP_breg13 = 0x7d;
export const DW_OP_breg14 = 0x7e;
export const DW_OP_breg15 = 0x7f;
export const DW_OP_breg16 = 0x80;
export const DW_OP_breg17 = 0x81;
export const DW_OP_breg18 = 0x82;
export const DW_OP_breg19 = 0x83;
export const DW_OP_breg20 = 0x84;
export const DW_OP_breg21 = 0x85;
export const DW_OP_breg22 = 0x86;
export const DW_OP_breg23 = 0x87;
export const DW_OP_breg24 = 0x88;
export const DW_OP_breg25 = 0x89;
export const DW_OP_breg26 = 0x8a;
export const DW_OP_breg27 = 0x8b;
export const DW_OP_breg28 = 0x8c;
export const DW_OP_breg29 = 0x8d;
export const DW_OP_breg30 = 0x8e;
export const DW_OP_breg31 = 0x8f;
export const DW_OP_regx = 0x90;
export const DW_OP_fbreg = 0x91;
export const DW_OP_bregx = 0x92;
export const DW_OP_piece = 0x93;
export const DW_OP_deref_size = 0x94;
export const DW_OP_xderef_size = 0x95;
export const DW_OP_nop = 0x96;
export const DW_OP_push_object_address = 0x97;
export const DW_OP_call2 = 0x98;
export const DW_OP_call4 = 0x99;
export const DW_OP_call_ref = 0x9a;
export const DW_OP_form_tls_address = 0x9b;
export const DW_OP_call_frame_cfa = 0x9c;
export const DW_OP_bit_piece = 0x9d;
export const DW_OP_implicit_value = 0x9e;
export const DW_OP_stack_value = 0x9f;
export const DW_OP_implicit_pointer = 0xa0;
export const DW_OP_addrx = 0xa1;
export const DW_OP_constx = 0xa2;
export const DW_OP_entry_value = 0xa3;
export const DW_OP_const_type = 0xa4;
export const DW_OP_regval_type = 0xa5;
export const DW_OP_deref_type = 0xa6;
export const DW_OP_xderef_type = 0xa7;
export const DW_OP_convert = 0xa8;
export const DW_OP_reinterpret = 0xa9;

/** GNU extensions (binutils include/dwarf2.def; pre-DWARF-5 spellings of the typed-stack ops). */
export const DW_OP_GNU_push_tls_address = 0xe0;
export const DW_OP_GNU_uninit = 0xf0;
export const DW_OP_GNU_implicit_pointer = 0xf2;
export const DW_OP_GNU_entry_value = 0xf3;
export const DW_OP_GNU_const_type = 0xf4;
export const DW_OP_GNU_regval_type = 0xf5;
export const DW_OP_GNU_deref_type = 0xf6;
export const DW_OP_GNU_convert = 0xf7;
export const DW_OP_GNU_reinterpret = 0xf9;
export const DW_OP_GNU_parameter_ref = 0xfa;
export const DW_OP_GNU_addr_index = 0xfb;
export const DW_OP_GNU_const_index = 0xfc;
export const DW_OP_GNU_variable_value = 0xfd;

/** Operand sizes that are fixed by the encoding (DWARF 5 section 7.7.1). */
export const CALL2_OPERAND_BYTES = 2;
export const CALL4_OPERAND_BYTES = 4;
export const BRANCH_OPERAND_BYTES = 2;
/** DW_OP_GNU_parameter_ref's operand is a 4-byte CU-relative DIE offset. */
export const PARAMETER_REF_OPERAND_BYTES = 4;
/** Offset size of 32-bit DWARF (DWARF 5 section 7.4), the format gcc emits. */
export const DWARF32_OFFSET_SIZE = 4;
/** RV64: addresses and generic-type values are 8 bytes (RISC-V psABI, LP64). */
export const RV64_ADDRESS_SIZE = 8;

/**
 * Operations one evaluation may execute before it fails with a "step limit" error. A real
 * location expression runs a few dozen; the bound makes `DW_OP_skip` back to itself (or any
 * other loop) end with an error value instead of hanging the debugger.
 */
export const MAX_EXPR_STEPS = 10_000;
/** Deepest stack an evaluation may build (DW_OP_dup in a loop would otherwise grow it). */
export const MAX_STACK_DEPTH = 1_000;
/** Nesting limit for DW_OP_entry_value sub-expressions formatted by formatExpression. */
export const MAX_FORMAT_NESTING = 8;
