/**
 * Writes an ELF64 little-endian relocatable object for RISC-V (System V gABI chapter 4 "Object
 * Files"; RISC-V ELF psABI "ELF Object Files"): the header, each section followed by its
 * `.rela` section (SHT_RELA, Elf64_Rela entries), `.symtab` (locals first, sh_info = first
 * global), `.strtab` and `.shstrtab`, and the section header table at the end — the same
 * arrangement `riscv64-linux-gnu-as` produces.
 *
 *   +--------------+ 0
 *   | Elf64_Ehdr   |
 *   +--------------+ 64
 *   | section data | each at its sh_addralign
 *   | ...          |
 *   +--------------+
 *   | Elf64_Shdr[] | e_shoff (8-aligned)
 *   +--------------+
 */
import {
  EF_RISCV_FLOAT_ABI_DOUBLE, EF_RISCV_RVC, ELF64_EHDR_SIZE, ELF64_SHDR_SIZE, ELF64_SYM_SIZE, ET_REL, SHF_INFO_LINK,
  SHN_UNDEF, SHT_NOBITS, SHT_NULL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_LOCAL,
} from '../../elf/constants';
import { ELF64_RELA_SIZE } from '../../elf/relocatable';
import { StringTable } from '../elf-strings';
import { writeElfHeader, writeRela, writeSectionHeader, writeSymbol } from '../elf-records';
import type { Relocation } from './fixups';
import type { Sym } from './symbols';

/** Alignment of .symtab, .rela and of the section header table (their entries hold 8-byte fields). */
const SYMTAB_ALIGN = 8;
const SHDR_ALIGN = 8;

/** A section to write. `data` is ignored (size only) for SHT_NOBITS. */
export interface OutSection {
  name: string;
  type: number;
  flags: number;
  align: number;
  entsize: number;
  data: Uint8Array;
  /** For SHT_NOBITS: the size. */
  size?: number;
  relocs: Relocation[];
  /** The section symbol (STT_SECTION) when one is emitted. */
  sectionSymbol?: Sym;
}

/** One .symtab entry to write. */
export interface OutSymbol {
  name: string;
  /** The assembler symbol (its elfIndex is set here, for relocations). */
  sym?: Sym;
  /** Index into the OutSection list of the defining section; else `shndx` (SHN_ABS or SHN_UNDEF). */
  section?: number;
  shndx?: number;
  value: bigint;
  size: bigint;
  bind: number;
  type: number;
  other: number;
}

const alignUp = (n: number, a: number) => (a > 1 ? Math.ceil(n / a) * a : n);

interface Shdr {
  name: number;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
  data?: Uint8Array;
}

/**
 * Writes the object. `symbols` must list locals before globals; each OutSymbol's `section`
 * indexes `sections`. `rvc` sets EF_RISCV_RVC; the float ABI is lp64d (EF_RISCV_FLOAT_ABI_DOUBLE).
 */
export function writeElf(sections: readonly OutSection[], symbols: readonly OutSymbol[], rvc: boolean): Uint8Array {
  const shstr = new StringTable();
  const str = new StringTable();
  const headers: Shdr[] = [{ name: 0, type: SHT_NULL, flags: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  const headerIndexOf: number[] = [];
  const relaFor: { header: number; section: number }[] = [];
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    headerIndexOf[i] = headers.length;
    headers.push({
      name: shstr.add(s.name), type: s.type, flags: s.flags, offset: 0, size: s.type === SHT_NOBITS ? s.size ?? 0 : s.data.length,
      link: 0, info: 0, align: s.align, entsize: s.entsize, data: s.type === SHT_NOBITS ? undefined : s.data,
    });
    if (s.relocs.length > 0) {
      relaFor.push({ header: headers.length, section: i });
      headers.push({ name: shstr.add(`.rela${s.name}`), type: SHT_RELA, flags: SHF_INFO_LINK, offset: 0, size: 0, link: 0,
        info: headerIndexOf[i]!, align: SYMTAB_ALIGN, entsize: ELF64_RELA_SIZE });
    }
  }
  const symtabIndex = headers.length;
  const strtabIndex = symtabIndex + 1;
  const shstrtabIndex = symtabIndex + 2;

  // .symtab
  const symtab = new Uint8Array((symbols.length + 1) * ELF64_SYM_SIZE);
  let firstGlobal = symbols.length + 1;
  symbols.forEach((s, k) => {
    const i = k + 1;
    if (s.bind !== STB_LOCAL && firstGlobal > i) firstGlobal = i;
    if (s.sym !== undefined) s.sym.elfIndex = i;
    writeSymbol(symtab, i * ELF64_SYM_SIZE, {
      name: str.add(s.name), bind: s.bind, type: s.type, other: s.other,
      shndx: s.section !== undefined ? headerIndexOf[s.section]! : s.shndx ?? SHN_UNDEF, value: s.value, size: s.size,
    });
  });
  headers.push({ name: shstr.add('.symtab'), type: SHT_SYMTAB, flags: 0, offset: 0, size: symtab.length, link: strtabIndex,
    info: firstGlobal, align: SYMTAB_ALIGN, entsize: ELF64_SYM_SIZE, data: symtab });
  for (const r of relaFor) {
    const relocs = sections[r.section]!.relocs;
    const rela = new Uint8Array(relocs.length * ELF64_RELA_SIZE);
    relocs.forEach((rel, k) => writeRela(rela, k * ELF64_RELA_SIZE, { offset: rel.offset, symbol: rel.sym?.elfIndex ?? 0, type: rel.type, addend: rel.addend }));
    const h = headers[r.header]!;
    h.data = rela;
    h.size = rela.length;
    h.link = symtabIndex;
  }
  const strBytes = str.bytes();
  headers.push({ name: shstr.add('.strtab'), type: SHT_STRTAB, flags: 0, offset: 0, size: strBytes.length, link: 0, info: 0,
    align: 1, entsize: 0, data: strBytes });
  const shstrName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();
  headers.push({ name: shstrName, type: SHT_STRTAB, flags: 0, offset: 0, size: shstrBytes.length, link: 0, info: 0, align: 1,
    entsize: 0, data: shstrBytes });

  // file offsets
  let offset = ELF64_EHDR_SIZE;
  for (const h of headers.slice(1)) {
    offset = alignUp(offset, h.align);
    h.offset = offset;
    if (h.data !== undefined) offset += h.data.length;
  }
  const shoff = alignUp(offset, SHDR_ALIGN);
  const out = new Uint8Array(shoff + headers.length * ELF64_SHDR_SIZE);
  for (const h of headers) if (h.data !== undefined) out.set(h.data, h.offset);
  headers.forEach((h, i) => writeSectionHeader(out, shoff + i * ELF64_SHDR_SIZE, { ...h, addr: 0 }));
  writeElfHeader(out, {
    type: ET_REL, entry: 0, flags: EF_RISCV_FLOAT_ABI_DOUBLE | (rvc ? EF_RISCV_RVC : 0), phnum: 0, phoff: 0,
    shnum: headers.length, shoff, shstrndx: shstrtabIndex,
  });
  return out;
}
