/**
 * ELF-64 little-endian parser (System V gABI chapter 4; field layouts from "ELF Header",
 * "Program Header", "Sections", "Symbol Table"). Pure function over a Uint8Array: it never
 * throws on malformed input; every problem becomes `{ ok: false, error }`.
 */
import {
  EI_CLASS,
  EI_DATA,
  EI_OSABI,
  EI_VERSION,
  ELF64_EHDR_SIZE,
  ELF64_PHDR_SIZE,
  ELF64_SHDR_SIZE,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFMAG,
  EV_CURRENT,
  PN_XNUM,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NULL,
} from './constants';
import { fits, u16, u32, u64 } from './reader';
import { parseSectionNames, parseSymbols } from './parse-tables';
import { validateSegments } from './segments';
import type { Elf64, ElfResult, ProgramHeader, Section } from './types';

/** An error while parsing: the message ends up in ElfResult.error. */
export interface ElfError {
  error: string;
}

/** Type guard telling a parse helper's ElfError apart from its value. */
export function isElfError(x: unknown): x is ElfError {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/** Header fields needed to find the tables, before extended numbering is resolved. */
type RawHeader = Pick<Elf64, 'type' | 'machine' | 'entry' | 'phoff' | 'shoff' | 'flags' | 'osabi' | 'phentsize'> & {
  /** e_phnum, e_shentsize, e_shnum, e_shstrndx as stored (before PN_XNUM/SHN_XINDEX escapes). */
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
  /** e_shoff was 2^53 or more: shoff is then 0. */
  shoffTooLarge: boolean;
};

/**
 * Parses an ELF-64 little-endian file. Checks the magic, EI_CLASS == ELFCLASS64,
 * EI_DATA == ELFDATA2LSB and EI_VERSION, that the program header table and every segment's
 * file bytes lie inside the file, that PT_LOAD segments are well-formed and do not overlap
 * in memory, and that all 64-bit fields are below 2^53: a failure there is an error.
 * The machine is not checked here: see checkRiscvExecutable. Handles extended numbering
 * (e_phnum == PN_XNUM, e_shnum == 0, e_shstrndx == SHN_XINDEX). Never throws.
 *
 * Sections are not needed to run a program (gABI "Program Loading" reads only the program
 * headers, as Linux's binfmt_elf does), so a damaged section header table, section, name or
 * symbol table is not an error: the sections (or only the symbols) are dropped and the
 * reason is added to `elf.warnings`.
 */
export function parseElf64(bytes: Uint8Array): ElfResult {
  const header = parseHeader(bytes);
  if (isElfError(header)) return { ok: false, error: header.error };
  const warnings: string[] = [];
  if (header.shoffTooLarge) warnings.push('e_shoff is 2^53 or more; sections ignored');
  const extended = resolveExtendedNumbering(bytes, header);
  if (extended && header.phnum === PN_XNUM) return { ok: false, error: extended.error };
  if (extended) warnings.push(`${extended.error}; sections ignored`);
  const programHeaders = parseProgramHeaders(bytes, header);
  if (isElfError(programHeaders)) return { ok: false, error: programHeaders.error };
  const segmentError = validateSegments(programHeaders, bytes.length);
  if (segmentError) return { ok: false, error: segmentError };
  const tables = extended ? { sections: [], symbols: [] } : parseSectionTables(bytes, header, warnings);
  const elf: Elf64 = {
    type: header.type,
    machine: header.machine,
    entry: header.entry,
    phoff: header.phoff,
    shoff: header.shoff,
    flags: header.flags,
    osabi: header.osabi,
    phentsize: header.phentsize,
    programHeaders,
    sections: tables.sections,
    symbols: tables.symbols,
    warnings,
    bytes,
  };
  return { ok: true, elf };
}

/**
 * The sections and symbols, or as much of them as is sound: a bad section header table or
 * section name drops every section, a bad symbol table drops the symbols. Each drop adds
 * a sentence to `warnings`.
 */
function parseSectionTables(bytes: Uint8Array, header: RawHeader, warnings: string[]): Pick<Elf64, 'sections' | 'symbols'> {
  const rawSections = parseSectionHeaders(bytes, header);
  if (isElfError(rawSections)) {
    warnings.push(`${rawSections.error}; sections ignored`);
    return { sections: [], symbols: [] };
  }
  const sections = parseSectionNames(bytes, rawSections, header.shstrndx);
  if (isElfError(sections)) {
    warnings.push(`${sections.error}; sections ignored`);
    return { sections: [], symbols: [] };
  }
  const symbols = parseSymbols(bytes, sections);
  if (isElfError(symbols)) {
    warnings.push(`${symbols.error}; symbols ignored`);
    return { sections, symbols: [] };
  }
  return { sections, symbols };
}

function parseHeader(bytes: Uint8Array): RawHeader | ElfError {
  if (bytes.length < ELFMAG.length || ELFMAG.some((b, i) => bytes[i] !== b)) {
    return { error: 'not an ELF file (bad magic)' };
  }
  if (bytes.length < ELF64_EHDR_SIZE) return { error: 'truncated ELF header' };
  if (bytes[EI_CLASS] !== ELFCLASS64) return { error: 'not a 64-bit ELF file (EI_CLASS)' };
  if (bytes[EI_DATA] !== ELFDATA2LSB) return { error: 'not a little-endian ELF file (EI_DATA)' };
  if (bytes[EI_VERSION] !== EV_CURRENT) return { error: 'unsupported ELF version (EI_VERSION)' };
  const entry = u64(bytes, 24);
  const phoff = u64(bytes, 32);
  const shoff = u64(bytes, 40);
  if (entry === undefined) return { error: 'e_entry is too large' };
  if (phoff === undefined) return { error: 'e_phoff is too large' };
  return {
    type: u16(bytes, 16),
    machine: u16(bytes, 18),
    entry,
    phoff,
    // e_shoff of 2^53 or more: no section table (parseElf64 warns); the program still loads.
    shoff: shoff ?? 0,
    shoffTooLarge: shoff === undefined,
    flags: u32(bytes, 48),
    osabi: bytes[EI_OSABI]!,
    phentsize: u16(bytes, 54),
    phnum: u16(bytes, 56),
    shentsize: u16(bytes, 58),
    shnum: u16(bytes, 60),
    shstrndx: u16(bytes, 62),
  };
}

/**
 * Reads section 0 when extended numbering needs it (gABI: e_shnum == 0 puts the count in
 * sh_size, e_phnum == PN_XNUM in sh_info, e_shstrndx == SHN_XINDEX in sh_link), and
 * updates the header in place. On an error e_phnum is still PN_XNUM only when the program
 * header count could not be read (then the file cannot be loaded).
 */
function resolveExtendedNumbering(bytes: Uint8Array, h: RawHeader): ElfError | undefined {
  const needed = (h.shnum === 0 && h.shoff !== 0) || h.phnum === PN_XNUM || h.shstrndx === SHN_XINDEX;
  if (!needed) return undefined;
  if (h.shoff === 0 || h.shentsize < ELF64_SHDR_SIZE || !fits(bytes.length, h.shoff, ELF64_SHDR_SIZE)) {
    return { error: 'extended numbering needs section header 0, which is missing' };
  }
  // The program header count first: a bad section count must not hide it.
  if (h.phnum === PN_XNUM) h.phnum = u32(bytes, h.shoff + 44);
  if (h.shstrndx === SHN_XINDEX) h.shstrndx = u32(bytes, h.shoff + 40);
  if (h.shnum === 0) {
    const count = u64(bytes, h.shoff + 32);
    if (count === undefined) return { error: 'section count is too large' };
    h.shnum = count;
  }
  return undefined;
}

function parseProgramHeaders(bytes: Uint8Array, h: RawHeader): ProgramHeader[] | ElfError {
  if (h.phnum === 0) return [];
  if (h.phentsize < ELF64_PHDR_SIZE) return { error: 'e_phentsize is smaller than a program header' };
  if (!fits(bytes.length, h.phoff, h.phnum * h.phentsize)) {
    return { error: 'program header table lies outside the file' };
  }
  const result: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const at = h.phoff + i * h.phentsize;
    const offset = u64(bytes, at + 8);
    const vaddr = u64(bytes, at + 16);
    const paddr = u64(bytes, at + 24);
    const filesz = u64(bytes, at + 32);
    const memsz = u64(bytes, at + 40);
    const align = u64(bytes, at + 48);
    if (
      offset === undefined || vaddr === undefined || paddr === undefined ||
      filesz === undefined || memsz === undefined || align === undefined
    ) {
      return { error: `program header ${i} has a field of 2^53 or more` };
    }
    result.push({ type: u32(bytes, at), flags: u32(bytes, at + 4), offset, vaddr, paddr, filesz, memsz, align });
  }
  return result;
}

/** A section header whose name is not yet resolved: nameOffset is sh_name, an offset into .shstrtab. */
export type RawSection = Omit<Section, 'name'> & { nameOffset: number };

function parseSectionHeaders(bytes: Uint8Array, h: RawHeader): RawSection[] | ElfError {
  if (h.shoff === 0 || h.shnum === 0) return [];
  if (h.shentsize < ELF64_SHDR_SIZE) return { error: 'e_shentsize is smaller than a section header' };
  if (!fits(bytes.length, h.shoff, h.shnum * h.shentsize)) {
    return { error: 'section header table lies outside the file' };
  }
  const result: RawSection[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const at = h.shoff + i * h.shentsize;
    const flags = u64(bytes, at + 8);
    const addr = u64(bytes, at + 16);
    const offset = u64(bytes, at + 24);
    const size = u64(bytes, at + 32);
    const addralign = u64(bytes, at + 48);
    const entsize = u64(bytes, at + 56);
    if (
      flags === undefined || addr === undefined || offset === undefined ||
      size === undefined || addralign === undefined || entsize === undefined
    ) {
      return { error: `section header ${i} has a field of 2^53 or more` };
    }
    const type = u32(bytes, at + 4);
    if (i > 0 && type !== SHT_NULL && type !== SHT_NOBITS && !fits(bytes.length, offset, size)) {
      return { error: `section ${i} lies outside the file` };
    }
    result.push({
      index: i, nameOffset: u32(bytes, at), type, flags, addr, offset, size,
      link: u32(bytes, at + 40), info: u32(bytes, at + 44), addralign, entsize,
    });
  }
  if (h.shstrndx !== SHN_UNDEF && h.shstrndx >= result.length) {
    return { error: 'e_shstrndx names no section' };
  }
  return result;
}
