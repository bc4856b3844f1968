/**
 * DWARF constants used by the .debug_info reader, named as DWARF 5 names them: unit types
 * (section 7.5.1, table 7.2), tags (7.5.3, table 7.3), attributes (7.5.4, table 7.5), forms
 * (7.5.6, table 7.6), range and location list entries (7.25, 7.29), and the few location
 * operations the reader itself inspects (7.7.1). Forms already named for the line reader
 * come from ../constants and are re-exported here so this folder has one place to import from.
 */
export {
  DW_FORM_addr, DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4, DW_FORM_data1,
  DW_FORM_data16, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_flag, DW_FORM_flag_present,
  DW_FORM_line_strp, DW_FORM_sdata, DW_FORM_sec_offset, DW_FORM_string, DW_FORM_strp,
  DW_FORM_strp_sup, DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2, DW_FORM_strx3, DW_FORM_strx4,
  DW_FORM_udata, DWARF64_ESCAPE, DWARF_RESERVED_LENGTH_MIN,
} from '../constants';

/** Forms not needed by the line reader (DWARF 5 table 7.6). */
export const DW_FORM_ref_addr = 0x10;
export const DW_FORM_ref1 = 0x11;
export const DW_FORM_ref2 = 0x12;
export const DW_FORM_ref4 = 0x13;
export const DW_FORM_ref8 = 0x14;
export const DW_FORM_ref_udata = 0x15;
export const DW_FORM_indirect = 0x16;
export const DW_FORM_exprloc = 0x18;
export const DW_FORM_addrx = 0x1b;
export const DW_FORM_ref_sup4 = 0x1c;
export const DW_FORM_ref_sig8 = 0x20;
export const DW_FORM_implicit_const = 0x21;
export const DW_FORM_loclistx = 0x22;
export const DW_FORM_rnglistx = 0x23;
export const DW_FORM_ref_sup8 = 0x24;
export const DW_FORM_addrx1 = 0x29;
export const DW_FORM_addrx2 = 0x2a;
export const DW_FORM_addrx3 = 0x2b;
export const DW_FORM_addrx4 = 0x2c;
/** GNU extensions (binutils dwarf2.def) for .gnu_debugaltlink; read and left unresolved. */
export const DW_FORM_GNU_ref_alt = 0x1f20;
export const DW_FORM_GNU_strp_alt = 0x1f21;

/** Unit types (DWARF 5 section 7.5.1, table 7.2). */
export const DW_UT_compile = 0x01;
export const DW_UT_type = 0x02;
export const DW_UT_partial = 0x03;
export const DW_UT_skeleton = 0x04;
export const DW_UT_split_compile = 0x05;
export const DW_UT_split_type = 0x06;

/** DW_CHILDREN_yes in an abbreviation (DWARF 5 table 7.4). */
export const DW_CHILDREN_yes = 0x01;

/** Tags (DWARF 5 table 7.3). */
export const DW_TAG_array_type = 0x01;
export const DW_TAG_class_type = 0x02;
export const DW_TAG_enumeration_type = 0x04;
export const DW_TAG_formal_parameter = 0x05;
export const DW_TAG_lexical_block = 0x0b;
export const DW_TAG_member = 0x0d;
export const DW_TAG_pointer_type = 0x0f;
export const DW_TAG_reference_type = 0x10;
export const DW_TAG_compile_unit = 0x11;
export const DW_TAG_structure_type = 0x13;
export const DW_TAG_subroutine_type = 0x15;
export const DW_TAG_typedef = 0x16;
export const DW_TAG_union_type = 0x17;
export const DW_TAG_unspecified_parameters = 0x18;
export const DW_TAG_inlined_subroutine = 0x1d;
export const DW_TAG_subrange_type = 0x21;
export const DW_TAG_base_type = 0x24;
export const DW_TAG_const_type = 0x26;
export const DW_TAG_enumerator = 0x28;
export const DW_TAG_subprogram = 0x2e;
export const DW_TAG_variable = 0x34;
export const DW_TAG_volatile_type = 0x35;
export const DW_TAG_restrict_type = 0x37;
export const DW_TAG_partial_unit = 0x3c;
export const DW_TAG_unspecified_type = 0x3b;
export const DW_TAG_rvalue_reference_type = 0x42;
export const DW_TAG_type_unit = 0x41;
export const DW_TAG_atomic_type = 0x47;
export const DW_TAG_skeleton_unit = 0x4a;

/** Attributes (DWARF 5 table 7.5). */
export const DW_AT_sibling = 0x01;
export const DW_AT_location = 0x02;
export const DW_AT_name = 0x03;
export const DW_AT_byte_size = 0x0b;
export const DW_AT_bit_offset = 0x0c; // DWARF 2..4 only
export const DW_AT_bit_size = 0x0d;
export const DW_AT_stmt_list = 0x10;
export const DW_AT_low_pc = 0x11;
export const DW_AT_high_pc = 0x12;
export const DW_AT_language = 0x13;
export const DW_AT_comp_dir = 0x1b;
export const DW_AT_const_value = 0x1c;
export const DW_AT_inline = 0x20;
export const DW_AT_upper_bound = 0x2f;
export const DW_AT_abstract_origin = 0x31;
export const DW_AT_count = 0x37;
export const DW_AT_data_member_location = 0x38;
export const DW_AT_decl_file = 0x3a;
export const DW_AT_decl_line = 0x3b;
export const DW_AT_declaration = 0x3c;
export const DW_AT_encoding = 0x3e;
export const DW_AT_external = 0x3f;
export const DW_AT_frame_base = 0x40;
export const DW_AT_specification = 0x47;
export const DW_AT_type = 0x49;
export const DW_AT_ranges = 0x55;
export const DW_AT_data_bit_offset = 0x6b;
export const DW_AT_entry_pc = 0x52;
export const DW_AT_call_column = 0x57;
export const DW_AT_call_file = 0x58;
export const DW_AT_call_line = 0x59;
export const DW_AT_str_offsets_base = 0x72;
export const DW_AT_addr_base = 0x73;
export const DW_AT_rnglists_base = 0x74;
export const DW_AT_loclists_base = 0x8c;
/** GNU extensions used by pre-DWARF-5 split units (binutils dwarf2.def). */
export const DW_AT_GNU_addr_base = 0x2133;
export const DW_AT_GNU_ranges_base = 0x2132;

/** Range list entries (DWARF 5 section 7.25, table 7.30). */
export const DW_RLE_end_of_list = 0x00;
export const DW_RLE_base_addressx = 0x01;
export const DW_RLE_startx_endx = 0x02;
export const DW_RLE_startx_length = 0x03;
export const DW_RLE_offset_pair = 0x04;
export const DW_RLE_base_address = 0x05;
export const DW_RLE_start_end = 0x06;
export const DW_RLE_start_length = 0x07;

/** Location list entries (DWARF 5 section 7.29, table 7.10). */
export const DW_LLE_end_of_list = 0x00;
export const DW_LLE_base_addressx = 0x01;
export const DW_LLE_startx_endx = 0x02;
export const DW_LLE_startx_length = 0x03;
export const DW_LLE_offset_pair = 0x04;
export const DW_LLE_default_location = 0x05;
export const DW_LLE_base_address = 0x06;
export const DW_LLE_start_end = 0x07;
export const DW_LLE_start_length = 0x08;
/** GNU view-pair extension entry that gcc may emit in DWARF 5 location lists (binutils dwarf2.def). */
export const DW_LLE_GNU_view_pair = 0x09;

/** Location operations the reader inspects to tell static storage (DWARF 5 section 7.7.1). */
export const DW_OP_addr = 0x03;
export const DW_OP_addrx = 0xa1;
export const DW_OP_GNU_addr_index = 0xfb;

/** Versions of the unit header this reader knows (DWARF 5 section 7.5.1). */
export const DWARF_VERSION_MIN = 2;
export const DWARF_VERSION_5 = 5;
export const DWARF_VERSION_2 = 2;
/** .debug_str_offsets / .debug_addr / lists header size for 32-bit DWARF 5 (sections 7.26-7.29). */
export const DWARF5_STR_OFFSETS_HEADER_32 = 8;

/** Call sites (DWARF 5 sections 3.4.1 and 3.4.2; tags table 7.3, attributes table 7.5). */
export const DW_TAG_call_site = 0x48;
export const DW_TAG_call_site_parameter = 0x49;
export const DW_AT_call_value = 0x7e;
export const DW_AT_call_return_pc = 0x7d;
/** The DWARF 4 GNU forms of the same (binutils dwarf2.def); DW_AT_low_pc holds the return pc. */
export const DW_TAG_GNU_call_site = 0x4109;
export const DW_TAG_GNU_call_site_parameter = 0x410a;
export const DW_AT_GNU_call_site_value = 0x2111;
