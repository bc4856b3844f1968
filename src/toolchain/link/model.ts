/**
 * The linker's working model: input objects and their sections, and the output sections they
 * are gathered into. Internal to src/toolchain/link.
 */
import type { RelocatableSymbol, Rela } from '../../elf/relocatable';
import type { MergedStrings } from './merge';
import type { OutputRule } from './script';

/** One input object after parsing. */
export interface InputObject {
  /** Position in the input list (0-based). */
  index: number;
  /** LinkInput.name. */
  name: string;
  /** e_flags (EF_RISCV_RVC, EF_RISCV_FLOAT_ABI_*). */
  flags: number;
  /** The object's symbol table, in table order (index 0 is the null symbol). */
  symbols: RelocatableSymbol[];
  /** Sections that carry code or data, by section index; undefined for tables and index 0. */
  sections: (InputSection | undefined)[];
  /** The object's .note.GNU-stack said "executable stack" (SHF_EXECINSTR), or undefined when absent. */
  execStack?: boolean;
}

/** One section of an input object that goes (or could go) into the output. */
export interface InputSection {
  object: InputObject;
  /** Section index in its object; -1 for the synthetic section of a COMMON symbol. */
  index: number;
  name: string;
  /** sh_type: SHT_PROGBITS, SHT_NOBITS, SHT_INIT_ARRAY, ... */
  type: number;
  /** sh_flags: SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR ... */
  flags: number;
  /** Size in bytes (in memory for SHT_NOBITS). */
  size: number;
  /** sh_addralign, at least 1; a power of two. */
  align: number;
  entsize: number;
  /** A private copy of the contents, patched in place by relocation; undefined for SHT_NOBITS. */
  data?: Uint8Array;
  /** The SHT_RELA entries that patch this section, in table order. */
  relocations: Rela[];
  /** True for the synthetic section holding one COMMON symbol (matched by ld's `COMMON`). */
  common?: boolean;
  /** Set when its strings were merged: where each original string went (merge.ts). */
  merged?: MergedStrings;
  /** The output section it went into; undefined when discarded. */
  output?: OutputSection;
  /**
   * Final virtual address for allocated sections; for non-allocated ones (.debug_*) the offset
   * in the output section, as ld gives them (their output sections start at address 0).
   */
  address: number;
}

/** One section of the executable, gathered from input sections. */
export interface OutputSection {
  name: string;
  /** The default-script rule that made it; undefined for an orphan (ld's name for a section no rule matches). */
  rule?: OutputRule;
  inputs: InputSection[];
  type: number;
  flags: number;
  /** Largest alignment of its inputs, in bytes. */
  align: number;
  /** sh_entsize: the inputs' common entry size, else 0. */
  entsize: number;
  /** Virtual address (0 for non-allocated sections). */
  address: number;
  /** Size in bytes (memory size for SHT_NOBITS). */
  size: number;
  /** Section header index in the executable; set by the writer. */
  index: number;
  /** File offset of its bytes; set by the segment planner. */
  fileOffset: number;
}
