/**
 * ELF-64 constants, named as the System V gABI (chapter 4, "Object Files") and the
 * RISC-V ELF psABI name them. Only the values Glasskernel reads are listed.
 */

/** e_ident indices and values (gABI "ELF Identification"). */
export const EI_MAG0 = 0;
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_NIDENT = 16;
/** The four magic bytes: 0x7f 'E' 'L' 'F'. */
export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

/** e_type: object file type. */
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

/** e_machine: RISC-V (psABI). */
export const EM_RISCV = 243;

/** e_flags bits defined by the RISC-V psABI ("File Header"). */
export const EF_RISCV_RVC = 0x0001;
export const EF_RISCV_FLOAT_ABI = 0x0006;
export const EF_RISCV_FLOAT_ABI_SOFT = 0x0000;
export const EF_RISCV_FLOAT_ABI_SINGLE = 0x0002;
export const EF_RISCV_FLOAT_ABI_DOUBLE = 0x0004;
export const EF_RISCV_FLOAT_ABI_QUAD = 0x0006;
export const EF_RISCV_RVE = 0x0008;
export const EF_RISCV_TSO = 0x0010;

/** Sizes in bytes of the ELF-64 structures (gABI). */
export const ELF64_EHDR_SIZE = 64;
export const ELF64_PHDR_SIZE = 56;
export const ELF64_SHDR_SIZE = 64;
export const ELF64_SYM_SIZE = 24;

/** Byte offsets of Elf64_Ehdr fields (gABI "ELF Header"), after the 16 e_ident bytes. */
export const E_TYPE = 16;
export const E_MACHINE = 18;
export const E_VERSION = 20;
export const E_ENTRY = 24;
export const E_PHOFF = 32;
export const E_SHOFF = 40;
export const E_FLAGS = 48;
export const E_EHSIZE = 52;
export const E_PHENTSIZE = 54;
export const E_PHNUM = 56;
export const E_SHENTSIZE = 58;
export const E_SHNUM = 60;
export const E_SHSTRNDX = 62;
/** Byte offsets of Elf64_Phdr fields (gABI "Program Header"). */
export const P_TYPE = 0;
export const P_FLAGS = 4;
export const P_OFFSET = 8;
export const P_VADDR = 16;
export const P_PADDR = 24;
export const P_FILESZ = 32;
export const P_MEMSZ = 40;
export const P_ALIGN = 48;
/** Byte offsets of Elf64_Shdr fields (gABI "Sections"). */
export const SH_NAME = 0;
export const SH_TYPE = 4;
export const SH_FLAGS = 8;
export const SH_ADDR = 16;
export const SH_OFFSET = 24;
export const SH_SIZE = 32;
export const SH_LINK = 40;
export const SH_INFO = 44;
export const SH_ADDRALIGN = 48;
export const SH_ENTSIZE = 56;
/** Byte offsets of Elf64_Sym fields (gABI "Symbol Table"). */
export const ST_NAME = 0;
export const ST_INFO = 4;
export const ST_OTHER = 5;
export const ST_SHNDX = 6;
export const ST_VALUE = 8;
export const ST_SIZE = 16;

/** Extended numbering escapes (gABI "Sections"): counts/indices stored in section 0. */
export const PN_XNUM = 0xffff;
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

/** p_type: segment types. */
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;
export const PT_RISCV_ATTRIBUTES = 0x70000003;

/** p_flags: segment permissions. */
export const PF_X = 0x1;
export const PF_W = 0x2;
export const PF_R = 0x4;

/** sh_type: section types. */
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;

/** sh_flags bits. */
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_TLS = 0x400;
export const SHF_COMPRESSED = 0x800;

/** Symbol type: low nibble of st_info (ELF64_ST_TYPE). */
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;

/** Symbol binding: high nibble of st_info (ELF64_ST_BIND). */
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;

/** Symbol visibility: low two bits of st_other (ELF64_ST_VISIBILITY). */
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;
