/**
 * Assembler diagnostics: the exact message (GNU as wording where GNU has one) and the exact range
 * (1-based line, 0-based columns, end exclusive) the language server will underline.
 */
import { describe, expect, it } from 'vitest';
import { assemble, type ReadFile } from '../../../src/toolchain/asm';
import { gnuAssemble, hasGnuAs } from './gnu';

const FILES: Record<string, string> = {
  'self.s': '.include "self.s"\n',
  'a.s': '  nop\n.include "b.s"\n',
  'b.s': '.include "a.s"\n',
  'bad.s': '  nop\n  addi a0, a0, 9000\n',
};
const readFile: ReadFile = (path) => FILES[path];

/** The diagnostics of `source` as `line:column-endColumn severity: message`. */
function diagnose(source: string, file = 'test.s'): string[] {
  const r = assemble(source, { file, readFile });
  return r.diagnostics.map((d) => `${d.range.file}:${d.range.line}:${d.range.column}-${d.range.endColumn} ${d.severity}: ${d.message}`);
}

const CASES: [string, string, string[]][] = [
  ['an unknown mnemonic underlines the mnemonic', '  addd a0, a0, a1', ['test.s:1:2-6 error: unknown instruction `addd\'']],
  ['an immediate out of range underlines the immediate', 'loop: addi a0, a0, 5000',
    ['test.s:1:19-23 error: immediate 5000 out of range -2048..2047']],
  ['a load offset out of range', '  lw a0, -3000(sp)', ['test.s:1:9-14 error: immediate -3000 out of range -2048..2047']],
  ['a shift amount out of range (GNU wording)', '  slli a0, a0, 64', ['test.s:1:15-17 error: improper shift amount (64)']],
  ['lui out of range (GNU wording)', '  lui a0, 0x100000', ['test.s:1:10-18 error: lui expression not in range 0..1048575']],
  ['a missing operand', '  addi a0, a0', ['test.s:1:2-13 error: illegal operands `addi a0, a0\'']],
  ['a register where an immediate belongs', '  addi a0, a0, a1', ['test.s:1:15-17 error: illegal operands `addi a0, a0, a1\'']],
  ['a bad register name', '  add a0, a0, x32',
    ['test.s:1:14-17 error: illegal operands: expected an integer register, got `x32\'']],
  ['an integer register where an FP register belongs', '  fadd.s fa0, fa1, a2',
    ['test.s:1:19-21 error: illegal operands: expected a floating-point register, got `a2\'']],
  ['a bad base register', '  lw a0, 8(a9)', ['test.s:1:11-13 error: illegal operands: expected an integer register, got `a9\'']],
  ['an unknown CSR', '  csrr a0, bogus', ['test.s:1:11-16 error: unknown CSR `bogus\'']],
  ['li of a symbol (GNU: illegal operands)', '  li a0, undefined_sym', ['test.s:1:2-22 error: illegal operands `li a0, undefined_sym\'']],
  ['li of a constant wider than 64 bits', '  li a0, 0x10000000000000000',
    ['test.s:1:9-28 error: bignum invalid: 18446744073709551616 does not fit in 64 bits']],
  ['an undefined forward local label', '  beqz a0, 1f',
    ['test.s:1:11-13 error: local label `"1" (instance number 1 of a fb label)\' is not defined']],
  ['a backward local label never defined', '  j 3b', ['test.s:1:4-6 error: undefined local label `3b\'']],
  ['a duplicate label', 'x: nop\nx: nop', ['test.s:2:0-1 error: symbol `x\' is already defined']],
  ['an unknown directive', '  .foo 1', ['test.s:1:2-6 error: unknown pseudo-op: `.foo\'']],
  ['a trailing comma in data (GNU warning)', '  .word 1, 2,', ['test.s:1:13-13 warning: missing operand; zero assumed']],
  ['division by zero (GNU warning)', '  .word 1/0', ['test.s:1:8-11 warning: division by zero']],
  ['a value truncated by .byte (GNU warning)', '  .byte 256', ['test.s:1:8-11 warning: value 0x100 truncated to 0x0']],
  ['a relocation a byte cannot hold', '  .byte sym', ['test.s:1:8-11 error: cannot represent BFD_RELOC_8 relocation in object file']],
  ['an unterminated macro', '  .macro m\n  nop', ['test.s:1:2-10 error: missing .endm']],
  ['an unterminated .rept', '  .rept 3\n  nop', ['test.s:1:2-9 error: missing .endr']],
  ['an unterminated .if', '  .if 1\n  nop', ['test.s:1:2-7 error: missing .endif']],
  ['a stray .endif', '  .endif', ['test.s:1:2-8 error: ".endif" without ".if"']],
  ['a stray .endm (GNU warning)', '  .endm', ['test.s:1:2-7 warning: .endm encountered without preceding .macro']],
  ['a negative .rept', '  .rept -1\n  nop\n  .endr', ['test.s:1:2-10 error: negative count for REPT - ignored']],
  ['a missing required macro argument', '  .macro m a:req\n  .endm\n  m',
    ['test.s:3:2-3 error: Missing value for required parameter `a\' of macro `m\'']],
  ['a compressed shift by 0 (a HINT GNU refuses)', '  c.slli a0, 0', ['test.s:1:2-14 error: illegal operands `c.slli a0, 0\'']],
  ['a compressed instruction without C', '  .option norvc\n  c.addi a0, 1',
    ['test.s:2:2-8 error: unrecognized opcode `c.addi a0, 1\', extension `c\' required']],
  ['a .equ that refers to itself', '  .equ a, a + 1', ['test.s:1:10-15 error: symbol definition loop encountered at `a\'']],
  // GNU as silently drops instructions in .bss; we say so.
  ['instructions in .bss', '  .bss\n  nop', ['test.s:2:2-5 error: attempt to store non-zero value in section `.bss\'']],
  ['a missing include', '  .include "nope.s"', ['test.s:1:11-19 error: can\'t open nope.s for reading: No such file or directory']],
  ['a recursive include', '  .include "self.s"', ['self.s:1:9-17 error: recursive .include of `self.s\'']],
  ['a mutually recursive include', '  .include "a.s"', ['b.s:1:9-14 error: recursive .include of `a.s\'']],
  ['an error inside an included file is reported in that file', '  .include "bad.s"',
    ['bad.s:2:15-19 error: immediate 9000 out of range -2048..2047']],
  ['.error', '  .error "stop here"', ['test.s:1:2-20 error: stop here']],
];

describe('diagnostics: message and range', () => {
  for (const [name, source, expected] of CASES) {
    it(name, () => {
      expect(diagnose(source)).toEqual(expected);
    });
  }

  it('an error in a macro expansion is reported at the invocation, with the macro line as related information', () => {
    const r = assemble('  .macro bad x\n  addi a0, a0, \\x\n  .endm\n  bad 9999\n', { file: 'm.s' });
    expect(r.object).toBeUndefined();
    expect(r.diagnostics).toEqual([{
      severity: 'error', message: 'immediate 9999 out of range -2048..2047',
      range: { file: 'm.s', line: 4, column: 2, endColumn: 10 },
      related: [{ range: { file: 'm.s', line: 2, column: 0, endColumn: 17 }, message: 'in macro `bad\'' }],
    }]);
  });

  it('an error in an included file names the .include line as related information', () => {
    const r = assemble('  .include "bad.s"\n', { file: 'main.s', readFile });
    expect(r.diagnostics[0]!.related).toEqual([{ range: { file: 'main.s', line: 1, column: 11, endColumn: 18 }, message: 'included from here' }]);
  });

  it('a warning still gives an object; an error gives none', () => {
    expect(assemble('.byte 256\n', { file: 'w.s' }).object).toBeDefined();
    expect(assemble('addi a0, a0, 5000\n', { file: 'e.s' }).object).toBeUndefined();
  });

  it('assembly continues after an error, so every bad line is reported', () => {
    expect(diagnose('  addd a0\n  nop\n  sub a0\n  lui a0, -1\n').length).toBe(3);
  });
});

describe.skipIf(!hasGnuAs)('GNU as rejects what we reject (needs riscv64-linux-gnu-as)', () => {
  it('every error case above is an error for GNU as too', () => {
    for (const [name, source, expected] of CASES) {
      if (expected.every((e) => e.includes(' warning: ')) || source.includes('.include') || source.includes('.bss')) continue;
      expect(gnuAssemble(`${source}\n`, 'rv64gc').object, name).toBeUndefined();
    }
  });
});
