/**
 * Shapes of a parsed ELF-64 file (System V gABI chapter 4). Every address, offset and size
 * is a JavaScript number in bytes: the parser rejects any field at or above 2^53, so the
 * numbers are exact. Virtual addresses are the link-time addresses in the file.
 */

/** One program header (gABI "Program Header"): a segment the loader maps. */
export interface ProgramHeader {
  /** p_type: PT_LOAD, PT_PHDR, PT_INTERP, PT_GNU_STACK, ... */
  type: number;
  /** p_flags: PF_R | PF_W | PF_X bits. */
  flags: number;
  /** p_offset: file offset in bytes of the segment's first byte. */
  offset: number;
  /** p_vaddr: virtual address of the first byte in memory. */
  vaddr: number;
  /** p_paddr: physical address (unused by Linux user programs). */
  paddr: number;
  /** p_filesz: bytes taken from the file. */
  filesz: number;
  /** p_memsz: bytes in memory; the part past filesz is zero-filled (.bss). */
  memsz: number;
  /** p_align: alignment in bytes; vaddr ≡ offset (mod align) for PT_LOAD. */
  align: number;
}

/** One section header (gABI "Sections"), with its name resolved from .shstrtab. */
export interface Section {
  /** Index in the section header table (what symbols' shndx refer to). */
  index: number;
  name: string;
  /** sh_type: SHT_PROGBITS, SHT_SYMTAB, SHT_NOBITS, ... */
  type: number;
  /** sh_flags: SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR ... bits. */
  flags: number;
  /** sh_addr: virtual address when loaded, 0 for non-allocated sections. */
  addr: number;
  /** sh_offset: file offset in bytes (meaningless for SHT_NOBITS). */
  offset: number;
  /** sh_size: size in bytes (in memory only for SHT_NOBITS). */
  size: number;
  link: number;
  info: number;
  addralign: number;
  /** sh_entsize: size of one entry for table sections, else 0. */
  entsize: number;
}

/**
 * One symbol table entry (gABI "Symbol Table"), name resolved from the linked string
 * table. Named ElfSymbol so it does not shadow the JavaScript global `Symbol`.
 */
export interface ElfSymbol {
  /** Index in its symbol table (index 0 is the reserved null symbol). */
  index: number;
  name: string;
  /** st_value: for defined symbols in executables, a virtual address. */
  value: number;
  /** st_size: size in bytes, 0 when unknown. */
  size: number;
  /** ELF64_ST_TYPE(st_info): STT_FUNC, STT_OBJECT, STT_NOTYPE, ... */
  type: number;
  /** ELF64_ST_BIND(st_info): STB_LOCAL, STB_GLOBAL, STB_WEAK. */
  bind: number;
  /** ELF64_ST_VISIBILITY(st_other): STV_DEFAULT, STV_HIDDEN, ... */
  visibility: number;
  /** st_shndx: defining section index, or SHN_UNDEF / SHN_ABS / SHN_COMMON. */
  shndx: number;
}

/** A parsed ELF-64 little-endian file. `bytes` is the input, not a copy. */
export interface Elf64 {
  /** e_type: ET_EXEC, ET_DYN, ET_REL, ... */
  type: number;
  /** e_machine: EM_RISCV for RISC-V (check with checkRiscvExecutable). */
  machine: number;
  /** e_entry: virtual address of the first instruction. */
  entry: number;
  /** e_phoff: file offset in bytes of the program header table. */
  phoff: number;
  /** e_shoff: file offset in bytes of the section header table (0 when absent). */
  shoff: number;
  /** e_flags: processor flags (EF_RISCV_RVC, EF_RISCV_FLOAT_ABI_*). */
  flags: number;
  /** e_ident[EI_OSABI]. */
  osabi: number;
  /** e_phentsize: bytes per program header entry. */
  phentsize: number;
  programHeaders: ProgramHeader[];
  sections: Section[];
  /** Entries of .symtab (SHT_SYMTAB), else of .dynsym (SHT_DYNSYM), else empty. */
  symbols: ElfSymbol[];
  /**
   * Problems that did not stop the parse: a damaged section header table, section name or
   * symbol table, which the parser dropped (empty `sections` or `symbols`). One sentence each.
   */
  warnings: string[];
  bytes: Uint8Array;
}

/** parseElf64's result: errors are values, never exceptions. */
export type ElfResult = { ok: true; elf: Elf64 } | { ok: false; error: string };

/** A yes/no validation with the reason on no. */
export type ElfCheck = { ok: true } | { ok: false; error: string };
