/**
 * Shapes of call frame information (DWARF 5 section 6.4): parsed CIEs and FDEs, and the
 * rows of the unwind table their instructions describe. Addresses and offsets are
 * JavaScript numbers in bytes (exact: readers reject values of 2^53 or more); addresses
 * are link-time virtual addresses.
 */

/** Which section an entry came from: the two differ in CIE ids, pointers and encodings. */
export type FrameSectionKind = 'eh_frame' | 'debug_frame';

/** Common Information Entry (DWARF 5 section 6.4.1; .eh_frame form in the LSB). */
export interface Cie {
  /** Offset of the entry (its length field) in its section. */
  offset: number;
  /** Format: 1 (.eh_frame and DWARF 2), 3 or 4. */
  version: number;
  augmentation: string;
  /** Bytes of a target address (8 on RV64; from the CIE in version 4). */
  addressSize: number;
  /** Bytes of a segment selector before each address (version 4, else 0). */
  segmentSelectorSize: number;
  /** Factor of every advance_loc delta, in bytes of code (1 with RVC, 2 or 4 otherwise). */
  codeAlignmentFactor: number;
  /** Factor of every factored offset, in bytes (-4 or -8 on RV64 from gcc). */
  dataAlignmentFactor: number;
  /** DWARF register number of the return address column (1 = ra on RISC-V). */
  returnAddressRegister: number;
  /** Pointer encoding of the FDEs' initial_location/address_range ('R'), DW_EH_PE_*. */
  fdeEncoding: number;
  /** Pointer encoding of each FDE's LSDA pointer ('L'), DW_EH_PE_omit when absent. */
  lsdaEncoding: number;
  /** Personality routine address ('P'); the address of a pointer to it when indirect. */
  personality?: { address: number; indirect: boolean };
  /** 'S': the FDEs describe signal frames (the pc is not a return address). */
  signalFrame: boolean;
  /** initial_instructions, a view of the section bytes. */
  instructions: Uint8Array;
  /** Section offset of instructions[0] (DW_CFA_set_loc pc-relative operands need it). */
  instructionsOffset: number;
}

/** Frame Description Entry (DWARF 5 section 6.4.1). */
export interface Fde {
  /** Offset of the entry (its length field) in its section. */
  offset: number;
  cie: Cie;
  /** initial_location: first pc covered, a virtual address. */
  pcBegin: number;
  /** First pc after the range: initial_location + address_range. */
  pcEnd: number;
  /** Language-specific data area address ('L'), when present. */
  lsda?: number;
  /** The FDE's instructions, a view of the section bytes. */
  instructions: Uint8Array;
  /** Section offset of instructions[0]. */
  instructionsOffset: number;
}

/**
 * How to find the CFA (DWARF 5 section 6.4.1): register + offset (bytes), or a DWARF
 * expression whose result is the CFA.
 */
export type CfaRule =
  | { kind: 'regOffset'; reg: number; offset: number }
  | { kind: 'expression'; expr: Uint8Array };

/**
 * How to recover one register of the caller (DWARF 5 section 6.4.1 "register rules").
 * A register absent from a row's `rules` map has no rule in the table; see unwindStep for
 * how that is read.
 * - undefined: the register has no recoverable value in the caller.
 * - sameValue: unchanged from this frame.
 * - offset: saved in memory at CFA + offset (bytes).
 * - valOffset: the value itself is CFA + offset.
 * - register: saved in another register (DWARF number `reg`).
 * - expression: saved in memory at the address the expression computes (CFA pushed first).
 * - valExpression: the value is what the expression computes (CFA pushed first).
 */
export type RegisterRule =
  | { kind: 'undefined' }
  | { kind: 'sameValue' }
  | { kind: 'offset'; offset: number }
  | { kind: 'valOffset'; offset: number }
  | { kind: 'register'; reg: number }
  | { kind: 'expression'; expr: Uint8Array }
  | { kind: 'valExpression'; expr: Uint8Array };

/** One row of the unwind table (DWARF 5 section 6.4.1, figure 6.13): pcs [startPc, endPc). */
export interface UnwindRow {
  startPc: number;
  endPc: number;
  cfa: CfaRule;
  /** Rules by DWARF register number; only registers that have a rule appear. */
  rules: ReadonlyMap<number, RegisterRule>;
  /** The return address column of the FDE's CIE. */
  returnAddressRegister: number;
  /** The CIE's augmentation has 'S': this frame was interrupted, not called. */
  signalFrame: boolean;
}

/** Virtual addresses that pc-relative/data-relative pointer encodings are relative to. */
export interface FrameBases {
  /** sh_addr of the section the pointers are read from (DW_EH_PE_pcrel). */
  section: number;
  /** sh_addr of .text (DW_EH_PE_textrel), when known. */
  text?: number;
  /** Data base (DW_EH_PE_datarel): .eh_frame_hdr's own address in that section, else .got. */
  data?: number;
}
