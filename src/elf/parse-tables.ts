/**
 * Section names (.shstrtab) and the symbol table (gABI "String Table", "Symbol Table").
 * Helpers of parseElf64: they return an ElfError value instead of throwing.
 */
import {
  ELF64_SYM_SIZE,
  SHN_UNDEF,
  SHT_DYNSYM,
  SHT_NOBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './constants';
import { cString, u16, u32, u64 } from './reader';
import type { ElfError, RawSection } from './parse';
import type { ElfSymbol, Section } from './types';

const ST_TYPE_MASK = 0xf;
const ST_BIND_SHIFT = 4;
const ST_VISIBILITY_MASK = 0x3;

/** Resolves every section's name in section `shstrndx` (SHN_UNDEF: all names empty). */
export function parseSectionNames(
  bytes: Uint8Array,
  raw: RawSection[],
  shstrndx: number,
): Section[] | ElfError {
  const table = shstrndx === SHN_UNDEF ? undefined : raw[shstrndx];
  if (table && table.type === SHT_NOBITS) return { error: 'section name table has no file bytes' };
  const sections: Section[] = [];
  for (const { nameOffset, ...rest } of raw) {
    let name = '';
    if (table) {
      const found = cString(bytes, table.offset, table.offset + table.size, table.offset + nameOffset);
      if (found === undefined) return { error: `section ${rest.index} name lies outside the string table` };
      name = found;
    }
    sections.push({ name, ...rest });
  }
  return sections;
}

/**
 * Reads the symbols of the SHT_SYMTAB section, or of SHT_DYNSYM when there is none
 * (a stripped file), with names from the string table named by sh_link.
 * Returns [] when the file has neither.
 */
export function parseSymbols(bytes: Uint8Array, sections: Section[]): ElfSymbol[] | ElfError {
  const table =
    sections.find((s) => s.type === SHT_SYMTAB) ?? sections.find((s) => s.type === SHT_DYNSYM);
  if (!table) return [];
  const entsize = table.entsize === 0 ? ELF64_SYM_SIZE : table.entsize;
  if (entsize < ELF64_SYM_SIZE) return { error: `${table.name}: entry size is smaller than a symbol` };
  const strtab = sections[table.link];
  if (!strtab || strtab.type !== SHT_STRTAB || table.link === 0) {
    return { error: `${table.name}: sh_link names no string table` };
  }
  const count = Math.floor(table.size / entsize);
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = table.offset + i * entsize;
    const value = u64(bytes, at + 8);
    const size = u64(bytes, at + 16);
    if (value === undefined || size === undefined) {
      return { error: `${table.name}: symbol ${i} has a value or size of 2^53 or more` };
    }
    const nameOffset = u32(bytes, at);
    const name = cString(bytes, strtab.offset, strtab.offset + strtab.size, strtab.offset + nameOffset);
    if (name === undefined) return { error: `${table.name}: symbol ${i} name lies outside the string table` };
    const info = bytes[at + 4]!;
    symbols.push({
      index: i,
      name,
      value,
      size,
      type: info & ST_TYPE_MASK,
      bind: info >> ST_BIND_SHIFT,
      visibility: bytes[at + 5]! & ST_VISIBILITY_MASK,
      shndx: u16(bytes, at + 6),
    });
  }
  return symbols;
}
