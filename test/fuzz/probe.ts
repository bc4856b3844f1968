import { buildElf, runOurs } from './tools';

/**
 * Does Glasskernel execute F and D? Builds a small program touching every F/D instruction class
 * (loads/stores, arithmetic, fused multiply-add, sqrt, conversions, moves, compares, fclass,
 * the compressed FP loads/stores) and runs it: supported when it exits 0 instead of dying with
 * SIGILL. Resolves to false when the program cannot be built.
 */
export async function emulatorRunsFp(): Promise<boolean> {
  const source = [
    '\t.option norelax', '\t.text', '\t.globl _start', '_start:',
    '\tlla s0, buf', '\tli t0, 0x4008000000000000', '\tfmv.d.x fs0, t0', '\tfsd fs0, 0(s0)', '\tfld fs1, 0(s0)',
    '\tflw fa0, 8(s0)', '\tfsw fa0, 12(s0)', '\tc.fld fa1, 16(s0)', '\tc.fsd fa1, 24(s0)',
    '\tfadd.d fa2, fs0, fs1, rtz', '\tfmul.s fa3, fa0, fa0', '\tfmadd.d fa4, fs0, fs1, fa2', '\tfnmsub.s fa5, fa0, fa0, fa3',
    '\tfsqrt.d fa6, fs0', '\tfdiv.s fa7, fa0, fa3', '\tfmin.d ft0, fs0, fs1', '\tfsgnjn.s ft1, fa0, fa3',
    '\tfcvt.w.d a0, fs0', '\tfcvt.lu.s a1, fa0', '\tfcvt.d.l ft2, a1', '\tfcvt.s.d ft3, ft2', '\tfcvt.d.s ft4, ft3',
    '\tfmv.x.w a2, ft3', '\tfmv.w.x ft5, a2', '\tfeq.d a3, fs0, fs1', '\tflt.s a4, fa0, fa3', '\tfclass.d a5, fs0',
    '\tfrflags a6', '\tli a0, 0', '\tli a7, 93', '\tecall',
    '\t.data', '\t.balign 8', 'buf:\t.zero 64', '',
  ].join('\n');
  const built = await buildElf(source);
  if (!built.elf) return false;
  return runOurs(built.elf).exitCode === 0;
}
