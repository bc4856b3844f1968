import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, PT_RISCV_ATTRIBUTES, PT_TLS, PT_NOTE,
  PT_INTERP, PT_GNU_RELRO, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, STT_SECTION, STT_TLS, SHN_ABS, SHN_UNDEF, SHN_COMMON, parseElf64, type Elf64,
} from '../../src/elf';
import {
  FIXTURE_PATH, GCC, READELF, buildProgram, exampleBinaries, removeBuiltPrograms, hasTool, readelfSegments,
  readelfSymbols,
} from './tools';

const SEGMENT_NAMES: Record<string, number> = {
  LOAD: PT_LOAD, PHDR: PT_PHDR, INTERP: PT_INTERP, NOTE: PT_NOTE, TLS: PT_TLS,
  GNU_STACK: PT_GNU_STACK, GNU_RELRO: PT_GNU_RELRO, RISCV_ATTRIBUT: PT_RISCV_ATTRIBUTES,
};
const TYPE_NAMES: Record<string, number> = {
  NOTYPE: STT_NOTYPE, OBJECT: STT_OBJECT, FUNC: STT_FUNC, SECTION: STT_SECTION, FILE: STT_FILE, TLS: STT_TLS,
};
const BIND_NAMES: Record<string, number> = { LOCAL: STB_LOCAL, GLOBAL: STB_GLOBAL, WEAK: STB_WEAK };
const NDX_NAMES: Record<string, number> = { UND: SHN_UNDEF, ABS: SHN_ABS, COM: SHN_COMMON };

function parseFile(path: string): Elf64 {
  const result = parseElf64(new Uint8Array(readFileSync(path)));
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.elf;
}

function flagLetters(flags: number): string {
  return `${flags & PF_R ? 'R' : ' '}${flags & PF_W ? 'W' : ' '}${flags & PF_X ? 'E' : ' '}`;
}

/** Program headers and .symtab of `path` agree field by field with readelf -lW / -sW. */
function compareWithReadelf(path: string): void {
  const elf = parseFile(path);
  const segments = readelfSegments(path);
  expect(segments.length).toBeGreaterThan(0);
  expect(elf.programHeaders.length).toBe(segments.length);
  segments.forEach((expected, i) => {
    const ph = elf.programHeaders[i]!;
    const { type, flags, ...numbers } = expected;
    if (type in SEGMENT_NAMES) expect(ph.type, `segment ${i} type`).toBe(SEGMENT_NAMES[type]);
    expect(flagLetters(ph.flags), `segment ${i} flags`).toBe(flags);
    expect(ph, `segment ${i}`).toMatchObject(numbers);
  });
  const symbols = readelfSymbols(path);
  expect(elf.symbols.length).toBe(symbols.length);
  for (const expected of symbols) {
    const s = elf.symbols[expected.num]!;
    const sectionName = elf.sections[s.shndx]?.name;
    const name = s.name === '' && expected.type === 'SECTION' ? sectionName : s.name;
    expect({ name, value: s.value, size: s.size }, `symbol ${expected.num}`).toEqual({
      name: expected.name, value: expected.value, size: expected.size,
    });
    expect(s.type).toBe(TYPE_NAMES[expected.type]);
    expect(s.bind).toBe(BIND_NAMES[expected.bind]);
    expect(s.shndx).toBe(NDX_NAMES[expected.ndx] ?? Number(expected.ndx));
  }
}

describe('ELF reader agrees with riscv64-linux-gnu-readelf', () => {
  const haveReadelf = hasTool(READELF);
  const haveGcc = hasTool(GCC);
  afterAll(removeBuiltPrograms);

  it.skipIf(!haveReadelf)('matches readelf on the committed fixture', () => {
    compareWithReadelf(FIXTURE_PATH);
  });

  it.skipIf(!haveReadelf || !haveGcc)('matches readelf on programs built now at -O0 and -O2', () => {
    const source = readFileSync(FIXTURE_PATH + '.c', 'utf8');
    const header = readFileSync(FIXTURE_PATH.replace(/tiny$/, 'include/tiny.h'), 'utf8');
    for (const opt of ['-O0', '-O2']) {
      compareWithReadelf(buildProgram({ 'tiny.c': source, 'tiny.h': header }, [opt]));
    }
  });

  const examples = exampleBinaries();
  if (examples.length === 0) console.warn('examples/bin has no ELF files yet: skipping the example comparisons');
  it.skipIf(!haveReadelf || examples.length === 0)('matches readelf on every example in examples/bin', () => {
    for (const path of examples) compareWithReadelf(path);
  });
});
