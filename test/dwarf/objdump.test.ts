import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLineTable, type LineRow } from '../../src/dwarf';
import { parseElf64 } from '../../src/elf';
import {
  FIXTURE_DIR, FIXTURE_PATH, GCC, OBJDUMP, buildProgram, exampleBinaries, removeBuiltPrograms, hasTool,
  objdumpDecodedLine, type DecodedLine,
} from '../elf/tools';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Splits rows into sequences (each ending with its end row) as printable strings. */
function sequencesOf<T>(rows: T[], isEnd: (r: T) => boolean, show: (r: T) => string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const r of rows) {
    current.push(show(r));
    if (isEnd(r)) {
      out.push(current);
      current = [];
    }
  }
  return out.sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : 1));
}

const showOurs = (r: LineRow): string =>
  `0x${r.address.toString(16)} ${r.endSequence ? '-' : r.line} ${baseName(r.file)}${!r.endSequence && r.isStmt ? ' x' : ''}`;
const showObjdump = (r: DecodedLine): string =>
  `0x${r.address.toString(16)} ${r.line ?? '-'} ${r.file}${r.isStmt ? ' x' : ''}`;

/** Every row (address, line, file base name, is_stmt) equals objdump's, sequence by sequence. */
function compareWithObjdump(path: string): number {
  const parsed = parseElf64(new Uint8Array(readFileSync(path)));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  const lines = loadLineTable(parsed.elf);
  if (!lines.ok) throw new Error(`${path}: ${lines.error}`);
  expect(lines.warnings).toEqual([]);
  const expected = objdumpDecodedLine(path);
  expect(expected.length).toBeGreaterThan(0);
  const ours = sequencesOf([...lines.table.rows], (r) => r.endSequence, showOurs);
  const theirs = sequencesOf(expected, (r) => r.line === undefined, showObjdump);
  expect(ours).toEqual(theirs);
  return expected.length;
}

const ASM_SOURCE = `
  .text
  .globl _start
  .type _start, @function
_start:
  li a0, 0
  li a7, 93
  ecall
  .size _start, .-_start
`;

describe('line table agrees with riscv64-linux-gnu-objdump --dwarf=decodedline', () => {
  const haveObjdump = hasTool(OBJDUMP);
  const haveGcc = hasTool(GCC);
  afterAll(removeBuiltPrograms);

  it.skipIf(!haveObjdump)('matches objdump on the committed fixture', () => {
    expect(compareWithObjdump(FIXTURE_PATH)).toBe(30);
  });

  it.skipIf(!haveObjdump || !haveGcc)('matches objdump on C built now at -O0, -O1 and -O2', () => {
    const source = readFileSync(`${FIXTURE_DIR}/tiny.c`, 'utf8');
    const header = readFileSync(`${FIXTURE_DIR}/include/tiny.h`, 'utf8');
    for (const opt of ['-O0', '-O1', '-O2']) {
      compareWithObjdump(buildProgram({ 'tiny.c': source, 'tiny.h': header }, [opt]));
    }
  });

  it.skipIf(!haveObjdump || !haveGcc)('matches objdump on assembly built with -g, and on DWARF 4 and 3', () => {
    compareWithObjdump(buildProgram({ 'start.S': ASM_SOURCE }, []));
    const source = readFileSync(`${FIXTURE_DIR}/tiny.c`, 'utf8');
    const header = readFileSync(`${FIXTURE_DIR}/include/tiny.h`, 'utf8');
    for (const version of ['-gdwarf-4', '-gdwarf-3']) {
      compareWithObjdump(buildProgram({ 'tiny.c': source, 'tiny.h': header }, [version]));
    }
  });

  it.skipIf(!haveGcc)('makes DWARF 4 file names absolute with DW_AT_comp_dir from .debug_info', () => {
    const source = readFileSync(`${FIXTURE_DIR}/tiny.c`, 'utf8');
    const header = readFileSync(`${FIXTURE_DIR}/include/tiny.h`, 'utf8');
    const out = buildProgram({ 'tiny.c': source, 'include/tiny.h': header }, ['-gdwarf-4', '-Iinclude']);
    const parsed = parseElf64(new Uint8Array(readFileSync(out)));
    const lines = parsed.ok ? loadLineTable(parsed.elf) : undefined;
    expect(lines?.ok && lines.table.files()).toEqual([
      join(dirname(out), 'include/tiny.h'), join(dirname(out), 'tiny.c'),
    ]);
  });

  const examples = exampleBinaries();
  if (examples.length === 0) console.warn('examples/bin has no ELF files yet: skipping the example comparisons');
  it.skipIf(!haveObjdump || examples.length === 0)('matches objdump on every example in examples/bin', () => {
    for (const path of examples) compareWithObjdump(path);
  });
});
