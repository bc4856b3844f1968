/**
 * The fixed-size records of an ELF64 little-endian file, written field by field at their gABI
 * offsets (System V gABI chapter 4: "ELF Header", "Program Header", "Sections", "Symbol Table"):
 * one writer for the assembler's relocatable objects and the linker's executables. Each writes
 * into `out` at byte offset `at`, which must leave room for the record (the callers size `out`).
 */
import {
  E_EHSIZE, E_ENTRY, E_FLAGS, E_MACHINE, E_PHENTSIZE, E_PHNUM, E_PHOFF, E_SHENTSIZE, E_SHNUM, E_SHOFF,
  E_SHSTRNDX, E_TYPE, E_VERSION, EI_CLASS, EI_DATA, EI_VERSION, ELF64_EHDR_SIZE, ELF64_PHDR_SIZE,
  ELF64_SHDR_SIZE, ELFCLASS64, ELFDATA2LSB, ELFMAG, EM_RISCV, EV_CURRENT, P_ALIGN, P_FILESZ, P_FLAGS,
  P_MEMSZ, P_OFFSET, P_PADDR, P_TYPE, P_VADDR, SH_ADDR, SH_ADDRALIGN, SH_ENTSIZE, SH_FLAGS, SH_INFO,
  SH_LINK, SH_NAME, SH_OFFSET, SH_SIZE, SH_TYPE, ST_INFO, ST_NAME, ST_OTHER, ST_SHNDX, ST_SIZE, ST_VALUE,
} from '../elf/constants';
import { symbolInfo } from '../elf/relocatable';

/** The Elf64_Ehdr fields that differ between files (e_ident, e_machine RISC-V and the sizes are fixed). */
export interface ElfHeaderFields {
  /** e_type: ET_REL or ET_EXEC. */
  type: number;
  entry: number;
  /** e_flags (EF_RISCV_*). */
  flags: number;
  /** Program headers: count, and where they start (0 when there are none). */
  phnum: number;
  phoff: number;
  /** Section headers: count, where the table starts, and the index of .shstrtab. */
  shnum: number;
  shoff: number;
  shstrndx: number;
}

/** Elf64_Shdr, every field a number of bytes or an index. */
export interface SectionHeaderFields {
  name: number; type: number; flags: number; addr: number; offset: number; size: number;
  link: number; info: number; align: number; entsize: number;
}

/** Elf64_Phdr (p_paddr is written equal to p_vaddr, as GNU ld does). */
export interface ProgramHeaderFields {
  type: number; flags: number; offset: number; vaddr: number; filesz: number; memsz: number; align: number;
}

/** Elf64_Sym: `name` an offset into .strtab, `bind`/`type` packed into st_info, `other` the visibility. */
export interface SymbolFields {
  name: number; bind: number; type: number; other: number; shndx: number; value: bigint; size: bigint;
}

/** Elf64_Rela: r_offset, the symbol index and relocation type packed into r_info, r_addend. */
export interface RelaFields {
  offset: number; symbol: number; type: number; addend: bigint;
}

/** Byte offsets of Elf64_Rela fields (gABI "Relocation"), and r_info's symbol shift (ELF64_R_INFO). */
const R_OFFSET = 0;
const R_INFO = 8;
const R_ADDEND = 16;
const R_SYM_SHIFT = 32n;

function view(out: Uint8Array): DataView {
  return new DataView(out.buffer, out.byteOffset, out.byteLength);
}

/** Writes the ELF header at offset 0 of `out`. */
export function writeElfHeader(out: Uint8Array, h: ElfHeaderFields): void {
  const v = view(out);
  out.set(ELFMAG, 0);
  out[EI_CLASS] = ELFCLASS64;
  out[EI_DATA] = ELFDATA2LSB;
  out[EI_VERSION] = EV_CURRENT;
  v.setUint16(E_TYPE, h.type, true);
  v.setUint16(E_MACHINE, EM_RISCV, true);
  v.setUint32(E_VERSION, EV_CURRENT, true);
  v.setBigUint64(E_ENTRY, BigInt(h.entry), true);
  v.setBigUint64(E_PHOFF, BigInt(h.phoff), true);
  v.setBigUint64(E_SHOFF, BigInt(h.shoff), true);
  v.setUint32(E_FLAGS, h.flags >>> 0, true);
  v.setUint16(E_EHSIZE, ELF64_EHDR_SIZE, true);
  v.setUint16(E_PHENTSIZE, h.phnum > 0 ? ELF64_PHDR_SIZE : 0, true);
  v.setUint16(E_PHNUM, h.phnum, true);
  v.setUint16(E_SHENTSIZE, ELF64_SHDR_SIZE, true);
  v.setUint16(E_SHNUM, h.shnum, true);
  v.setUint16(E_SHSTRNDX, h.shstrndx, true);
}

/** Writes one section header at `at`. */
export function writeSectionHeader(out: Uint8Array, at: number, h: SectionHeaderFields): void {
  const v = view(out);
  v.setUint32(at + SH_NAME, h.name, true);
  v.setUint32(at + SH_TYPE, h.type >>> 0, true);
  v.setBigUint64(at + SH_FLAGS, BigInt(h.flags), true);
  v.setBigUint64(at + SH_ADDR, BigInt(h.addr), true);
  v.setBigUint64(at + SH_OFFSET, BigInt(h.offset), true);
  v.setBigUint64(at + SH_SIZE, BigInt(h.size), true);
  v.setUint32(at + SH_LINK, h.link, true);
  v.setUint32(at + SH_INFO, h.info, true);
  v.setBigUint64(at + SH_ADDRALIGN, BigInt(h.align), true);
  v.setBigUint64(at + SH_ENTSIZE, BigInt(h.entsize), true);
}

/** Writes one program header at `at`. */
export function writeProgramHeader(out: Uint8Array, at: number, p: ProgramHeaderFields): void {
  const v = view(out);
  v.setUint32(at + P_TYPE, p.type >>> 0, true);
  v.setUint32(at + P_FLAGS, p.flags, true);
  v.setBigUint64(at + P_OFFSET, BigInt(p.offset), true);
  v.setBigUint64(at + P_VADDR, BigInt(p.vaddr), true);
  v.setBigUint64(at + P_PADDR, BigInt(p.vaddr), true);
  v.setBigUint64(at + P_FILESZ, BigInt(p.filesz), true);
  v.setBigUint64(at + P_MEMSZ, BigInt(p.memsz), true);
  v.setBigUint64(at + P_ALIGN, BigInt(p.align), true);
}

/** Writes one relocation entry with addend at `at`. */
export function writeRela(out: Uint8Array, at: number, r: RelaFields): void {
  const v = view(out);
  v.setBigUint64(at + R_OFFSET, BigInt(r.offset), true);
  v.setBigUint64(at + R_INFO, (BigInt(r.symbol) << R_SYM_SHIFT) | BigInt(r.type >>> 0), true);
  v.setBigInt64(at + R_ADDEND, BigInt.asIntN(64, r.addend), true);
}

/** Writes one symbol table entry at `at`. */
export function writeSymbol(out: Uint8Array, at: number, s: SymbolFields): void {
  const v = view(out);
  v.setUint32(at + ST_NAME, s.name, true);
  out[at + ST_INFO] = symbolInfo(s.bind, s.type);
  out[at + ST_OTHER] = s.other;
  v.setUint16(at + ST_SHNDX, s.shndx, true);
  v.setBigUint64(at + ST_VALUE, BigInt.asUintN(64, s.value), true);
  v.setBigUint64(at + ST_SIZE, BigInt.asUintN(64, s.size), true);
}
