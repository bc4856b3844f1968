/**
 * The built-in linker against GNU ld on the hand-written fixtures (test/toolchain/link/fixtures):
 * each program, assembled by GNU as (-march=rv64gc -mno-relax -g) and linked with util.s, gives
 * the same executable layout as `ld -static --no-relax` (allocated sections, addresses, bytes,
 * PT_LOAD headers, symbol values, entry), runs with the same output and status under
 * qemu-riscv64 and on Glasskernel, and carries a .debug_line that maps its addresses to the .s
 * lines exactly as GNU ld's output does.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLineTable } from '../../../src/dwarf';
import { parseElf64 } from '../../../src/elf';
import {
  assemble, compareWithGnu, gnuLink, hasBinutils, hasQemu, ourLink, runGlasskernel, runQemu, save, type AssembledObject,
} from './gnu';

const FIXTURES = join(__dirname, 'fixtures');
const PROGRAMS = ['hello', 'forkwait', 'mmap', 'recursion'] as const;
/** What each program prints (checked by hand once, then against qemu every run). */
const EXPECTED_STDOUT: Record<(typeof PROGRAMS)[number], string> = {
  hello: 'Hello from the built-in linker\none\ntwo\nthree\n42\n7\n2016\n',
  forkwait: 'child running\nchild exited with status 7\n',
  mmap: 'abcdefghijklmnopqrstuvwxyz\n',
  recursion: [1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800, 39916800, 479001600].map((n) => `${n}\n`).join(''),
};

function fixture(name: string): AssembledObject {
  return assemble(name, readFileSync(join(FIXTURES, `${name}.s`), 'utf8'), ['-g']);
}

/** Both links of one program: [ours, GNU ld's]. */
function linkBoth(program: string): { ours: Uint8Array; gnu: Uint8Array; objects: AssembledObject[] } {
  const objects = [fixture(program), fixture('util')];
  const gnu = gnuLink(objects, `${program}.gnu`);
  if (!gnu.ok) throw new Error(gnu.stderr);
  const ours = ourLink(objects);
  expect(ours.diagnostics).toEqual([]);
  return { ours: ours.executable!, gnu: gnu.bytes, objects };
}

/** objdump --dwarf=decodedline rows: "file line address" per row. */
function decodedLines(path: string): string[] {
  const r = spawnSync('riscv64-linux-gnu-objdump', ['--dwarf=decodedline', path], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => /^0x[0-9a-f]+$/.test(f[2] ?? '')).map((f) => `${f[0]} ${f[1]} ${f[2]}`);
}

describe.skipIf(!hasBinutils)('linking the fixtures like GNU ld (needs riscv64-linux-gnu-as and -ld)', () => {
  for (const program of PROGRAMS) {
    it(`${program}: sections, addresses, bytes (.debug_* too), segments, symbols and entry equal GNU ld's`, () => {
      const { ours, gnu } = linkBoth(program);
      const c = compareWithGnu(ours, gnu, { unallocated: true });
      expect(c.differences).toEqual([]);
      expect(c.sections).toBeGreaterThanOrEqual(3);
      expect(c.symbols).toBeGreaterThan(20);
    });
  }

  it('hello: .debug_line gives every instruction its hello.s or util.s line, as in GNU ld output', () => {
    const { ours, gnu } = linkBoth('hello');
    const oursPath = save(ours, 'hello.ours');
    const rows = decodedLines(oursPath);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows).toEqual(decodedLines(save(gnu, 'hello.gnu')));
    expect(rows[0]).toBe('hello.s 6 0x100e8'); // `call banner`, the first instruction of _start
    const elf = parseElf64(ours);
    if (!elf.ok) throw new Error(elf.error);
    const table = loadLineTable(elf.elf);
    if (!table.ok) throw new Error(table.error);
    for (const row of rows) {
      const [file, line, address] = row.split(' ');
      if (line === '-') continue; // the end of a sequence
      const found = table.table.lookup(Number(address));
      expect(found?.file.endsWith(`/${file}`), row).toBe(true);
      expect(found?.line, row).toBe(Number(line));
    }
  });
});

describe.skipIf(!hasBinutils || !hasQemu)('the linked fixtures run (needs binutils and qemu-riscv64)', () => {
  for (const program of PROGRAMS) {
    it(`${program}: same output and status under qemu-riscv64 (GNU ld and ours) and on Glasskernel`, () => {
      const { ours, gnu } = linkBoth(program);
      const expected = { stdout: EXPECTED_STDOUT[program], status: 0 };
      expect(runQemu(save(gnu, `${program}.gnu`))).toEqual(expected);
      expect(runQemu(save(ours, `${program}.ours`))).toEqual(expected);
      expect(runGlasskernel(ours, program)).toEqual(expected);
    });
  }
});
