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
  EF_RISCV_FLOAT_ABI_DOUBLE, EF_RISCV_RVC, ELF64_EHDR_SIZE, ELF64_SHDR_SIZE, ELF64_SYM_SIZE, ELFCLASS64,
  ELFDATA2LSB, ELFMAG, EM_RISCV, ET_REL, EV_CURRENT, EI_CLASS, EI_DATA, EI_VERSION, SHF_INFO_LINK,
  SHN_UNDEF, SHT_NOBITS, SHT_NULL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_LOCAL,
} from '../../elf/constants';
import { StringTable } from '../elf-strings';
import type { Relocation } from './fixups';
import type { Sym } from './symbols';

/** Field offsets of Elf64_Ehdr (gABI "ELF Header"). */
const E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_ENTRY = 24, E_PHOFF = 32, E_SHOFF = 40, E_FLAGS = 48;
const E_EHSIZE = 52, E_PHENTSIZE = 54, E_PHNUM = 56, E_SHENTSIZE = 58, E_SHNUM = 60, E_SHSTRNDX = 62;
/** Field offsets of Elf64_Shdr. */
const SH_NAME = 0, SH_TYPE = 4, SH_FLAGS = 8, SH_ADDR = 16, SH_OFFSET = 24, SH_SIZE = 32, SH_LINK = 40, SH_INFO = 44;
const SH_ADDRALIGN = 48, SH_ENTSIZE = 56;
/** Field offsets of Elf64_Sym. */
const ST_NAME = 0, ST_INFO = 4, ST_OTHER = 5, ST_SHNDX = 6, ST_VALUE = 8, ST_SIZE = 16;
/** Field offsets of Elf64_Rela, and its size in bytes. */
const R_OFFSET = 0, R_INFO = 8, R_ADDEND = 16;
const RELA_SIZE = 24;
const ST_BIND_SHIFT = 4;
const R_SYM_SHIFT = 32n;
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

/** A little-endian byte writer of known final size. */
class Out {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(at: number, v: number): void { this.bytes[at] = v; }
  u16(at: number, v: number): void { this.view.setUint16(at, v, true); }
  u32(at: number, v: number): void { this.view.setUint32(at, v >>> 0, true); }
  u64(at: number, v: bigint): void { this.view.setBigUint64(at, BigInt.asUintN(64, v), true); }
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
        info: headerIndexOf[i]!, align: SYMTAB_ALIGN, entsize: RELA_SIZE });
    }
  }
  const symtabIndex = headers.length;
  const strtabIndex = symtabIndex + 1;
  const shstrtabIndex = symtabIndex + 2;

  // .symtab
  const symtab = new Out((symbols.length + 1) * ELF64_SYM_SIZE);
  let firstGlobal = symbols.length + 1;
  symbols.forEach((s, k) => {
    const i = k + 1;
    if (s.bind !== STB_LOCAL && firstGlobal > i) firstGlobal = i;
    if (s.sym !== undefined) s.sym.elfIndex = i;
    const at = i * ELF64_SYM_SIZE;
    symtab.u32(at + ST_NAME, str.add(s.name));
    symtab.u8(at + ST_INFO, (s.bind << ST_BIND_SHIFT) | s.type);
    symtab.u8(at + ST_OTHER, s.other);
    symtab.u16(at + ST_SHNDX, s.section !== undefined ? headerIndexOf[s.section]! : s.shndx ?? SHN_UNDEF);
    symtab.u64(at + ST_VALUE, s.value);
    symtab.u64(at + ST_SIZE, s.size);
  });
  headers.push({ name: shstr.add('.symtab'), type: SHT_SYMTAB, flags: 0, offset: 0, size: symtab.bytes.length, link: strtabIndex,
    info: firstGlobal, align: SYMTAB_ALIGN, entsize: ELF64_SYM_SIZE, data: symtab.bytes });
  for (const r of relaFor) {
    const relocs = sections[r.section]!.relocs;
    const rela = new Out(relocs.length * RELA_SIZE);
    relocs.forEach((rel, k) => {
      rela.u64(k * RELA_SIZE + R_OFFSET, BigInt(rel.offset));
      rela.u64(k * RELA_SIZE + R_INFO, (BigInt(rel.sym?.elfIndex ?? 0) << R_SYM_SHIFT) | BigInt(rel.type));
      rela.u64(k * RELA_SIZE + R_ADDEND, rel.addend);
    });
    const h = headers[r.header]!;
    h.data = rela.bytes;
    h.size = rela.bytes.length;
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
  const out = new Out(shoff + headers.length * ELF64_SHDR_SIZE);
  for (const h of headers) if (h.data !== undefined) out.bytes.set(h.data, h.offset);
  headers.forEach((h, i) => {
    const at = shoff + i * ELF64_SHDR_SIZE;
    out.u32(at + SH_NAME, h.name);
    out.u32(at + SH_TYPE, h.type);
    out.u64(at + SH_FLAGS, BigInt(h.flags));
    out.u64(at + SH_ADDR, 0n);
    out.u64(at + SH_OFFSET, BigInt(h.offset));
    out.u64(at + SH_SIZE, BigInt(h.size));
    out.u32(at + SH_LINK, h.link);
    out.u32(at + SH_INFO, h.info);
    out.u64(at + SH_ADDRALIGN, BigInt(h.align));
    out.u64(at + SH_ENTSIZE, BigInt(h.entsize));
  });
  writeHeader(out, shoff, headers.length, shstrtabIndex, rvc);
  return out.bytes;
}

function writeHeader(out: Out, shoff: number, shnum: number, shstrndx: number, rvc: boolean): void {
  ELFMAG.forEach((b, i) => out.u8(i, b));
  out.u8(EI_CLASS, ELFCLASS64);
  out.u8(EI_DATA, ELFDATA2LSB);
  out.u8(EI_VERSION, EV_CURRENT);
  out.u16(E_TYPE, ET_REL);
  out.u16(E_MACHINE, EM_RISCV);
  out.u32(E_VERSION, EV_CURRENT);
  out.u64(E_ENTRY, 0n);
  out.u64(E_PHOFF, 0n);
  out.u64(E_SHOFF, BigInt(shoff));
  out.u32(E_FLAGS, EF_RISCV_FLOAT_ABI_DOUBLE | (rvc ? EF_RISCV_RVC : 0));
  out.u16(E_EHSIZE, ELF64_EHDR_SIZE);
  out.u16(E_PHENTSIZE, 0);
  out.u16(E_PHNUM, 0);
  out.u16(E_SHENTSIZE, ELF64_SHDR_SIZE);
  out.u16(E_SHNUM, shnum);
  out.u16(E_SHSTRNDX, shstrndx);
}
