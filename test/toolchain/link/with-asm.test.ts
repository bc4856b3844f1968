/**
 * The whole built-in toolchain: the fixtures assembled by src/toolchain/asm (with its DWARF line
 * table) and linked by this linker give the executable GNU as + GNU ld give, and run on
 * Glasskernel with the expected output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLineTable } from '../../../src/dwarf';
import { parseElf64 } from '../../../src/elf';
import { assemble as builtinAssemble } from '../../../src/toolchain/asm';
import { link } from '../../../src/toolchain/link';
import { assemble, compareWithGnu, gnuLink, hasBinutils, runGlasskernel } from './gnu';

const FIXTURES = join(__dirname, 'fixtures');

function builtinObject(name: string): { name: string; data: Uint8Array } {
  const file = join(FIXTURES, `${name}.s`);
  const r = builtinAssemble(readFileSync(file, 'utf8'), { file, debugLine: true });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { name: `${name}.o`, data: r.object! };
}

describe('fixtures through the built-in assembler and linker', () => {
  it('recursion runs on Glasskernel and its line table maps _start to recursion.s line 6', () => {
    const r = link([builtinObject('recursion'), builtinObject('util')]);
    expect(r.diagnostics).toEqual([]);
    expect(runGlasskernel(r.executable!, 'recursion').stdout.split('\n')[11]).toBe('479001600');
    const elf = parseElf64(r.executable!);
    if (!elf.ok) throw new Error(elf.error);
    const lines = loadLineTable(elf.elf);
    if (!lines.ok) throw new Error(lines.error);
    expect(lines.table.lookup(r.entry!)).toMatchObject({ line: 6 });
    expect(lines.table.lookup(r.entry!)!.file).toMatch(/recursion\.s$/);
  });

  describe.skipIf(!hasBinutils)('against GNU as + ld (needs riscv64-linux-gnu-as and -ld)', () => {
    for (const program of ['hello', 'forkwait', 'mmap', 'recursion']) {
      it(`${program}: the same loaded bytes, addresses, segments, symbols and entry`, () => {
        const ours = link([builtinObject(program), builtinObject('util')]);
        expect(ours.diagnostics).toEqual([]);
        const read = (n: string) => readFileSync(join(FIXTURES, `${n}.s`), 'utf8');
        const gnu = gnuLink([assemble(`asm_${program}`, read(program)), assemble('asm_util', read('util'))], `asm_${program}`);
        if (!gnu.ok) throw new Error(gnu.stderr);
        expect(compareWithGnu(ours.executable!, gnu.bytes).differences).toEqual([]);
      });
    }
  });
});
