/**
 * ELF-64 relocatable object reader (System V gABI chapter 4: "Sections", "Symbol Table",
 * "Relocation"; RISC-V psABI: "Relocations"). A pure function over a Uint8Array that never
 * throws: a malformed object gives `{ ok: false, error }`.
 *
 * parseElf64 reads the headers and sections; this file adds what a linker needs beyond them:
 * every symbol with its exact 64-bit value (absolute symbols may use all 64 bits, which the
 * executable-oriented symbol reader rejects), extended section indices (SHT_SYMTAB_SHNDX), and
 * the SHT_RELA tables with their signed 64-bit addends.
 *
 *   Elf64_Rela (24 bytes):
 *   +------------------+---------------------------+------------------+
 *   | r_offset (u64)   | r_info (u64)              | r_addend (i64)   |
 *   |                  | sym << 32 | type (low 32) |                  |
 *   +------------------+---------------------------+------------------+
 */
import {
  ELF64_SYM_SIZE,
  ET_REL,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_REL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  SHT_SYMTAB_SHNDX,
} from './constants';
import { parseElf64 } from './parse';
import { cString, fits, u16, u32 } from './reader';
import type { Elf64, Section } from './types';

/** Size in bytes of one Elf64_Rela entry (gABI "Relocation"). */
export const ELF64_RELA_SIZE = 24;
/** Size in bytes of one SHT_SYMTAB_SHNDX entry (a 32-bit section index). */
const SHNDX_ENTRY_SIZE = 4;
const ST_TYPE_MASK = 0xf;
const ST_BIND_SHIFT = 4;
const ST_VISIBILITY_MASK = 0x3;

/** One symbol of a relocatable object (gABI "Symbol Table"). */
export interface RelocatableSymbol {
  /** Index in the symbol table (relocations name symbols by it); 0 is the null symbol. */
  index: number;
  name: string;
  /**
   * st_value, all 64 bits: an offset in its section for defined symbols, the value itself for
   * SHN_ABS, the alignment in bytes for SHN_COMMON.
   */
  value: bigint;
  /** st_size in bytes (for SHN_COMMON: the size to allocate). */
  size: number;
  /** ELF64_ST_TYPE: STT_NOTYPE, STT_FUNC, STT_OBJECT, STT_SECTION, STT_FILE, ... */
  type: number;
  /** ELF64_ST_BIND: STB_LOCAL, STB_GLOBAL, STB_WEAK. */
  bind: number;
  /** ELF64_ST_VISIBILITY: STV_DEFAULT, STV_HIDDEN, ... */
  visibility: number;
  /** Defining section index with SHN_XINDEX resolved, or SHN_UNDEF / SHN_ABS / SHN_COMMON. */
  shndx: number;
}

/** One Elf64_Rela entry (see the picture in the file comment). */
export interface Rela {
  /** r_offset: byte offset in the section the table applies to. */
  offset: number;
  /** ELF64_R_TYPE(r_info): an R_RISCV_* number. */
  type: number;
  /** ELF64_R_SYM(r_info): index into the object's symbol table. */
  symbol: number;
  /** r_addend, signed 64-bit. */
  addend: bigint;
}

/** A parsed relocatable object: the ELF file, its symbols, its relocations. */
export interface RelocatableObject {
  /** Headers and sections as parseElf64 reads them (`elf.symbols` is not used: see `symbols`). */
  elf: Elf64;
  /** Every entry of the SHT_SYMTAB section, in table order (empty when there is none). */
  symbols: RelocatableSymbol[];
  /** SHT_RELA entries by the index of the section they patch (sh_info of the RELA section). */
  relocations: Map<number, Rela[]>;
}

/** parseRelocatable's result: errors are values, never exceptions. */
export type RelocatableResult = { ok: true; object: RelocatableObject } | { ok: false; error: string };

/**
 * Parses an ELF-64 little-endian relocatable object (e_type ET_REL). The machine is not
 * checked (a linker reports that in its own words). Errors: anything parseElf64 rejects, a
 * damaged section header table, a second SHT_SYMTAB, a symbol or relocation table outside the
 * file or with a bad entry size or link, names outside the string table, section indices past
 * the table, SHT_REL tables (RISC-V uses SHT_RELA only). Never throws.
 */
export function parseRelocatable(bytes: Uint8Array): RelocatableResult {
  const parsed = parseElf64(bytes);
  if (!parsed.ok) return parsed;
  const elf = parsed.elf;
  if (elf.type !== ET_REL) return { ok: false, error: `not a relocatable object (e_type is ${elf.type}, expected ET_REL ${ET_REL})` };
  const damaged = elf.warnings.find((w) => w.includes('sections ignored'));
  if (damaged !== undefined) return { ok: false, error: damaged.replace('; sections ignored', '') };
  const symtabs = elf.sections.filter((s) => s.type === SHT_SYMTAB);
  if (symtabs.length > 1) return { ok: false, error: 'more than one SHT_SYMTAB section' };
  const symtab = symtabs[0];
  const symbols = symtab ? readSymbols(bytes, elf.sections, symtab) : [];
  if (typeof symbols === 'string') return { ok: false, error: symbols };
  const relocations = new Map<number, Rela[]>();
  for (const s of elf.sections) {
    if (s.type === SHT_REL) return { ok: false, error: `${s.name}: SHT_REL relocations are not used on RISC-V (expected SHT_RELA)` };
    if (s.type !== SHT_RELA) continue;
    const table = readRelaTable(bytes, elf.sections, s, symtab);
    if (typeof table === 'string') return { ok: false, error: table };
    const list = relocations.get(s.info);
    if (list) list.push(...table);
    else relocations.set(s.info, table);
  }
  return { ok: true, object: { elf, symbols, relocations } };
}

/** The entries of `table`, or an error sentence. */
function readSymbols(bytes: Uint8Array, sections: Section[], table: Section): RelocatableSymbol[] | string {
  const entsize = table.entsize === 0 ? ELF64_SYM_SIZE : table.entsize;
  if (entsize < ELF64_SYM_SIZE) return `${table.name}: entry size ${entsize} is smaller than a symbol`;
  const strtab = sections[table.link];
  if (table.link === SHN_UNDEF || !strtab || strtab.type !== SHT_STRTAB) return `${table.name}: sh_link names no string table`;
  const shndxTable = sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === table.index);
  const count = Math.floor(table.size / entsize);
  if (shndxTable && shndxTable.size < count * SHNDX_ENTRY_SIZE) return `${shndxTable.name}: shorter than the symbol table`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const symbols: RelocatableSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = table.offset + i * entsize;
    const name = cString(bytes, strtab.offset, strtab.offset + strtab.size, strtab.offset + u32(bytes, at));
    if (name === undefined) return `${table.name}: symbol ${i} name lies outside the string table`;
    const size = view.getBigUint64(at + 16, true);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) return `${table.name}: symbol ${i} (${name}) has a size of 2^53 or more`;
    let shndx = u16(bytes, at + 6);
    if (shndx === SHN_XINDEX) {
      if (!shndxTable) return `${table.name}: symbol ${i} (${name}) uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX section`;
      shndx = u32(bytes, shndxTable.offset + i * SHNDX_ENTRY_SIZE);
    } else if (shndx < SHN_LORESERVE && shndx >= sections.length) {
      return `${table.name}: symbol ${i} (${name}) names section ${shndx}, past the last section`;
    }
    const info = bytes[at + 4]!;
    symbols.push({
      index: i,
      name,
      value: view.getBigUint64(at + 8, true),
      size: Number(size),
      type: info & ST_TYPE_MASK,
      bind: info >> ST_BIND_SHIFT,
      visibility: bytes[at + 5]! & ST_VISIBILITY_MASK,
      shndx,
    });
  }
  return symbols;
}

/** The entries of one SHT_RELA section, or an error sentence. */
function readRelaTable(bytes: Uint8Array, sections: Section[], rela: Section, symtab: Section | undefined): Rela[] | string {
  const entsize = rela.entsize === 0 ? ELF64_RELA_SIZE : rela.entsize;
  if (entsize < ELF64_RELA_SIZE) return `${rela.name}: entry size ${entsize} is smaller than Elf64_Rela`;
  if (!symtab || rela.link !== symtab.index) return `${rela.name}: sh_link names no symbol table`;
  if (rela.info === SHN_UNDEF || rela.info >= sections.length) return `${rela.name}: sh_info names no section to relocate`;
  if (!fits(bytes.length, rela.offset, rela.size)) return `${rela.name}: lies outside the file`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor(rela.size / entsize);
  const entries: Rela[] = [];
  for (let i = 0; i < count; i++) {
    const at = rela.offset + i * entsize;
    const offset = view.getBigUint64(at, true);
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return `${rela.name}: entry ${i} has an offset of 2^53 or more`;
    entries.push({
      offset: Number(offset),
      type: u32(bytes, at + 8),
      symbol: u32(bytes, at + 12),
      addend: view.getBigInt64(at + 16, true),
    });
  }
  return entries;
}

/** ELF64_ST_INFO(bind, type) (gABI "Symbol Table"): the st_info byte of a symbol to write. */
export function symbolInfo(bind: number, type: number): number {
  return ((bind << ST_BIND_SHIFT) | (type & ST_TYPE_MASK)) & 0xff;
}

/*
 * RISC-V relocation types (RISC-V ELF psABI, "Relocations", table "Relocation types").
 * Only the numbers are listed; what each computes is in the linker (src/toolchain/link).
 */
export const R_RISCV_NONE = 0;
export const R_RISCV_32 = 1;
export const R_RISCV_64 = 2;
export const R_RISCV_RELATIVE = 3;
export const R_RISCV_COPY = 4;
export const R_RISCV_JUMP_SLOT = 5;
export const R_RISCV_TLS_DTPMOD32 = 6;
export const R_RISCV_TLS_DTPMOD64 = 7;
export const R_RISCV_TLS_DTPREL32 = 8;
export const R_RISCV_TLS_DTPREL64 = 9;
export const R_RISCV_TLS_TPREL32 = 10;
export const R_RISCV_TLS_TPREL64 = 11;
export const R_RISCV_TLSDESC = 12;
export const R_RISCV_BRANCH = 16;
export const R_RISCV_JAL = 17;
export const R_RISCV_CALL = 18;
export const R_RISCV_CALL_PLT = 19;
export const R_RISCV_GOT_HI20 = 20;
export const R_RISCV_TLS_GOT_HI20 = 21;
export const R_RISCV_TLS_GD_HI20 = 22;
export const R_RISCV_PCREL_HI20 = 23;
export const R_RISCV_PCREL_LO12_I = 24;
export const R_RISCV_PCREL_LO12_S = 25;
export const R_RISCV_HI20 = 26;
export const R_RISCV_LO12_I = 27;
export const R_RISCV_LO12_S = 28;
export const R_RISCV_TPREL_HI20 = 29;
export const R_RISCV_TPREL_LO12_I = 30;
export const R_RISCV_TPREL_LO12_S = 31;
export const R_RISCV_TPREL_ADD = 32;
export const R_RISCV_ADD8 = 33;
export const R_RISCV_ADD16 = 34;
export const R_RISCV_ADD32 = 35;
export const R_RISCV_ADD64 = 36;
export const R_RISCV_SUB8 = 37;
export const R_RISCV_SUB16 = 38;
export const R_RISCV_SUB32 = 39;
export const R_RISCV_SUB64 = 40;
export const R_RISCV_GOT32_PCREL = 41;
export const R_RISCV_ALIGN = 43;
export const R_RISCV_RVC_BRANCH = 44;
export const R_RISCV_RVC_JUMP = 45;
export const R_RISCV_RELAX = 51;
export const R_RISCV_SUB6 = 52;
export const R_RISCV_SET6 = 53;
export const R_RISCV_SET8 = 54;
export const R_RISCV_SET16 = 55;
export const R_RISCV_SET32 = 56;
export const R_RISCV_32_PCREL = 57;
export const R_RISCV_IRELATIVE = 58;
export const R_RISCV_PLT32 = 59;
export const R_RISCV_SET_ULEB128 = 60;
export const R_RISCV_SUB_ULEB128 = 61;
export const R_RISCV_TLSDESC_HI20 = 62;
export const R_RISCV_TLSDESC_LOAD_LO12 = 63;
export const R_RISCV_TLSDESC_ADD_LO12 = 64;
export const R_RISCV_TLSDESC_CALL = 65;

/** psABI names by number, for messages ("R_RISCV_JAL"). */
const RISCV_RELOCATION_NAMES: ReadonlyMap<number, string> = new Map([
  [R_RISCV_NONE, 'NONE'], [R_RISCV_32, '32'], [R_RISCV_64, '64'], [R_RISCV_RELATIVE, 'RELATIVE'],
  [R_RISCV_COPY, 'COPY'], [R_RISCV_JUMP_SLOT, 'JUMP_SLOT'], [R_RISCV_TLS_DTPMOD32, 'TLS_DTPMOD32'],
  [R_RISCV_TLS_DTPMOD64, 'TLS_DTPMOD64'], [R_RISCV_TLS_DTPREL32, 'TLS_DTPREL32'],
  [R_RISCV_TLS_DTPREL64, 'TLS_DTPREL64'], [R_RISCV_TLS_TPREL32, 'TLS_TPREL32'],
  [R_RISCV_TLS_TPREL64, 'TLS_TPREL64'], [R_RISCV_TLSDESC, 'TLSDESC'], [R_RISCV_BRANCH, 'BRANCH'],
  [R_RISCV_JAL, 'JAL'], [R_RISCV_CALL, 'CALL'], [R_RISCV_CALL_PLT, 'CALL_PLT'], [R_RISCV_GOT_HI20, 'GOT_HI20'],
  [R_RISCV_TLS_GOT_HI20, 'TLS_GOT_HI20'], [R_RISCV_TLS_GD_HI20, 'TLS_GD_HI20'],
  [R_RISCV_PCREL_HI20, 'PCREL_HI20'], [R_RISCV_PCREL_LO12_I, 'PCREL_LO12_I'],
  [R_RISCV_PCREL_LO12_S, 'PCREL_LO12_S'], [R_RISCV_HI20, 'HI20'], [R_RISCV_LO12_I, 'LO12_I'],
  [R_RISCV_LO12_S, 'LO12_S'], [R_RISCV_TPREL_HI20, 'TPREL_HI20'], [R_RISCV_TPREL_LO12_I, 'TPREL_LO12_I'],
  [R_RISCV_TPREL_LO12_S, 'TPREL_LO12_S'], [R_RISCV_TPREL_ADD, 'TPREL_ADD'], [R_RISCV_ADD8, 'ADD8'],
  [R_RISCV_ADD16, 'ADD16'], [R_RISCV_ADD32, 'ADD32'], [R_RISCV_ADD64, 'ADD64'], [R_RISCV_SUB8, 'SUB8'],
  [R_RISCV_SUB16, 'SUB16'], [R_RISCV_SUB32, 'SUB32'], [R_RISCV_SUB64, 'SUB64'],
  [R_RISCV_GOT32_PCREL, 'GOT32_PCREL'], [R_RISCV_ALIGN, 'ALIGN'], [R_RISCV_RVC_BRANCH, 'RVC_BRANCH'],
  [R_RISCV_RVC_JUMP, 'RVC_JUMP'], [R_RISCV_RELAX, 'RELAX'], [R_RISCV_SUB6, 'SUB6'], [R_RISCV_SET6, 'SET6'],
  [R_RISCV_SET8, 'SET8'], [R_RISCV_SET16, 'SET16'], [R_RISCV_SET32, 'SET32'], [R_RISCV_32_PCREL, '32_PCREL'],
  [R_RISCV_IRELATIVE, 'IRELATIVE'], [R_RISCV_PLT32, 'PLT32'], [R_RISCV_SET_ULEB128, 'SET_ULEB128'],
  [R_RISCV_SUB_ULEB128, 'SUB_ULEB128'], [R_RISCV_TLSDESC_HI20, 'TLSDESC_HI20'],
  [R_RISCV_TLSDESC_LOAD_LO12, 'TLSDESC_LOAD_LO12'], [R_RISCV_TLSDESC_ADD_LO12, 'TLSDESC_ADD_LO12'],
  [R_RISCV_TLSDESC_CALL, 'TLSDESC_CALL'],
]);

/** "R_RISCV_JAL" for 17; "R_RISCV_<n>" (the number) for a type the psABI does not name. */
export function riscvRelocationName(type: number): string {
  return `R_RISCV_${RISCV_RELOCATION_NAMES.get(type) ?? String(type)}`;
}
