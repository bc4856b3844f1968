import { describe, expect, it } from 'vitest';
import { loadLineTable } from '../../src/dwarf';
import {
  ELF64_PHDR_SIZE, ELF64_SHDR_SIZE, ELFCLASS32, ELFDATA2MSB, PN_XNUM, SHT_SYMTAB,
  checkRiscvExecutable, findSymbol, parseElf64, symbolize, type Elf64,
} from '../../src/elf';
import { fixtureBytes, seededRandom } from './tools';

const PHOFF = 32;
const SHOFF = 40;
const PHNUM = 56;
const SHSTRNDX = 62;

/** A copy of the fixture with little-endian writes applied. */
function patched(edit: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = fixtureBytes();
  edit(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes);
  return bytes;
}

function errorOf(bytes: Uint8Array): string {
  const result = parseElf64(bytes);
  return result.ok ? 'parsed' : result.error;
}

const fixture = fixtureBytes();
const view = new DataView(fixture.buffer, fixture.byteOffset, fixture.byteLength);
const shoff = Number(view.getBigUint64(SHOFF, true));
const phdr = (i: number, field: number): number => 64 + i * ELF64_PHDR_SIZE + field;
const shdr = (i: number, field: number): number => shoff + i * ELF64_SHDR_SIZE + field;
const symtabIndex = (() => {
  for (let i = 0; ; i++) if (view.getUint32(shdr(i, 4), true) === SHT_SYMTAB) return i;
})();

describe('parseElf64 rejects malformed headers with an error value', () => {
  it('rejects an empty file, a non-ELF file and a truncated header', () => {
    expect(errorOf(new Uint8Array(0))).toMatch(/bad magic/);
    expect(errorOf(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toMatch(/bad magic/);
    expect(errorOf(fixture.subarray(0, 40))).toMatch(/truncated ELF header/);
  });

  it('rejects 32-bit, big-endian and unknown-version files', () => {
    expect(errorOf(patched((_, b) => (b[4] = ELFCLASS32)))).toMatch(/64-bit/);
    expect(errorOf(patched((_, b) => (b[5] = ELFDATA2MSB)))).toMatch(/little-endian/);
    expect(errorOf(patched((_, b) => (b[6] = 2)))).toMatch(/version/);
  });

  it('rejects header fields of 2^53 or more rather than rounding them', () => {
    expect(errorOf(patched((v) => v.setUint32(24 + 4, 0x00200000, true)))).toMatch(/e_entry/);
    expect(errorOf(patched((v) => v.setUint32(phdr(1, 16) + 4, 0xffffffff, true)))).toMatch(/2\^53/);
  });

  it('rejects a program header table beyond the end of the file or with a huge count', () => {
    expect(errorOf(patched((v) => v.setBigUint64(PHOFF, BigInt(fixture.length - 8), true)))).toMatch(/program header table/);
    expect(errorOf(patched((v) => v.setUint16(PHNUM, 0xfffe, true)))).toMatch(/program header table/);
    expect(errorOf(patched((v) => v.setUint16(54, 8, true)))).toMatch(/e_phentsize/);
  });

  it('rejects segments outside the file, filesz > memsz, bad alignment and overlap', () => {
    expect(errorOf(patched((v) => v.setBigUint64(phdr(1, 8), 0x100000n, true)))).toMatch(/outside the file/);
    expect(errorOf(patched((v) => v.setBigUint64(phdr(1, 32), 0x100000n, true)))).toMatch(/outside the file|filesz/);
    expect(errorOf(patched((v) => v.setBigUint64(phdr(2, 40), 1n, true)))).toMatch(/p_filesz > p_memsz/);
    expect(errorOf(patched((v) => v.setBigUint64(phdr(1, 48), 0x1800n, true)))).toMatch(/power of two/);
    expect(errorOf(patched((v) => v.setBigUint64(phdr(2, 16), 0x11300n, true)))).toMatch(/congruent/);
    // Grow the text segment's memory size into the data segment at 0x11200.
    expect(errorOf(patched((v) => v.setBigUint64(phdr(1, 40), 0x1300n, true)))).toMatch(/overlap/);
  });

  it('ignores, with a warning, section tables, sections and names that lie outside the file', () => {
    const cases: [Uint8Array, RegExp][] = [
      [patched((v) => v.setBigUint64(SHOFF, BigInt(fixture.length), true)), /section header table lies outside the file; sections ignored/],
      [patched((v) => v.setUint16(SHSTRNDX, 200, true)), /e_shstrndx/],
      [patched((v) => v.setBigUint64(shdr(1, 24), 0xfffffffn, true)), /section 1 lies outside/],
      [patched((v) => v.setUint32(shdr(1, 0), 0x7fffffff, true)), /name lies outside the string table/],
    ];
    for (const [bytes, warning] of cases) {
      const result = parseElf64(bytes);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.elf.warnings.join('\n')).toMatch(warning);
      expect(result.elf.sections).toEqual([]);
      expect(result.elf.symbols).toEqual([]);
      expect(result.elf.programHeaders.length).toBe(4);
    }
  });

  it('keeps the sections but ignores, with a warning, a symbol table with a bad link or names', () => {
    const symOffset = Number(view.getBigUint64(shdr(symtabIndex, 24), true));
    for (const [bytes, warning] of [
      [patched((v) => v.setUint32(shdr(symtabIndex, 40), 0, true)), /no string table; symbols ignored/],
      [patched((v) => v.setUint32(symOffset + 24, 0x7fffffff, true)), /symbol 1 name.*symbols ignored/],
    ] as [Uint8Array, RegExp][]) {
      const result = parseElf64(bytes);
      expect(result.ok && result.elf.warnings.join('\n')).toMatch(warning);
      expect(result.ok && result.elf.sections.length).toBeGreaterThan(0);
      expect(result.ok && result.elf.symbols).toEqual([]);
    }
  });

  it('has no warnings for a sound file', () => {
    const result = parseElf64(fixture);
    expect(result.ok && result.elf.warnings).toEqual([]);
  });

  it('follows extended numbering: e_phnum == PN_XNUM takes the count from section 0 sh_info', () => {
    const bytes = patched((v) => {
      v.setUint16(PHNUM, PN_XNUM, true);
      v.setUint32(shdr(0, 44), 4, true);
    });
    const result = parseElf64(bytes);
    expect(result.ok && result.elf.programHeaders.length).toBe(4);
  });
});

function parseAndCheck(bytes: Uint8Array): Elf64 {
  const result = parseElf64(bytes);
  if (!result.ok) throw new Error(result.error);
  return result.elf;
}

describe('parseElf64 never throws on damaged input', () => {
  /** Parses, and when that succeeds exercises every query on the result. */
  function parseAndQuery(bytes: Uint8Array): void {
    const result = parseElf64(bytes);
    if (!result.ok) {
      expect(typeof result.error).toBe('string');
      return;
    }
    checkRiscvExecutable(result.elf);
    findSymbol(result.elf, 'main');
    for (const addr of [0, 0x10000, 0x10150, 0x11228, result.elf.entry]) symbolize(result.elf, addr);
    queryLineTable(result.elf);
  }

  function queryLineTable(elf: Elf64): void {
    const lines = loadLineTable(elf);
    if (!lines.ok) return;
    lines.table.lookup(0x10150);
    lines.table.resolveBreakpoint('tiny.c', 16, (a) => symbolize(elf, a)?.symbol.value);
    lines.table.files();
  }

  it('returns a value for every truncation of the fixture; the segments decide, not the sections', () => {
    const segmentsEnd = Math.max(...parseAndCheck(fixture).programHeaders.map((ph) => ph.offset + ph.filesz));
    for (let n = 0; n <= fixture.length; n++) {
      const result = parseElf64(fixture.slice(0, n));
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      // Cut inside the section header table: parsed, sections dropped with a warning.
      if (n >= segmentsEnd && n < fixture.length) expect(result.ok && result.elf.warnings.length).toBeGreaterThan(0);
    }
    expect(parseElf64(fixture.slice(0, segmentsEnd - 1)).ok).toBe(false);
  });

  it('returns a value when any byte of the headers is set to 0x00, 0x7f, 0x80 or 0xff', () => {
    const headerBytes = 64 + 4 * ELF64_PHDR_SIZE;
    const sectionTable = Array.from({ length: fixture.length - shoff }, (_, i) => shoff + i);
    const offsets = [...Array.from({ length: headerBytes }, (_, i) => i), ...sectionTable];
    for (const at of offsets) {
      for (const value of [0x00, 0x7f, 0x80, 0xff]) parseAndQuery(patched((_, b) => (b[at] = value)));
    }
  });

  it('returns a value after 3000 random multi-byte corruptions (seeded)', () => {
    const random = seededRandom(0x5eed);
    for (let round = 0; round < 3000; round++) {
      const bytes = fixtureBytes();
      const flips = 1 + Math.floor(random() * 8);
      for (let k = 0; k < flips; k++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      parseAndQuery(bytes);
    }
  });
});
