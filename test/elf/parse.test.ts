import { describe, expect, it } from 'vitest';
import {
  EF_RISCV_RVC, EM_RISCV, ET_EXEC, ET_REL, PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD,
  PT_RISCV_ATTRIBUTES, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHT_NOBITS,
  SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STT_FILE, STT_FUNC,
  STT_OBJECT, checkRiscvExecutable, findSection, findSymbol, loadSegments, parseElf64,
  sectionBytes, segmentBytes, type Elf64,
} from '../../src/elf';
import { fixtureBytes } from './tools';

function parseFixture(): Elf64 {
  const result = parseElf64(fixtureBytes());
  if (!result.ok) throw new Error(result.error);
  return result.elf;
}

describe('parseElf64 on the committed fixture (test/fixtures/elf/tiny)', () => {
  const elf = parseFixture();

  it('reads the ELF header: a RISC-V static executable whose entry is _start', () => {
    expect(elf.type).toBe(ET_EXEC);
    expect(elf.machine).toBe(EM_RISCV);
    expect(elf.entry).toBe(findSymbol(elf, '_start')!.value);
    expect(elf.phoff).toBe(64);
    expect(elf.flags & EF_RISCV_RVC).toBe(EF_RISCV_RVC);
    expect(checkRiscvExecutable(elf)).toEqual({ ok: true });
  });

  it('reads the program headers: text R+X, data RW with .bss beyond filesz, a GNU stack', () => {
    expect(elf.programHeaders.map((ph) => ph.type)).toEqual([
      PT_RISCV_ATTRIBUTES, PT_LOAD, PT_LOAD, PT_GNU_STACK,
    ]);
    const [text, data] = loadSegments(elf);
    expect(text).toMatchObject({ offset: 0, vaddr: 0x10000, paddr: 0x10000, flags: PF_R | PF_X, align: 0x1000 });
    expect(text!.filesz).toBe(text!.memsz);
    expect(data!.flags).toBe(PF_R | PF_W);
    expect(data!.memsz - data!.filesz).toBeGreaterThanOrEqual(4096); // static char scratch[4096]
    expect(data!.vaddr % data!.align).toBe(data!.offset % data!.align);
  });

  it('gives a segment its file bytes as a view: the text segment starts with the ELF magic', () => {
    const text = loadSegments(elf)[0]!;
    const bytes = segmentBytes(elf, text);
    expect(bytes.length).toBe(text.filesz);
    expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });

  it('names sections from .shstrtab with their types and flags', () => {
    const byName = new Map(elf.sections.map((s) => [s.name, s]));
    expect(elf.sections[0]!.name).toBe('');
    expect(byName.get('.text')).toMatchObject({ type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR });
    expect(byName.get('.bss')).toMatchObject({ type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE });
    expect(byName.get('.symtab')).toMatchObject({ type: SHT_SYMTAB, entsize: 24 });
    expect(byName.get('.strtab')!.type).toBe(SHT_STRTAB);
    for (const name of ['.debug_line', '.debug_line_str', '.debug_info']) expect(byName.has(name)).toBe(true);
    elf.sections.forEach((s, i) => expect(s.index).toBe(i));
  });

  it('returns section bytes as views, and nothing for .bss or a missing section', () => {
    const text = findSection(elf, '.text')!;
    expect(sectionBytes(elf, '.text')!.length).toBe(text.size);
    expect(sectionBytes(elf, '.text')!.byteOffset).toBe(text.offset);
    expect(sectionBytes(elf, '.bss')).toBeUndefined();
    expect(sectionBytes(elf, '.no_such_section')).toBeUndefined();
    const comment = new TextDecoder().decode(sectionBytes(elf, '.comment'));
    expect(comment).toContain('GCC');
  });

  it('reads .symtab: functions and objects with sizes, bindings and section indices', () => {
    expect(elf.symbols[0]).toMatchObject({ index: 0, name: '', value: 0, size: 0 });
    const text = findSection(elf, '.text')!;
    expect(findSymbol(elf, 'sum_squares')).toMatchObject({ type: STT_FUNC, bind: STB_GLOBAL, shndx: text.index, size: 78 });
    expect(findSymbol(elf, 'square')).toMatchObject({ type: STT_FUNC, bind: STB_LOCAL, size: 26 });
    expect(findSymbol(elf, 'counter')).toMatchObject({ type: STT_OBJECT, size: 8 });
    expect(findSymbol(elf, 'scratch')).toMatchObject({ type: STT_OBJECT, size: 4096, shndx: findSection(elf, '.bss')!.index });
    expect(findSymbol(elf, 'tiny.c')).toMatchObject({ type: STT_FILE, shndx: SHN_ABS });
    expect(findSymbol(elf, 'no_such_symbol')).toBeUndefined();
  });
});

describe('checkRiscvExecutable', () => {
  it('reports "not a RISC-V executable" for another machine', () => {
    const bytes = fixtureBytes();
    bytes[18] = 62; // EM_X86_64
    const result = parseElf64(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const check = checkRiscvExecutable(result.elf);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(/^not a RISC-V executable/);
  });

  it('rejects a relocatable object (ET_REL) as not executable', () => {
    const bytes = fixtureBytes();
    bytes[16] = ET_REL;
    const result = parseElf64(bytes);
    expect(result.ok && checkRiscvExecutable(result.elf).ok).toBe(false);
  });
});
