/**
 * Relocation types beyond the everyday ones: what GNU as emits when relaxation is on
 * (R_RISCV_RELAX, R_RISCV_ALIGN, ADD/SUB pairs, SET8/16/32 in .eh_frame, 32_PCREL, RVC
 * branches), undefined weak calls, absolute %hi/%lo, and hand-made ULEB128 and 6-bit pairs.
 */
import { describe, expect, it } from 'vitest';
import { SHF_ALLOC, SHF_EXECINSTR, SHN_ABS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STT_NOTYPE } from '../../../src/elf/constants';
import { parseElf64, sectionBytes } from '../../../src/elf';
import {
  R_RISCV_HI20, R_RISCV_LO12_I, R_RISCV_SET6, R_RISCV_SET_ULEB128, R_RISCV_SUB6, R_RISCV_SUB_ULEB128,
} from '../../../src/elf/relocatable';
import { link } from '../../../src/toolchain/link';
import { buildObject, words } from './elf-builder';
import { assemble, compareWithGnu, gnuLink, hasBinutils, ourLink } from './gnu';

const RELAXED = `
        .text
        .globl _start
_start:
        .cfi_startproc
        addi    sp, sp, -16
        .cfi_def_cfa_offset 16
        call    ext
        .zero   100
        .cfi_def_cfa_offset 32
        .zero   300
        .cfi_def_cfa_offset 48
        .zero   70000
        .cfi_def_cfa_offset 0
        c.beqz  a0, ext
        .balign 16
        c.j     ext
        .weak   missing
        la      a0, missing
        beqz    a0, 1f
        call    missing
1:      ret
        .cfi_endproc
end:
        .data
        .word   end - _start
        .half   end - _start
        .byte   end - _start
        .dword  end - _start
        .word   ext - .
        .dword  missing
`;

describe.skipIf(!hasBinutils)('relaxation-mode objects under --no-relax (needs riscv64-linux-gnu-as and -ld)', () => {
  for (const relax of [true, false]) {
    it(`${relax ? '-mrelax' : '-mno-relax'}: ADD/SUB, SET in .eh_frame, 32_PCREL, RVC branch, weak call: bytes equal GNU ld's`, () => {
      const a = assemble(`relaxed${relax}`, RELAXED, [relax ? '-mrelax' : '-mno-relax']);
      const b = assemble('ext', '  .text\n  .globl ext\next: ret\n');
      const gnu = gnuLink([a, b], `relaxed${relax}`);
      if (!gnu.ok) throw new Error(gnu.stderr);
      const ours = ourLink([a, b]);
      expect(ours.diagnostics).toEqual([]);
      expect(compareWithGnu(ours.executable!, gnu.bytes).differences).toEqual([]);
    });
  }

  it('%hi/%lo of an absolute symbol (.equ) and of data', () => {
    const a = assemble('abs', `
        .text
        .globl _start
_start: lui a0, %hi(CONST)
        addi a0, a0, %lo(CONST)
        lui a1, %hi(word)
        sw a0, %lo(word)(a1)
        .globl CONST
        .equ CONST, 0x12345fff
        .data
word:   .word 0
`);
    const gnu = gnuLink([a], 'abs');
    if (!gnu.ok) throw new Error(gnu.stderr);
    const ours = ourLink([a]);
    expect(compareWithGnu(ours.executable!, gnu.bytes).differences).toEqual([]);
    expect(ours.symbols.get('CONST')).toBe(0x12345fff);
  });
});

describe('hand-made relocation pairs', () => {
  const text = (size: number) => ({ name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, data: new Uint8Array(size), align: 4 });
  const labels = [
    { name: 'L1', value: 4, bind: STB_LOCAL, type: STT_NOTYPE, shndx: 1 },
    { name: 'L2', value: 300, bind: STB_LOCAL, type: STT_NOTYPE, shndx: 1 },
    { name: '_start', value: 0, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: 1 },
  ];

  it('SET_ULEB128 + SUB_ULEB128 write L2 - L1 into the ULEB128 in place, keeping its length', () => {
    const info = new Uint8Array([0xaa, 0x80, 0x80, 0x00, 0xbb]); // a 3-byte ULEB128 at offset 1
    const data = buildObject({
      sections: [text(304), { name: '.debug_x', type: SHT_PROGBITS, flags: 0, data: info }],
      symbols: labels,
      relocations: [
        { section: 1, offset: 1, type: R_RISCV_SET_ULEB128, symbol: 2, addend: 0 },
        { section: 1, offset: 1, type: R_RISCV_SUB_ULEB128, symbol: 1, addend: 0 },
      ],
    });
    const r = link([{ name: 'uleb.o', data }]);
    expect(r.diagnostics).toEqual([]);
    const elf = parseElf64(r.executable!);
    if (!elf.ok) throw new Error(elf.error);
    // 296 = 0b10_0101000: low 7 bits 0x28 | 0x80, then 0x02 | 0x80, then 0x00
    expect([...sectionBytes(elf.elf, '.debug_x')!]).toEqual([0xaa, 0xa8, 0x82, 0x00, 0xbb]);
  });

  it('a ULEB128 too short for its value, and a SUB_ULEB128 without its SET, are reported', () => {
    const data = buildObject({
      sections: [text(304), { name: '.debug_x', type: SHT_PROGBITS, flags: 0, data: new Uint8Array([0x00, 0x00]) }],
      symbols: labels,
      relocations: [
        { section: 1, offset: 0, type: R_RISCV_SET_ULEB128, symbol: 2, addend: 0 },
        { section: 1, offset: 0, type: R_RISCV_SUB_ULEB128, symbol: 1, addend: 0 },
        { section: 1, offset: 1, type: R_RISCV_SUB_ULEB128, symbol: 1, addend: 0 },
      ],
    });
    expect(link([{ name: 'uleb.o', data }]).diagnostics.map((d) => d.message)).toEqual([
      'R_RISCV_SUB_ULEB128: 296 does not fit the 1-byte ULEB128 at the place',
      'R_RISCV_SUB_ULEB128 does not follow an R_RISCV_SET_ULEB128 at the same offset',
    ]);
  });

  it('SET6 / SUB6 change only the low 6 bits of their byte (DW_CFA_advance_loc)', () => {
    const data = buildObject({
      sections: [text(304), { name: '.debug_frame', type: SHT_PROGBITS, flags: 0, data: new Uint8Array([0x40, 0x40 | 50]) }],
      symbols: labels,
      relocations: [
        { section: 1, offset: 0, type: R_RISCV_SET6, symbol: 1, addend: 3 },
        { section: 1, offset: 1, type: R_RISCV_SUB6, symbol: 1, addend: 0 },
      ],
    });
    const r = link([{ name: 'six.o', data }]);
    const elf = parseElf64(r.executable!);
    if (!elf.ok) throw new Error(elf.error);
    const L1 = r.symbols.get('L1')!;
    expect([...sectionBytes(elf.elf, '.debug_frame')!]).toEqual([0x40 | ((L1 + 3) & 0x3f), 0x40 | ((50 - L1) & 0x3f)]);
  });

  it('%hi of an address past 2 GiB - 2 KiB is out of range; just below it fits', () => {
    const object = (value: number) => buildObject({
      sections: [{ name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, data: words(0x00000537, 0x00050513), align: 4 }],
      symbols: [
        { name: '_start', value: 0, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: 1 },
        { name: 'far', value, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: SHN_ABS },
      ],
      relocations: [
        { section: 0, offset: 0, type: R_RISCV_HI20, symbol: 2, addend: 0 },
        { section: 0, offset: 4, type: R_RISCV_LO12_I, symbol: 2, addend: 0 },
      ],
    });
    expect(link([{ name: 'ok.o', data: object(0x7ffff7ff) }]).diagnostics).toEqual([]);
    expect(link([{ name: 'far.o', data: object(0x7ffff800) }]).diagnostics.map((d) => d.message)).toEqual([
      'relocation R_RISCV_HI20 out of range: `far` is at address 0x7ffff800; %hi reaches -2147485696..2147481599',
    ]);
  });
});
