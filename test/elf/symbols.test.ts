import { describe, expect, it } from 'vitest';
import {
  SHN_ABS, SHN_UNDEF, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, SymbolIndex, findSymbol, parseElf64, symbolize, type Elf64, type ElfSymbol,
  type Section,
} from '../../src/elf';
import { fixtureBytes } from './tools';

function parseFixture(): Elf64 {
  const result = parseElf64(fixtureBytes());
  if (!result.ok) throw new Error(result.error);
  return result.elf;
}

describe('symbolize on the fixture', () => {
  const elf = parseFixture();
  const at = (addr: number): string | undefined => {
    const hit = symbolize(elf, addr);
    return hit && `${hit.name}+0x${hit.offset.toString(16)}`;
  };

  it('names the function containing a pc, with the offset into it', () => {
    const sum = findSymbol(elf, 'sum_squares')!;
    expect(at(sum.value)).toBe('sum_squares+0x0');
    expect(at(sum.value + 0x16)).toBe('sum_squares+0x16');
    expect(at(sum.value + sum.size - 1)).toBe(`sum_squares+0x${(sum.size - 1).toString(16)}`);
    expect(at(elf.entry)).toBe('_start+0x0');
  });

  it('ignores the RISC-V mapping symbols ($x...) that share addresses with functions', () => {
    const square = findSymbol(elf, 'square')!;
    expect(elf.symbols.some((s) => s.name.startsWith('$x') && s.value === square.value)).toBe(true);
    expect(at(square.value)).toBe('square+0x0');
  });

  it('falls back to data objects, preferring a sized object over a label at the same address', () => {
    const scratch = findSymbol(elf, 'scratch')!;
    expect(findSymbol(elf, '__bss_start')!.value).toBe(scratch.value);
    expect(at(scratch.value)).toBe('scratch+0x0');
    expect(at(scratch.value + 0xd8)).toBe('scratch+0xd8');
    expect(at(findSymbol(elf, 'counter')!.value + 4)).toBe('counter+0x4');
  });

  it('finds nothing for the ELF header, address 0 or past the end of .bss', () => {
    expect(at(0)).toBeUndefined();
    expect(at(0x10000)).toBeUndefined();
    expect(at(findSymbol(elf, '_end')!.value)).toBeUndefined();
  });
});

function sym(name: string, value: number, size: number, type = STT_FUNC, bind = STB_GLOBAL, shndx = 1): ElfSymbol {
  return { index: 0, name, value, size, type, bind, visibility: 0, shndx };
}

const textSection: Section = {
  index: 1, name: '.text', type: SHT_PROGBITS, flags: 0, addr: 0x1000, offset: 0x1000,
  size: 0x100, link: 0, info: 0, addralign: 4, entsize: 0,
};
const sections: Section[] = [{ ...textSection, index: 0, name: '', type: 0, size: 0 }, textSection];

describe('SymbolIndex rules', () => {
  it('treats a size-0 function as covering up to the next symbol, never past its section', () => {
    const index = new SymbolIndex([sym('_start', 0x1000, 0), sym('helper', 0x1040, 0x10)], sections);
    expect(index.lookup(0x103c)?.name).toBe('_start');
    expect(index.lookup(0x1044)?.name).toBe('helper');
    expect(index.lookup(0x1050)).toBeUndefined(); // after helper's 16 bytes, not _start's
    const lone = new SymbolIndex([sym('_start', 0x1000, 0)], sections);
    expect(lone.lookup(0x10ff)?.offset).toBe(0xff);
    expect(lone.lookup(0x1100)).toBeUndefined(); // end of .text
  });

  it('finds the innermost of nested sized symbols', () => {
    const index = new SymbolIndex([sym('outer', 0x1000, 0x80), sym('inner', 0x1010, 0x10)], sections);
    expect(index.lookup(0x1014)?.name).toBe('inner');
    expect(index.lookup(0x1030)?.name).toBe('outer');
  });

  it('prefers functions over objects, and global over weak over local aliases', () => {
    const index = new SymbolIndex(
      [
        sym('table', 0x1000, 0x100, STT_OBJECT),
        sym('local_alias', 0x1020, 8, STT_FUNC, STB_LOCAL),
        sym('weak_alias', 0x1020, 8, STT_FUNC, STB_WEAK),
        sym('strong', 0x1020, 8, STT_FUNC, STB_GLOBAL),
      ],
      sections,
    );
    expect(index.lookup(0x1024)?.name).toBe('strong');
    expect(index.lookup(0x1030)?.name).toBe('table');
  });

  it('skips undefined, absolute, local-label and nameless symbols', () => {
    const index = new SymbolIndex(
      [
        sym('undef', 0x1000, 0x10, STT_FUNC, STB_GLOBAL, SHN_UNDEF),
        sym('abs', 0x1000, 0x10, STT_NOTYPE, STB_GLOBAL, SHN_ABS),
        sym('.L3', 0x1000, 0, STT_NOTYPE),
        sym('', 0x1000, 0x10),
      ],
      sections,
    );
    expect(index.lookup(0x1004)).toBeUndefined();
  });
});

describe('findSymbol', () => {
  it('prefers a global definition over a local one of the same name', () => {
    const elf = parseFixture();
    const fake: Elf64 = {
      ...elf,
      symbols: [sym('dup', 0x10, 0, STT_FUNC, STB_LOCAL), sym('dup', 0x20, 0, STT_FUNC, STB_GLOBAL)],
    };
    expect(findSymbol(fake, 'dup')?.value).toBe(0x20);
  });
});
