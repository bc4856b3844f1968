/**
 * The debugger's view of a program's DWARF: C types, variables and their locations, and the
 * function scopes that contain a pc (DWARF 5 chapters 3, 4 and 5). Plain data produced by the
 * `.debug_info` reader (src/dwarf/info) and consumed by the expression evaluator, the value
 * formatter and the debug adapter; no parsing happens here.
 *
 * Types are built lazily, one DIE at a time, and memoised by DIE offset, so a type object is
 * shared by every use and may form cycles through pointers and members
 * (`struct node { struct node *next; }`): consumers never follow pointers eagerly.
 */

/** DWARF base type encodings (DWARF 5 section 7.8, table 7.11: DW_ATE_*). */
export const DW_ATE_address = 0x01;
export const DW_ATE_boolean = 0x02;
export const DW_ATE_complex_float = 0x03;
export const DW_ATE_float = 0x04;
export const DW_ATE_signed = 0x05;
export const DW_ATE_signed_char = 0x06;
export const DW_ATE_unsigned = 0x07;
export const DW_ATE_unsigned_char = 0x08;
export const DW_ATE_UTF = 0x10;

/** A C type as DWARF describes it (DWARF 5 chapter 5). Sizes are in bytes. */
export type DwarfType =
  /** DW_TAG_base_type: `encoding` is a DW_ATE_* value. */
  | { kind: 'base'; name: string; byteSize: number; encoding: number }
  /** DW_TAG_void (or a pointer/typedef with no DW_AT_type). */
  | { kind: 'void' }
  /** DW_TAG_pointer_type (and C++ references, shown as pointers); `target` void for `void *`. */
  | { kind: 'pointer'; target: DwarfType; byteSize: number }
  /** DW_TAG_const_type / volatile_type / restrict_type / atomic_type. */
  | { kind: 'qualified'; qualifier: 'const' | 'volatile' | 'restrict' | '_Atomic'; target: DwarfType }
  /** DW_TAG_typedef. */
  | { kind: 'typedef'; name: string; target: DwarfType }
  /**
   * DW_TAG_array_type: `counts` has one entry per dimension, outermost first (`int a[2][3]`
   * gives [2, 3]); an entry is undefined for a flexible or unknown bound (`char s[]`).
   */
  | { kind: 'array'; element: DwarfType; counts: Array<number | undefined> }
  /** DW_TAG_structure_type / union_type / class_type; `declaration` when only declared here. */
  | { kind: 'struct' | 'union'; name?: string; byteSize: number; members: DwarfMember[]; declaration?: boolean }
  /** DW_TAG_enumeration_type; `underlying` when DW_AT_type names it. */
  | { kind: 'enum'; name?: string; byteSize: number; signed: boolean; enumerators: Array<{ name: string; value: bigint }>; underlying?: DwarfType }
  /** DW_TAG_subroutine_type (the pointee of a function pointer). */
  | { kind: 'function'; returnType: DwarfType; params: DwarfType[]; variadic: boolean }
  /** A type the reader could not build (bad reference, unknown tag); `reason` says why. */
  | { kind: 'unknown'; reason: string };

/** One member of a struct or union (DW_TAG_member). */
export interface DwarfMember {
  /** Undefined for an anonymous struct/union member. */
  name?: string;
  type: DwarfType;
  /** Byte offset of the member's storage from the start of the enclosing object. */
  offset: number;
  /** Bit fields only: width in bits and offset in bits from `offset * 8` (DWARF 5 DW_AT_data_bit_offset, little-endian). */
  bitSize?: number;
  bitOffset?: number;
}

/** One entry of a location list: `expr` applies while `start <= pc < end` (virtual addresses). */
export interface LocationListEntry {
  start: number;
  end: number;
  expr: Uint8Array;
}

/**
 * Where a variable lives (DWARF 5 section 2.6): a single location expression, a location list
 * chosen by pc, a constant (DW_AT_const_value: an integer or the object's bytes), or nowhere
 * (no DW_AT_location: optimised out).
 */
export type LocationDesc =
  | { kind: 'expr'; expr: Uint8Array }
  | { kind: 'list'; entries: LocationListEntry[] }
  | { kind: 'const'; value: bigint | Uint8Array }
  | { kind: 'none' };

/** A variable or formal parameter (DW_TAG_variable / DW_TAG_formal_parameter). */
export interface DwarfVariable {
  name: string;
  type: DwarfType;
  location: LocationDesc;
  isParameter: boolean;
  /** Declared in a function with static storage (`static int n;` inside a function) or at file scope. */
  isStatic?: boolean;
  /** External linkage (DW_AT_external): a global visible to other units. */
  isExternal?: boolean;
  declFile?: string;
  declLine?: number;
}

/**
 * One source-level frame at a pc: the concrete function (DW_TAG_subprogram) or one inlined
 * call of a function (DW_TAG_inlined_subroutine) within it.
 */
export interface ScopeFrame {
  kind: 'subprogram' | 'inlined';
  /** Function name (through DW_AT_abstract_origin / DW_AT_specification when needed). */
  name: string;
  /** Address ranges of this frame's code ([start, end) virtual addresses). */
  ranges: Array<{ start: number; end: number }>;
  /** Entry pc (DW_AT_entry_pc, else DW_AT_low_pc, else the first range's start). */
  entryPc: number;
  /** Inlined frames: where the call was made, in the enclosing frame's source (DW_AT_call_file/line/column). */
  callFile?: string;
  callLine?: number;
  callColumn?: number;
  /** DW_AT_frame_base of the subprogram (inlined frames share the enclosing subprogram's). */
  frameBase?: LocationDesc;
  /**
   * Parameters, then locals of every lexical block containing the pc, outermost block first;
   * an inner declaration of the same name comes later and shadows an outer one.
   */
  variables: DwarfVariable[];
}

/** A function by name, for function breakpoints (DW_TAG_subprogram with code). */
export interface DwarfFunction {
  name: string;
  /** Virtual address of the first instruction. */
  lowPc: number;
  /** One past the last instruction (exclusive). */
  highPc: number;
  /** False for a `static` function (no DW_AT_external). */
  external: boolean;
  declFile?: string;
  declLine?: number;
}
