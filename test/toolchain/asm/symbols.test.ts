/**
 * The symbols `assemble` reports for the language server (labels, `.equ`, macros, undefined
 * names; values after layout; definition and reference ranges), and `li`'s expansion rules.
 */
import { describe, expect, it } from 'vitest';
import { assemble, type AsmSymbol } from '../../../src/toolchain/asm';
import { expandLi } from '../../../src/toolchain/asm/li';

const SOURCE = [
  '  .globl main',            // 1
  '  .equ SIZE, 16',          // 2
  '  .macro push reg',        // 3
  '  sd \\reg, 0(sp)',        // 4
  '  .endm',                  // 5
  'main:',                    // 6
  '  addi sp, sp, -SIZE',     // 7
  '  push ra',                // 8
  '1:',                       // 9
  '  beqz a0, 1b',            // 10
  '  call helper',            // 11
  '  la a0, msg',             // 12
  '  .data',                  // 13
  'msg: .word SIZE',          // 14
  '',
].join('\n');

const byName = (symbols: AsmSymbol[], name: string) => symbols.find((s) => s.name === name);
const at = (line: number, column: number, endColumn: number) => ({ file: 'nav.s', line, column, endColumn });

describe('symbols for navigation', () => {
  const { symbols, diagnostics } = assemble(SOURCE, { file: 'nav.s' });

  it('assembles cleanly', () => {
    expect(diagnostics).toEqual([]);
  });

  it('a global label: section, value after layout, definition and references', () => {
    expect(byName(symbols, 'main')).toEqual({
      name: 'main', kind: 'label', section: '.text', value: 0n, global: true, definition: at(6, 0, 4), references: [at(1, 9, 13)],
    });
  });

  it('a data label referenced from code', () => {
    expect(byName(symbols, 'msg')).toMatchObject({ kind: 'label', section: '.data', value: 0n, definition: at(14, 0, 3), references: [at(12, 9, 12)] });
  });

  it('an .equ constant and its uses', () => {
    expect(byName(symbols, 'SIZE')).toMatchObject({ kind: 'equ', value: 16n, section: undefined, definition: at(2, 7, 11),
      references: [at(7, 16, 20), at(14, 11, 15)] });
  });

  it('an undefined name left for the linker', () => {
    expect(byName(symbols, 'helper')).toMatchObject({ kind: 'undefined', definition: undefined, references: [at(11, 7, 13)] });
  });

  it('a macro with its invocations', () => {
    expect(byName(symbols, 'push')).toEqual({ name: 'push', kind: 'macro', global: false, definition: at(3, 9, 13), references: [at(8, 2, 6)] });
  });

  it('a numeric local label under its written name', () => {
    expect(byName(symbols, '1')).toMatchObject({ kind: 'label', section: '.text', value: 4n, definition: at(9, 0, 1), references: [at(10, 11, 13)] });
  });

  it('symbols are reported even when the file has errors', () => {
    const r = assemble('start:\n  addd a0\n  j start\n', { file: 'bad.s' });
    expect(r.object).toBeUndefined();
    expect(byName(r.symbols, 'start')?.references).toHaveLength(1);
  });
});

describe('li expansion (GNU as load_const)', () => {
  const steps = (v: bigint) => expandLi(10, v).map((s) => `${s.mnemonic} ${s.rs1} ${s.imm}`);

  it('12-bit values are one addi from x0', () => {
    expect(steps(-2048n)).toEqual(['addi 0 -2048']);
    expect(steps(2047n)).toEqual(['addi 0 2047']);
  });

  it('32-bit values are lui + addiw', () => {
    expect(steps(2048n)).toEqual(['lui 0 1', 'addiw 10 -2048']);
    expect(steps(0x7fffffffn)).toEqual(['lui 0 524288', 'addiw 10 -1']);
    expect(steps(0x1000n)).toEqual(['lui 0 1']);
  });

  it('wider values shift and add, at most 8 instructions', () => {
    expect(steps(0x80000000n)).toEqual(['addiw 0 1', 'slli 10 31']);
    expect(steps(-(1n << 63n))).toEqual(['addiw 0 -1', 'slli 10 63']);
    expect(steps((1n << 63n) - 1n)).toEqual(['addiw 0 -1', 'slli 10 63', 'addi 10 -1']);
    for (let v = 1n; v < 1n << 64n; v = v * 7n + 3n) expect(expandLi(5, v).length).toBeLessThanOrEqual(8);
  });
});
