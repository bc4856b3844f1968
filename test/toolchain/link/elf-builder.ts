/**
 * A tiny ELF64 relocatable-object writer for tests: hand-made objects for cases GNU as never
 * produces (an out-of-range R_RISCV_BRANCH, ULEB128 pairs with binutils 2.40's as, broken
 * tables) and fuzz seeds that need no binutils. gABI "Sections", "Symbol Table", "Relocation".
 */
import {
  EF_RISCV_FLOAT_ABI_DOUBLE, EF_RISCV_RVC, ELF64_EHDR_SIZE, ELF64_SHDR_SIZE, ELF64_SYM_SIZE, EM_RISCV, ET_REL,
  SHF_INFO_LINK, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_LOCAL,
} from '../../../src/elf/constants';
import { ELF64_RELA_SIZE, symbolInfo } from '../../../src/elf/relocatable';

export interface BuiltSection {
  name: string;
  type: number;
  flags: number;
  data: Uint8Array;
  /** For SHT_NOBITS: the size (data is ignored). */
  size?: number;
  align?: number;
}

export interface BuiltSymbol {
  name: string;
  value: bigint | number;
  size?: number;
  bind: number;
  type: number;
  /** Index into `sections` plus 1 (0 = SHN_UNDEF), or a special SHN_* value. */
  shndx: number;
}

export interface BuiltRela {
  /** Index into `sections` of the section patched. */
  section: number;
  offset: number;
  type: number;
  /** Index into `symbols` plus 1 (0 = no symbol). */
  symbol: number;
  addend: bigint | number;
}

export interface ObjectSpec {
  sections: BuiltSection[];
  /** Locals must come first (gABI); the builder does not reorder. */
  symbols: BuiltSymbol[];
  relocations?: BuiltRela[];
  flags?: number;
}

function strtab(names: string[]): { bytes: Uint8Array; offsets: number[] } {
  const enc = new TextEncoder();
  const parts = [new Uint8Array(1)];
  const offsets: number[] = [];
  let size = 1;
  for (const n of names) {
    offsets.push(size);
    const b = enc.encode(`${n}\0`);
    parts.push(b);
    size += b.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, offsets };
}

/** The object's bytes: header, section contents, tables, section header table. */
export function buildObject(spec: ObjectSpec): Uint8Array {
  const relocs = spec.relocations ?? [];
  const targets = [...new Set(relocs.map((r) => r.section))];
  const strings = strtab(spec.symbols.map((s) => s.name));
  const symtab = new Uint8Array((spec.symbols.length + 1) * ELF64_SYM_SIZE);
  const symView = new DataView(symtab.buffer);
  spec.symbols.forEach((s, i) => {
    const at = (i + 1) * ELF64_SYM_SIZE;
    symView.setUint32(at, strings.offsets[i]!, true);
    symtab[at + 4] = symbolInfo(s.bind, s.type);
    symView.setUint16(at + 6, s.shndx, true);
    symView.setBigUint64(at + 8, BigInt.asUintN(64, BigInt(s.value)), true);
    symView.setBigUint64(at + 16, BigInt(s.size ?? 0), true);
  });
  const firstGlobal = spec.symbols.findIndex((s) => s.bind !== STB_LOCAL);
  const relaBodies = targets.map((t) => {
    const list = relocs.filter((r) => r.section === t);
    const bytes = new Uint8Array(list.length * ELF64_RELA_SIZE);
    const v = new DataView(bytes.buffer);
    list.forEach((r, i) => {
      v.setBigUint64(i * ELF64_RELA_SIZE, BigInt(r.offset), true);
      v.setUint32(i * ELF64_RELA_SIZE + 8, r.type, true);
      v.setUint32(i * ELF64_RELA_SIZE + 12, r.symbol, true);
      v.setBigInt64(i * ELF64_RELA_SIZE + 16, BigInt(r.addend), true);
    });
    return bytes;
  });
  const n = spec.sections.length;
  const symtabIndex = n + 1 + targets.length;
  const names = [...spec.sections.map((s) => s.name), ...targets.map((t) => `.rela${spec.sections[t]!.name}`), '.symtab', '.strtab', '.shstrtab'];
  const shstr = strtab(names);
  type Header = { name: number; type: number; flags: number; data: Uint8Array; size: number; link: number; info: number; align: number; entsize: number };
  const headers: Header[] = [
    ...spec.sections.map((s, i) => ({ name: shstr.offsets[i]!, type: s.type, flags: s.flags, data: s.data, size: s.size ?? s.data.length, link: 0, info: 0, align: s.align ?? 1, entsize: 0 })),
    ...targets.map((t, i) => ({ name: shstr.offsets[n + i]!, type: SHT_RELA, flags: SHF_INFO_LINK, data: relaBodies[i]!, size: relaBodies[i]!.length, link: symtabIndex, info: t + 1, align: 8, entsize: ELF64_RELA_SIZE })),
    { name: shstr.offsets[n + targets.length]!, type: SHT_SYMTAB, flags: 0, data: symtab, size: symtab.length, link: symtabIndex + 1, info: firstGlobal < 0 ? spec.symbols.length + 1 : firstGlobal + 1, align: 8, entsize: ELF64_SYM_SIZE },
    { name: shstr.offsets[n + targets.length + 1]!, type: SHT_STRTAB, flags: 0, data: strings.bytes, size: strings.bytes.length, link: 0, info: 0, align: 1, entsize: 0 },
    { name: shstr.offsets[n + targets.length + 2]!, type: SHT_STRTAB, flags: 0, data: shstr.bytes, size: shstr.bytes.length, link: 0, info: 0, align: 1, entsize: 0 },
  ];
  const offsets: number[] = [];
  let at = ELF64_EHDR_SIZE;
  for (const h of headers) {
    at = Math.ceil(at / 8) * 8;
    offsets.push(at);
    if (h.type !== 8 /* SHT_NOBITS */) at += h.data.length;
  }
  const shoff = Math.ceil(at / 8) * 8;
  const out = new Uint8Array(shoff + (headers.length + 1) * ELF64_SHDR_SIZE);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  v.setUint16(16, ET_REL, true);
  v.setUint16(18, EM_RISCV, true);
  v.setUint32(20, 1, true);
  v.setBigUint64(40, BigInt(shoff), true);
  v.setUint32(48, spec.flags ?? EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE, true);
  v.setUint16(52, ELF64_EHDR_SIZE, true);
  v.setUint16(58, ELF64_SHDR_SIZE, true);
  v.setUint16(60, headers.length + 1, true);
  v.setUint16(62, headers.length, true);
  headers.forEach((h, i) => {
    if (h.type !== 8) out.set(h.data, offsets[i]!);
    const sh = shoff + (i + 1) * ELF64_SHDR_SIZE;
    v.setUint32(sh, h.name, true);
    v.setUint32(sh + 4, h.type, true);
    v.setBigUint64(sh + 8, BigInt(h.flags), true);
    v.setBigUint64(sh + 24, BigInt(offsets[i]!), true);
    v.setBigUint64(sh + 32, BigInt(h.size), true);
    v.setUint32(sh + 40, h.link, true);
    v.setUint32(sh + 44, h.info, true);
    v.setBigUint64(sh + 48, BigInt(h.align), true);
    v.setBigUint64(sh + 56, BigInt(h.entsize), true);
  });
  return out;
}

/** Little-endian bytes of 32-bit instruction words (and 16-bit ones given as [value, 2]). */
export function words(...list: (number | [number, 2])[]): Uint8Array {
  const bytes: number[] = [];
  for (const w of list) {
    const [value, length] = Array.isArray(w) ? w : [w, 4];
    for (let i = 0; i < length; i++) bytes.push((value >>> (8 * i)) & 0xff);
  }
  return new Uint8Array(bytes);
}
