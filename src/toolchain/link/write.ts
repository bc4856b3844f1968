/**
 * Writing the ELF64 executable (gABI chapter 4: "ELF Header", "Program Header", "Sections";
 * RISC-V psABI "File Header"), laid out in the file as GNU ld lays it out:
 *
 *   offset 0        ELF header, program headers     \
 *                   .text .rodata ...                } first PT_LOAD (R X) at 0x10000, offset 0
 *   (same offset in the page as the address)         /
 *                   .data .sdata (.bss has no bytes) } second PT_LOAD (R W)
 *                   .riscv.attributes .debug_* ...     not loaded
 *                   .symtab .strtab .shstrtab
 *                   section header table
 *
 * Program headers, in ld's order: PT_RISCV_ATTRIBUTES, PT_LOAD (text), PT_LOAD (data),
 * PT_GNU_STACK, PT_GNU_RELRO.
 */
import {
  ELF64_EHDR_SIZE, ELF64_PHDR_SIZE, ELF64_SHDR_SIZE, ELF64_SYM_SIZE, ET_EXEC, PF_R, PF_W, PF_X, PT_GNU_RELRO, PT_GNU_STACK,
  PT_LOAD, PT_RISCV_ATTRIBUTES, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_RISCV_ATTRIBUTES, SHT_STRTAB, SHT_SYMTAB,
} from '../../elf/constants';
import { MAX_PROGRAM_IMAGE_BYTES } from '../../elf/image';
import { type ProgramHeaderFields, type SectionHeaderFields, writeElfHeader, writeProgramHeader, writeSectionHeader } from '../elf-records';
import { alignUp, type Layout } from './layout';
import type { OutputSection } from './model';
import { PAGE_SIZE, TEXT_SEGMENT_START } from './script';
import { type SymbolTables } from './symtab';
import { StringTable } from '../elf-strings';

/** PT_GNU_STACK's alignment as ld writes it. */
const GNU_STACK_ALIGN = 0x10;
/** Alignment of .symtab and of the section header table (their entries hold 8-byte fields). */
const TABLE_ALIGN = 8;

/** Header facts besides the layout. */
export interface ImageFacts {
  /** e_entry. */
  entry: number;
  /** e_flags (EF_RISCV_RVC, EF_RISCV_FLOAT_ABI_*). */
  flags: number;
  /** PT_GNU_STACK is written when some object has .note.GNU-stack; executable when one asks for it. */
  gnuStack?: { executable: boolean };
}

/** One program header. */
type Segment = ProgramHeaderFields;

/** Numbers the output sections 1..n in layout order (index 0 is the null section). */
export function numberSections(layout: Layout): void {
  layout.sections.forEach((o, i) => (o.index = i + 1));
}

/**
 * The executable's bytes, or why it cannot be written (it would be larger than the
 * MAX_PROGRAM_IMAGE_BYTES Glasskernel loads). Sections must be numbered and their inputs relocated.
 */
export function writeExecutable(layout: Layout, tables: SymbolTables, facts: ImageFacts): Uint8Array | string {
  const loads = placeLoaded(layout);
  let cursor = fileEnd(layout);
  for (const o of layout.sections) {
    if (o.flags & SHF_ALLOC) continue;
    cursor = alignUp(cursor, o.align);
    o.fileOffset = cursor;
    if (o.type !== SHT_NOBITS) cursor += o.size;
  }
  const segments = programHeaders(layout, loads, facts);
  const shstrtab = new StringTable();
  const names = layout.sections.map((o) => shstrtab.add(o.name));
  const symtabName = shstrtab.add('.symtab');
  const strtabName = shstrtab.add('.strtab');
  const shstrtabName = shstrtab.add('.shstrtab');
  const shstrtabBytes = shstrtab.bytes();
  const symtabOffset = alignUp(cursor, TABLE_ALIGN);
  const strtabOffset = symtabOffset + tables.symtab.length;
  const shstrtabOffset = strtabOffset + tables.strtab.length;
  const shoff = alignUp(shstrtabOffset + shstrtabBytes.length, TABLE_ALIGN);
  const sectionCount = layout.sections.length + 4;
  const fileSize = shoff + sectionCount * ELF64_SHDR_SIZE;
  if (fileSize > MAX_PROGRAM_IMAGE_BYTES) {
    return `the executable would be ${fileSize} bytes, more than the ${MAX_PROGRAM_IMAGE_BYTES} bytes a program may have`;
  }
  const out = new Uint8Array(fileSize);

  writeElfHeader(out, {
    type: ET_EXEC, entry: facts.entry, flags: facts.flags, phnum: segments.length, phoff: ELF64_EHDR_SIZE,
    shnum: sectionCount, shoff, shstrndx: sectionCount - 1,
  });
  segments.forEach((s, i) => writeProgramHeader(out, ELF64_EHDR_SIZE + i * ELF64_PHDR_SIZE, s));
  for (const o of layout.sections) if (o.type !== SHT_NOBITS) copySection(out, o);
  out.set(tables.symtab, symtabOffset);
  out.set(tables.strtab, strtabOffset);
  out.set(shstrtabBytes, shstrtabOffset);

  const shdr = (i: number, h: SectionHeaderFields): void => writeSectionHeader(out, shoff + i * ELF64_SHDR_SIZE, h);
  layout.sections.forEach((o, i) => shdr(o.index, {
    name: names[i]!, type: o.type, flags: o.flags, addr: o.address, offset: o.fileOffset, size: o.size,
    link: 0, info: 0, align: o.align, entsize: o.entsize,
  }));
  const n = layout.sections.length;
  shdr(n + 1, {
    name: symtabName, type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: tables.symtab.length,
    link: n + 2, info: tables.firstGlobal, align: TABLE_ALIGN, entsize: ELF64_SYM_SIZE,
  });
  shdr(n + 2, { name: strtabName, type: SHT_STRTAB, flags: 0, addr: 0, offset: strtabOffset, size: tables.strtab.length, link: 0, info: 0, align: 1, entsize: 0 });
  shdr(n + 3, { name: shstrtabName, type: SHT_STRTAB, flags: 0, addr: 0, offset: shstrtabOffset, size: shstrtabBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  return out;
}

/**
 * Gives every allocated section its file offset and returns the PT_LOAD headers. Text
 * sections sit at (address - 0x10000); the data segment starts at the end of the text's bytes,
 * moved up to the same offset within a page as its address (what mmap needs).
 */
function placeLoaded(layout: Layout): Segment[] {
  const text = layout.textSections;
  for (const o of text) o.fileOffset = o.address - TEXT_SEGMENT_START;
  const textFileEnd = Math.max(layout.headersSize, ...text.filter((o) => o.type !== SHT_NOBITS).map((o) => o.fileOffset + o.size));
  const textMemEnd = Math.max(layout.headersSize, ...text.map((o) => o.address + o.size - TEXT_SEGMENT_START));
  const load: Segment[] = [{
    type: PT_LOAD, flags: PF_R | segmentFlags(text), offset: 0, vaddr: TEXT_SEGMENT_START,
    filesz: textFileEnd, memsz: textMemEnd, align: PAGE_SIZE,
  }];
  const data = layout.dataSections;
  if (data.length > 0) {
    const vaddr = data[0]!.address;
    const offset = textFileEnd + mod(vaddr - textFileEnd, PAGE_SIZE);
    for (const o of data) o.fileOffset = offset + (o.address - vaddr);
    const fileBytes = data.filter((o) => o.type !== SHT_NOBITS).map((o) => o.address + o.size - vaddr);
    const last = data[data.length - 1]!;
    load.push({
      type: PT_LOAD, flags: PF_R | segmentFlags(data), offset, vaddr,
      filesz: Math.max(0, ...fileBytes), memsz: last.address + last.size - vaddr, align: PAGE_SIZE,
    });
  }
  return load;
}

/** All program headers in ld's order; every section must have its file offset. */
function programHeaders(layout: Layout, load: readonly Segment[], facts: ImageFacts): Segment[] {
  const segments: Segment[] = [];
  const data = layout.dataSections;
  const attributes = layout.sections.find((o) => o.type === SHT_RISCV_ATTRIBUTES);
  if (attributes) {
    segments.push({ type: PT_RISCV_ATTRIBUTES, flags: PF_R, offset: attributes.fileOffset, vaddr: 0, filesz: attributes.size, memsz: 0, align: 1 });
  }
  segments.push(...load);
  if (facts.gnuStack) {
    segments.push({ type: PT_GNU_STACK, flags: PF_R | PF_W | (facts.gnuStack.executable ? PF_X : 0), offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: GNU_STACK_ALIGN });
  }
  if (layout.relro) {
    const first = data.find((o) => o.address === layout.relro!.start)!;
    const size = layout.relro.end - layout.relro.start;
    segments.push({ type: PT_GNU_RELRO, flags: PF_R, offset: first.fileOffset, vaddr: layout.relro.start, filesz: size, memsz: size, align: 1 });
  }
  return segments;
}

/** PF_X / PF_W for a segment from its sections' SHF_EXECINSTR / SHF_WRITE. */
function segmentFlags(sections: readonly OutputSection[]): number {
  let flags = 0;
  for (const o of sections) {
    if (o.flags & SHF_EXECINSTR) flags |= PF_X;
    if (o.flags & SHF_WRITE) flags |= PF_W;
  }
  return flags;
}

/** First file offset after the loaded sections' bytes. */
function fileEnd(layout: Layout): number {
  let end = layout.headersSize;
  for (const o of [...layout.textSections, ...layout.dataSections]) if (o.type !== SHT_NOBITS) end = Math.max(end, o.fileOffset + o.size);
  return end;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Copies the inputs' relocated bytes into the output section's place in the file. */
function copySection(out: Uint8Array, o: OutputSection): void {
  for (const s of o.inputs) {
    if (!s.data) continue;
    out.set(s.data, o.fileOffset + (s.address - o.address));
  }
}
