/**
 * The assembler's .debug_line, read back by our own DWARF reader (src/dwarf): each source line
 * with instructions maps to its first instruction's address, included files and macro
 * invocations map to the right file and line, and set_address is relocated (R_RISCV_64).
 */
import { describe, expect, it } from 'vitest';
import { parseDebugLine } from '../../../src/dwarf';
import { parseElf64, sectionBytes } from '../../../src/elf';
import { assemble, R_RISCV_64 } from '../../../src/toolchain/asm';
import { viewObject } from './gnu';

/** (file, line, address) rows of the object's line table, via src/dwarf. */
function rows(source: string, files: Record<string, string> = {}): { file: string; line: number; address: number }[] {
  const r = assemble(source, { file: 'prog.s', debugLine: true, compDir: '/work', readFile: (p) => files[p] });
  expect(r.diagnostics).toEqual([]);
  const elf = parseElf64(r.object!);
  if (!elf.ok) throw new Error(elf.error);
  const table = parseDebugLine(sectionBytes(elf.elf, '.debug_line')!);
  if (!table.ok) throw new Error(table.error);
  expect(table.warnings).toEqual([]);
  const out: { file: string; line: number; address: number }[] = [];
  for (const seq of table.table.sequences) {
    for (const row of seq.rows) if (!row.endSequence) out.push({ file: row.file, line: row.line, address: row.address });
  }
  return out;
}

describe('.debug_line', () => {
  it('maps each line to its first instruction (la is two instructions, one row)', () => {
    expect(rows('  .text\nstart:\n  li a0, 1\n  la a1, start\n\n  nop\n')).toEqual([
      { file: '/work/prog.s', line: 3, address: 0 },
      { file: '/work/prog.s', line: 4, address: 2 },
      { file: '/work/prog.s', line: 6, address: 10 },
    ]);
  });

  it('gives included files their own file entry and a macro expansion the invocation line', () => {
    const source = '  .macro two\n  nop\n  nop\n  .endm\n  .include "inc.s"\n  two\n  ret\n';
    expect(rows(source, { 'inc.s': '  addi a0, a0, 1\n' })).toEqual([
      { file: '/work/inc.s', line: 1, address: 0 },
      { file: '/work/prog.s', line: 6, address: 2 },
      { file: '/work/prog.s', line: 7, address: 6 },
    ]);
  });

  it('has one sequence per code section, its set_address relocated against the section symbol', () => {
    const r = assemble('  nop\n  .section .text.b, "ax"\n  ret\n', { file: 'p.s', debugLine: true });
    const view = viewObject(r.object!);
    expect(view.relocs.get('.debug_line')).toEqual([
      expect.stringMatching(new RegExp(`^\\d+ R_RISCV_64 \\.text 0$`)),
      expect.stringMatching(new RegExp(`^\\d+ R_RISCV_64 \\.text\\.b 0$`)),
    ]);
    expect(R_RISCV_64).toBe(2);
  });

  it('is absent without debugLine', () => {
    const r = assemble('  nop\n', { file: 'p.s' });
    expect(viewObject(r.object!).sections.has('.debug_line')).toBe(false);
  });
});
