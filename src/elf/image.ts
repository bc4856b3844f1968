/**
 * Reading only the part of a program file that matters (gABI "ELF Header", "Program Header",
 * "Sections"): the ELF header, the program header table, every segment's file bytes, and the
 * section header table with its sections when they lie inside the file. Pure: the bytes come
 * through a ByteSource, so a huge or sparse file never has to be read whole. Never throws
 * (unless `source.read` does).
 */
import {
  E_PHENTSIZE, E_PHNUM, E_PHOFF, E_SHENTSIZE, E_SHNUM, E_SHOFF, P_FILESZ, P_OFFSET, SH_INFO, SH_OFFSET, SH_SIZE, SH_TYPE,
  ELF64_EHDR_SIZE,
  ELF64_PHDR_SIZE,
  ELF64_SHDR_SIZE,
  ELFMAG,
  PN_XNUM,
  SHT_NOBITS,
  SHT_NULL,
} from './constants';
import { fits, u16, u32, u64 } from './reader';

/**
 * Most bytes of a program file read into memory (256 MiB): far above any program a student
 * builds (a static glibc program with -g is a few MiB), far below what would exhaust the host.
 */
export const MAX_PROGRAM_IMAGE_BYTES = 256 * 1024 * 1024;

/** Random access to a file of `size` bytes: `read` returns exactly the bytes [offset, offset + length) (inside the file). */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

/**
 * The program image: bytes [0, n) of the file, where n is the end of the last byte a loader
 * or debugger uses (headers, segments, section header table and sections); bytes past it are
 * not read. `trimmed` says sections were left out because they would pass `maxBytes`.
 */
export type ElfImageResult = { ok: true; bytes: Uint8Array; trimmed: boolean } | { ok: false; error: string };

/**
 * Reads the prefix of `source` a program needs, at most `maxBytes` (default
 * MAX_PROGRAM_IMAGE_BYTES). A file that is not ELF (no ELFMAG) is read whole when it fits
 * (the kernel decides what it is: ENOEXEC); else an error. Errors: headers or segments that
 * need more than `maxBytes`. Ranges outside the file are not read: parseElf64 reports them.
 */
export function readElfImage(source: ByteSource, maxBytes = MAX_PROGRAM_IMAGE_BYTES): ElfImageResult {
  const head = source.read(0, Math.min(source.size, ELF64_EHDR_SIZE));
  const isElf = head.length === ELF64_EHDR_SIZE && ELFMAG.every((b, i) => head[i] === b);
  if (!isElf) {
    if (source.size > maxBytes) return { ok: false, error: `not an ELF file (bad magic) and larger than ${mib(maxBytes)}` };
    return { ok: true, bytes: source.read(0, source.size), trimmed: false };
  }
  const needed = loadExtent(source, head, maxBytes);
  if (needed > maxBytes) {
    return { ok: false, error: `its headers and segments need ${needed} bytes of the file, more than the limit of ${mib(maxBytes)}` };
  }
  const withSections = Math.max(needed, sectionExtent(source, head, maxBytes));
  const end = withSections > maxBytes ? needed : withSections;
  return { ok: true, bytes: source.read(0, end), trimmed: withSections > maxBytes };
}

function mib(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}

/**
 * End of the header, the program header table and every segment's file bytes that lie inside
 * the file. A table ending past `maxBytes` is not read (its end is returned: too large).
 */
function loadExtent(source: ByteSource, head: Uint8Array, maxBytes: number): number {
  let end = ELF64_EHDR_SIZE;
  const phoff = u64(head, E_PHOFF);
  const phentsize = u16(head, E_PHENTSIZE);
  const extended = u16(head, E_PHNUM) === PN_XNUM;
  const phnum = extended ? extendedPhnum(source, head) : u16(head, E_PHNUM);
  const tableBytes = phnum * phentsize;
  if (phoff === undefined || phentsize < ELF64_PHDR_SIZE || !fits(source.size, phoff, tableBytes)) return end;
  // Section header 0 holds the count under PN_XNUM (extendedPhnum found it inside the file).
  if (extended) end = Math.max(end, (u64(head, E_SHOFF) ?? 0) + ELF64_SHDR_SIZE);
  end = Math.max(end, phoff + tableBytes);
  if (end > maxBytes) return end;
  const table = source.read(phoff, tableBytes);
  for (let i = 0; i < phnum; i++) {
    const offset = u64(table, i * phentsize + P_OFFSET);
    const filesz = u64(table, i * phentsize + P_FILESZ);
    if (offset !== undefined && filesz !== undefined && filesz > 0 && fits(source.size, offset, filesz)) {
      end = Math.max(end, offset + filesz);
    }
  }
  return end;
}

/** e_phnum under extended numbering: sh_info of section 0, or 0 when section 0 is not in the file. */
function extendedPhnum(source: ByteSource, head: Uint8Array): number {
  const shoff = u64(head, E_SHOFF);
  if (shoff === undefined || shoff === 0 || !fits(source.size, shoff, ELF64_SHDR_SIZE)) return 0;
  return u32(source.read(shoff, ELF64_SHDR_SIZE), SH_INFO);
}

/**
 * End of the section header table and of every section with file bytes, when the table
 * lies inside the file (else 0: parseElf64 will ignore the sections). A table larger than
 * `maxBytes` is not read (its end is returned, so the caller trims it).
 */
function sectionExtent(source: ByteSource, head: Uint8Array, maxBytes: number): number {
  const shoff = u64(head, E_SHOFF);
  const shentsize = u16(head, E_SHENTSIZE);
  let shnum = u16(head, E_SHNUM);
  if (shoff === undefined || shoff === 0 || shentsize < ELF64_SHDR_SIZE || !fits(source.size, shoff, ELF64_SHDR_SIZE)) return 0;
  if (shnum === 0) shnum = u64(source.read(shoff, ELF64_SHDR_SIZE), SH_SIZE) ?? 0;
  const tableBytes = shnum * shentsize;
  if (!fits(source.size, shoff, tableBytes)) return 0;
  if (shoff + tableBytes > maxBytes) return shoff + tableBytes;
  const table = source.read(shoff, tableBytes);
  let end = shoff + tableBytes;
  for (let i = 1; i < shnum; i++) {
    const type = u32(table, i * shentsize + SH_TYPE);
    const offset = u64(table, i * shentsize + SH_OFFSET);
    const size = u64(table, i * shentsize + SH_SIZE);
    if (type === SHT_NULL || type === SHT_NOBITS || offset === undefined || size === undefined) continue;
    if (fits(source.size, offset, size)) end = Math.max(end, offset + size);
  }
  return end;
}
