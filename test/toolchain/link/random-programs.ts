/**
 * A fixed-seed generator of small multi-object assembly programs whose sections have random
 * sizes and alignments, for comparing our layout with GNU ld's: text that crosses pages, data
 * that does or does not fit the page it starts on, relro arrays, orphans, small data, .bss,
 * COMMON, weak definitions, .cfi unwind tables, merged strings, and cross-object references of every relocation
 * kind GNU as emits.
 */

import { seededRandom as rng } from '../../elf/tools';

/** The tests' seeded PRNG (mulberry32), so every run builds the same programs. */
export { rng };

/** One generated program: its objects' sources, and whether each is assembled for relaxation. */
export interface RandomProgram {
  objects: { name: string; source: string; relax: boolean }[];
}

/** Builds program number `index` of the sequence seeded by `seed`. */
export function randomProgram(seed: number, index: number): RandomProgram {
  const r = rng(seed * 7919 + index);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => r() < p;
  const count = int(1, 3);
  const objects: RandomProgram['objects'] = [];
  const align = () => pick([1, 2, 4, 8, 16, 32, 64]);
  const big = chance(0.3);
  for (let k = 0; k < count; k++) {
    const lines: string[] = [];
    const other = (k + 1) % count;
    lines.push('  .text');
    if (k === 0) lines.push('  .globl _start', '_start:');
    lines.push(`  .globl f${k}`, `f${k}:`);
    const cfi = chance(0.3);
    if (cfi) lines.push('  .cfi_startproc', '  addi sp, sp, -16', '  .cfi_def_cfa_offset 16');
    lines.push(`  call f${other}`, `  la a0, d${other}`, `  lla a1, r${other}`, `  lui a2, %hi(d${other})`, `  ld a2, %lo(d${other})(a2)`);
    lines.push(`  sd a3, %lo(d${other})(a2)`, `  la a4, b${other}`, `  beq a0, a1, f${other}`, `  j f${other}`, `  tail f${other}`);
    if (chance(0.5)) lines.push(`  .balign ${pick([4, 8, 16])}`, '  nop');
    lines.push(`  .zero ${big ? int(0, 5000) * 2 : int(0, 300) * 2}`, '  ret');
    if (cfi) lines.push('  .cfi_endproc');
    if (chance(0.3)) lines.push('  .weak w', 'w:', '  ret');
    lines.push('  .section .rodata', `  .balign ${align()}`, `  .globl r${k}`, `r${k}:`, `  .zero ${int(0, big ? 3000 : 200)}`);
    lines.push('  .data', `  .balign ${align()}`, `  .globl d${k}`, `d${k}:`, `  .dword r${other}, f${other}`, `  .zero ${int(0, big ? 4000 : 300)}`);
    if (chance(0.5)) lines.push('  .section .sdata,"aw"', `  .balign ${align()}`, `s${k}: .zero ${int(1, 64)}`);
    if (chance(0.4)) lines.push('  .section .srodata,"a"', `  .balign ${align()}`, `sr${k}: .zero ${int(1, 32)}`);
    if (chance(0.4)) lines.push('  .section .sbss,"aw",@nobits', `  .balign ${align()}`, `sb${k}: .zero ${int(1, 64)}`);
    lines.push('  .bss', `  .balign ${align()}`, `  .globl b${k}`, `b${k}:`, `  .zero ${int(0, big ? 9000 : 400)}`);
    if (chance(0.2)) lines.push('  .section .init_array,"aw"', `  .balign ${pick([8, 16])}`, `  .dword f${k}`);
    if (chance(0.15)) lines.push('  .section .fini_array,"aw"', '  .balign 8', `  .dword f${k}`);
    if (chance(0.2)) lines.push(`  .section .mytext${k % 2},"ax"`, `  .balign ${pick([2, 4, 8])}`, '  nop', `  call f${other}`);
    if (chance(0.2)) lines.push('  .section .myro,"a"', `  .balign ${align()}`, `  .zero ${int(1, 100)}`);
    if (chance(0.2)) lines.push('  .section .mydata,"aw"', `  .balign ${align()}`, `  .dword d${k}`);
    if (chance(0.2)) lines.push('  .section .mybss,"aw",@nobits', `  .balign ${align()}`, `  .zero ${int(1, 100)}`);
    if (k === 0 && chance(0.3)) lines.push(`  .comm common0, ${int(1, 200)}, ${pick([1, 4, 8, 16])}`);
    if (chance(0.3)) lines.push('  .section .note.GNU-stack,"",@progbits');
    if (chance(0.3)) lines.push('  .section .text.hot,"ax"', '  .balign 4', '  nop');
    if (chance(0.3)) {
      const words = ['hello world', 'world', 'ld', 'xyz', 'yz', 'hello', ''];
      const strings = Array.from({ length: int(1, 4) }, (_, j) => `str${k}_${j}: .string "${pick(words)}"`);
      lines.push('  .section .rodata.str1.1,"aMS",@progbits,1', ...strings, '  .text', `  la a5, str${k}_0`, '  .data', `  .dword str${k}_0 + 1`);
    }
    objects.push({ name: `p${index}_${k}`, source: `${lines.join('\n')}\n`, relax: chance(0.25) });
  }
  return { objects };
}
