/**
 * The default-script layout against GNU ld, case by case and on fixed-seed random programs:
 * headers in the first PT_LOAD, the data segment's page (same offset, fresh page when that
 * saves one, relro padding, .eh_frame), empty sections that still align their symbols, .bss
 * padding, orphan placement, COMMON, R_RISCV_ALIGN under --no-relax, merged CIEs and strings.
 */
import { describe, expect, it } from 'vitest';
import { assemble, compareWithGnu, gnuLink, hasBinutils, ourLink } from './gnu';
import { randomProgram } from './random-programs';

const START = '  .text\n  .globl _start\n_start:\n';

/** One layout case: why it matters and its single-object source. */
interface LayoutCase {
  name: string;
  source: string;
  /** Assemble for relaxation (R_RISCV_ALIGN, R_RISCV_RELAX). */
  relax?: boolean;
}

const CASES: LayoutCase[] = [
  { name: 'text only: one PT_LOAD, two program headers', source: `${START}  li a0, 0\n  li a7, 93\n  ecall\n` },
  { name: '.bss only: its size padded to 8 (ALIGN(. != 0 ? 8 : 1))', source: `${START}  ret\n  .bss\nb: .zero 3\n` },
  { name: 'small data: .srodata and .sdata in .sdata, .sbss NOBITS', source: `${START}1: la a0, x\n  lla a1, y\n  j 1b\n  .section .sdata,"aw"\nx: .word 1\n  .section .sbss,"aw",@nobits\ny: .word 0\n  .section .srodata,"a"\nz: .word 3\n  .data\n  .word z\n` },
  { name: 'relro: .init_array ends on a page boundary (PT_GNU_RELRO)', source: `${START}  ret\n  .section .init_array,"aw"\n  .dword _start\n  .data\nd: .word 1\n` },
  { name: 'relro: two aligned arrays moved up together', source: `${START}  ret\n  .section .init_array,"aw"\n  .balign 8\n  .dword _start\n  .section .fini_array,"aw"\n  .balign 16\n  .dword _start\n  .data\n  .balign 16\nd: .word 1\n` },
  { name: 'relro: an array shorter than its alignment leaves the relro end page-aligned', source: `${START}  ret\n  .section .init_array,"aw"\n  .balign 16\n  .dword _start\n  .data\nd: .word 1\n` },
  { name: 'orphans: after .text, .rodata, .data and .bss, non-alloc at the end; .note.GNU-stack gives PT_GNU_STACK', source: `${START}  ret\n  .section .mytext,"ax"\n  nop\n  .section .myro,"a"\n  .byte 1\n  .section .mydata,"aw"\n  .byte 2\n  .section .mybss,"aw",@nobits\n  .byte 0\n  .section .mynote\n  .byte 7\n  .data\n  .byte 3\n  .section .rodata\n  .byte 4\n  .bss\n  .byte 0\n  .section .note.GNU-stack,"",@progbits\n` },
  { name: 'data that would straddle a page starts on a fresh page', source: `${START}  ret\n  .zero 0xe10\n  .data\n  .zero 0x200\n` },
  { name: 'data that fits keeps the text end offset', source: `${START}  ret\n  .zero 0xe10\n  .data\n  .zero 0x100\n` },
  { name: 'empty .data still aligns __DATA_BEGIN__; empty .bss does not move __BSS_END__', source: `${START}  ret\n  .data\n  .balign 16\n  .bss\n  .balign 32\n  .section .sdata,"aw"\n  .balign 64\n  .byte 1\n` },
  { name: 'labels in empty sections take the aligned address', source: `${START}  la a0, foo\n  la a1, bar\n  c.nop\n  .section .rodata\n  .balign 16\n  .globl bar\nbar:\n  .data\n  .balign 16\nfoo:\n  .bss\n  .balign 16\n  .globl baz\nbaz:\n` },
  { name: 'an .eh_frame in the text puts the data on a fresh page', source: `${START}  .cfi_startproc\n  addi sp, sp, -16\n  .cfi_def_cfa_offset 16\n  .zero 3000\n  ret\n  .cfi_endproc\n  .data\n  .zero 16\n` },
  { name: '.eh_frame with relro arrays', source: `${START}  .cfi_startproc\n  nop\n  .cfi_endproc\n  .section .init_array,"aw"\n  .dword 0\n  .data\n  .zero 16\n` },
  { name: 'a writable .gcc_except_table is relro', source: `${START}  nop\n  .section .gcc_except_table,"aw"\n  .word 1\n  .data\n  .zero 16\n` },
  { name: 'COMMON goes to the end of .bss', source: `${START}  la a0, cbuf\n  .bss\n  .zero 5\n  .comm cbuf, 40, 8\n` },
  { name: 'R_RISCV_ALIGN already satisfied: the nops stay', relax: true, source: `${START}  nop\n  .balign 16\nx: nop\n  ret\n` },
  { name: 'R_RISCV_ALIGN: excess nops deleted, later labels move down', relax: true, source: `${START}  nop\n  nop\n  .balign 16\nx: nop\n  la a0, y\n  .balign 8\ny: ret\n  .data\n  .dword x, y\n` },
];

/** Multi-object cases: sources of each object. */
const MULTI: { name: string; sources: string[] }[] = [
  {
    name: 'identical CIEs of several objects are kept once (.eh_frame), the gap after a shrunken one padded',
    sources: [0, 1, 2].map((k) => `  .text\n${k === 0 ? '  .globl _start\n_start:\n' : ''}  .globl f${k}\nf${k}:\n  .cfi_startproc\n  addi sp, sp, -16\n  .cfi_def_cfa_offset 16\n  ${k < 2 ? `call f${k + 1}` : 'nop'}\n  ret\n  .cfi_endproc\n`),
  },
  {
    name: 'strings of "aMS" sections are kept once, tails shared ("world" inside "hello world")',
    sources: [
      `${START}  la a0, s1\n  la a1, s2\n  la a2, .LC3\n  ret\n  .section .rodata.str1.1,"aMS",@progbits,1\ns1: .string "world"\ns2: .string "hello world"\n.LC3: .string "xyz"\n  .section .rodata\n  .word 7\n`,
      '  .text\n  la a0, t1\n  la a1, t2\n  la a2, .Lx+2\n  ret\n  .section .rodata.str1.1,"aMS",@progbits,1\nt1: .string "hello world"\nt2: .string "yz"\n.Lx: .string "new"\n',
    ],
  },
];

describe.skipIf(!hasBinutils)('layout like GNU ld -static --no-relax (needs riscv64-linux-gnu-as and -ld)', () => {
  MULTI.forEach((c, i) => {
    it(c.name, () => {
      const objects = c.sources.map((source, k) => assemble(`multi${i}_${k}`, source));
      const gnu = gnuLink(objects, `multi${i}`);
      if (!gnu.ok) throw new Error(gnu.stderr);
      const ours = ourLink(objects);
      expect(ours.diagnostics).toEqual([]);
      expect(compareWithGnu(ours.executable!, gnu.bytes).differences).toEqual([]);
    });
  });

  CASES.forEach((c, i) => {
    it(c.name, () => {
      const object = assemble(`case${i}`, c.source, c.relax ? ['-mrelax'] : []);
      const gnu = gnuLink([object], `case${i}`);
      if (!gnu.ok) throw new Error(gnu.stderr);
      const ours = ourLink([object]);
      expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(compareWithGnu(ours.executable!, gnu.bytes).differences).toEqual([]);
    });
  });

  /** Random programs compared (fixed seed: the same 80 programs every run), half of the objects with -g. */
  const RANDOM_PROGRAMS = 80;
  it(`${RANDOM_PROGRAMS} random multi-object programs come out exactly as GNU ld writes them (.debug_* included)`, () => {
    const failures: string[] = [];
    let sections = 0;
    let symbols = 0;
    for (let i = 0; i < RANDOM_PROGRAMS; i++) {
      const program = randomProgram(11, i);
      const objects = program.objects.map((o, k) => assemble(o.name, o.source, [...(o.relax ? ['-mrelax'] : []), ...((i + k) % 2 ? ['-g'] : [])]));
      const gnu = gnuLink(objects, `random${i}`);
      if (!gnu.ok) throw new Error(gnu.stderr);
      const ours = ourLink(objects);
      if (!ours.executable) {
        failures.push(`program ${i}: ${ours.diagnostics.map((d) => d.message).join('; ')}`);
        continue;
      }
      const c = compareWithGnu(ours.executable, gnu.bytes, { unallocated: true });
      sections += c.sections;
      symbols += c.symbols;
      if (c.differences.length > 0) failures.push(`program ${i}: ${c.differences.join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(sections).toBeGreaterThan(RANDOM_PROGRAMS * 3);
    expect(symbols).toBeGreaterThan(RANDOM_PROGRAMS * 10);
  });
});
