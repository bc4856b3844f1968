/**
 * Bounded, fixed-seed fuzzing: damaged objects (bytes flipped, fields set to extreme values,
 * files cut short) never make the linker throw. Each link ends with an executable or with
 * diagnostics, and never with the "internal linker error" a caught exception would give.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STT_NOTYPE } from '../../../src/elf/constants';
import { R_RISCV_64, R_RISCV_BRANCH, R_RISCV_CALL_PLT, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I } from '../../../src/elf/relocatable';
import { link } from '../../../src/toolchain/link';
import { buildObject, words } from './elf-builder';
import { assemble, hasBinutils } from './gnu';
import { rng } from './random-programs';

/** Seed objects: a hand-made one always; with GNU as, the fixtures and one with .eh_frame, R_RISCV_ALIGN, merged strings, relro, COMMON. */
function seeds(): Uint8Array[] {
  const handMade = buildObject({
    sections: [
      { name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, data: words(0x00000517, 0x00050513, 0x00000097, 0x000080e7, 0x00050063), align: 4 },
      { name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, data: new Uint8Array(16), align: 8 },
      { name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, data: new Uint8Array(0), size: 64, align: 8 },
    ],
    symbols: [
      { name: 'lbl', value: 0, bind: STB_LOCAL, type: STT_NOTYPE, shndx: 1 },
      { name: '_start', value: 0, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: 1 },
      { name: 'd', value: 8, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: 2 },
    ],
    relocations: [
      { section: 0, offset: 0, type: R_RISCV_PCREL_HI20, symbol: 3, addend: 0 },
      { section: 0, offset: 4, type: R_RISCV_PCREL_LO12_I, symbol: 1, addend: 0 },
      { section: 0, offset: 8, type: R_RISCV_CALL_PLT, symbol: 2, addend: 0 },
      { section: 0, offset: 16, type: R_RISCV_BRANCH, symbol: 2, addend: 0 },
      { section: 1, offset: 0, type: R_RISCV_64, symbol: 3, addend: -4 },
    ],
  });
  if (!hasBinutils) return [handMade];
  const dir = join(__dirname, 'fixtures');
  const fixture = (name: string) => assemble(`fuzz_${name}`, readFileSync(join(dir, `${name}.s`), 'utf8'), ['-g']).data;
  const varied = assemble('fuzz_varied', [
    '  .text', '  .globl _start', '_start:', '  .cfi_startproc', '  addi sp, sp, -16', '  .cfi_def_cfa_offset 16',
    '  la a0, msg', '  call _start', '  .balign 16', '  ret', '  .cfi_endproc',
    '  .section .rodata.str1.1,"aMS",@progbits,1', 'msg: .string "hello world"', '  .string "world"',
    '  .section .init_array,"aw"', '  .dword _start', '  .data', '  .word msg - .', '  .comm buf, 64, 8', '',
  ].join('\n'), ['-mrelax', '-g']).data;
  return [handMade, fixture('hello'), fixture('util'), varied];
}

/** Values that break naive arithmetic: 0, all ones, sign bits, 2^53, unaligned and huge sizes. */
const EXTREMES = [0n, 1n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, 3n, 0x1000n];

function mutate(seed: Uint8Array, next: () => number): Uint8Array {
  const bytes = seed.slice();
  const pick = (n: number) => Math.floor(next() * n);
  const kind = pick(4);
  if (kind === 0) {
    for (let i = 1 + pick(8); i > 0; i--) bytes[pick(bytes.length)] = pick(256);
  } else if (kind === 1) {
    const at = pick(Math.max(1, bytes.length - 8)) & ~7;
    new DataView(bytes.buffer).setBigUint64(at, BigInt.asUintN(64, EXTREMES[pick(EXTREMES.length)]!), true);
  } else if (kind === 2) {
    return bytes.subarray(0, pick(bytes.length));
  } else {
    const at = pick(Math.max(1, bytes.length - 4)) & ~3;
    new DataView(bytes.buffer).setUint32(at, Number(BigInt.asUintN(32, EXTREMES[pick(EXTREMES.length)]!)), true);
  }
  return bytes;
}

describe('fuzzing the linker with damaged objects', () => {
  /** Links per seed: bounded so the test takes a few seconds. */
  const ROUNDS = 800;

  it(`${ROUNDS} damaged links per seed object end in an executable or diagnostics, never an exception`, () => {
    const next = rng(20260611);
    let executables = 0;
    let refused = 0;
    for (const seed of seeds()) {
      for (let i = 0; i < ROUNDS; i++) {
        const damaged = mutate(seed, next);
        const inputs = [{ name: 'damaged.o', data: damaged }];
        if (next() < 0.3) inputs.push({ name: 'intact.o', data: seed });
        const r = link(inputs);
        const internal = r.diagnostics.filter((d) => d.message.startsWith('internal linker error'));
        expect(internal, `round ${i}`).toEqual([]);
        if (r.executable) executables++;
        else {
          expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          refused++;
        }
      }
    }
    expect(executables).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
