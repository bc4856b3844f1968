import type { FuzzProgram, Item } from './generator';
import { BUF_BYTES, recordBytes, REG_S0, REG_SP, S0_BIAS, SP_BIAS, XNAMES } from './layout';
import { hex64 } from './values';

/**
 * The assembly harness around generated sequences. One ELF holds a batch of programs run one
 * after another; each program:
 *
 *   1. `gk_setup` copies its initial buffer into `gk_buf`, clears any LR reservation (an SC to
 *      a scratch word always fails and clears it), sets fcsr and, with FP, f0..f31;
 *   2. loads x1..x31 from its state block (t6 last), then pins sp = buf + SP_BIAS and
 *      s0 = buf + S0_BIAS;
 *   3. runs the generated units (labels `.Lp<k>_<id>` before each, `.Lp<k>_end` after);
 *   4. stores x1..x31 into the record at buf + BUF_BYTES (sp-relative), and `gk_finish` adds
 *      f0..f31, fcsr and a checksum of the buffer and writes the record to stdout (write, 64).
 *
 * After the last program it exits with status 0 (exit, 93). Records have a fixed size
 * (`recordBytes`), so stdout splits into per-program outputs.
 */

/** Offsets inside a program's state block (bytes). */
const STATE_X = 0;
const STATE_F = 31 * 8;
const STATE_FCSR = STATE_F + 32 * 8;
const STATE_BUF = STATE_FCSR + 8;

/** Linux riscv64 syscall numbers used by the harness (asm-generic/unistd.h). */
const SYS_WRITE = 64;
const SYS_EXIT = 93;
const STDOUT_FILENO = 1;
/** Family name of the self-modifying-code units (gen-int.ts). */
const SMC_FAMILY = 'smc';
/** Sv39 base page size in bytes. */
const PAGE_BYTES = 4096;

/** Harness switches. */
export interface HarnessOptions {
  /** Load and dump f0..f31 (only when the emulator executes F/D). */
  fp: boolean;
}

/** Assembly source (GNU as syntax, rv64gc) of one ELF running `programs` in order. */
export function batchSource(programs: FuzzProgram[], opts: HarnessOptions): string {
  // Self-modifying units need code they can store to: a writable, executable section then.
  const smc = programs.some((p) => p.items.some((it) => it.family === SMC_FAMILY));
  const code = smc ? '\t.section .gkcode, "awx", @progbits' : '\t.text';
  // A fixed .file name keeps the build reproducible (gcc would name the object after a temp file).
  const out: string[] = ['\t.file "gk-fuzz.s"', '\t.option norelax', code, '\t.globl _start', '_start:'];
  programs.forEach((p, k) => out.push(...programText(p, k)));
  out.push(`\tli a0, 0`, `\tli a7, ${SYS_EXIT}`, '\tecall', '');
  out.push(...subroutines(opts));
  // gk_buf + SP_BIAS sits on a page boundary, so misaligned accesses near sp cross pages.
  out.push('\t.data', `\t.balign ${PAGE_BYTES}`, `\t.zero ${PAGE_BYTES - SP_BIAS}`);
  out.push(`gk_buf:\t.zero ${BUF_BYTES}`, `gk_rec:\t.zero ${recordBytes(true)}`, 'gk_scratch:\t.zero 8');
  programs.forEach((p, k) => out.push(...stateData(p, k)));
  return out.join('\n') + '\n';
}

/** The code of program k: setup, register loads, the units, the register dump. */
function programText(p: FuzzProgram, k: number): string[] {
  const out = [`# program ${k}: ${p.name} (${p.rvc ? 'rvc' : 'norvc'}${p.fp ? ', fp' : ''})`];
  out.push(`\tlla a0, gk_state_${k}`, '\tcall gk_setup', `\tlla t6, gk_state_${k}`);
  for (let x = 1; x < 31; x++) {
    if (x !== REG_SP && x !== REG_S0) out.push(`\tld ${XNAMES[x]}, ${STATE_X + 8 * (x - 1)}(t6)`);
  }
  out.push(`\tlla sp, gk_buf + ${SP_BIAS}`, `\tlla s0, gk_buf + ${S0_BIAS}`, `\tld t6, ${STATE_X + 8 * 30}(t6)`);
  out.push('\t.option push', `\t.option ${p.rvc ? 'rvc' : 'norvc'}`);
  out.push(...unitsText(p.items, k));
  out.push('\t.option pop');
  for (let x = 1; x <= 31; x++) out.push(`\tsd ${XNAMES[x]}, ${BUF_BYTES - SP_BIAS + 8 * (x - 1)}(sp)`);
  out.push('\tcall gk_finish');
  return out;
}

/** The units with their labels; `%T` resolved to the first surviving unit at or after the target. */
export function unitsText(items: Item[], k: number): string[] {
  const out: string[] = [];
  const label = (target: number) => {
    const t = items.find((it) => it.id >= target);
    return t ? `.Lp${k}_${t.id}` : `.Lp${k}_end`;
  };
  for (const it of items) {
    out.push(`.Lp${k}_${it.id}:`);
    for (const line of it.lines) out.push('\t' + (it.target === undefined ? line : line.replace('%T', label(it.target))));
  }
  out.push(`.Lp${k}_end:`);
  return out;
}

/** gk_setup (a0 = state block) and gk_finish (dump, checksum, write). */
function subroutines(opts: HarnessOptions): string[] {
  const out = ['gk_setup:', '\tlla a1, gk_scratch', '\tsc.d zero, zero, (a1)'];
  out.push(`\taddi a1, a0, ${STATE_BUF}`, '\tlla a2, gk_buf', `\tli a3, ${BUF_BYTES / 8}`);
  out.push('1:\tld a4, 0(a1)', '\tsd a4, 0(a2)', '\taddi a1, a1, 8', '\taddi a2, a2, 8', '\taddi a3, a3, -1', '\tbnez a3, 1b');
  out.push(`\tld a4, ${STATE_FCSR}(a0)`, '\tfscsr a4');
  if (opts.fp) for (let f = 0; f < 32; f++) out.push(`\tfld f${f}, ${STATE_F + 8 * f}(a0)`);
  out.push('\tret', '');
  const fcsrOff = 8 * (31 + (opts.fp ? 32 : 0));
  out.push('gk_finish:', '\tlla t0, gk_rec');
  if (opts.fp) for (let f = 0; f < 32; f++) out.push(`\tfsd f${f}, ${8 * (31 + f)}(t0)`);
  out.push('\tfrcsr t1', `\tsd t1, ${fcsrOff}(t0)`);
  // checksum: h = rotl(h ^ d, 7) + i over the buffer's doublewords (base I only).
  out.push('\tlla t1, gk_buf', '\tli t2, 0', '\tli t3, 0');
  out.push(`1:\tld t4, 0(t1)`, '\txor t2, t2, t4', '\tslli t4, t2, 7', '\tsrli t2, t2, 57', '\tor t2, t2, t4', '\tadd t2, t2, t3');
  out.push('\taddi t1, t1, 8', '\taddi t3, t3, 1', `\tli t4, ${BUF_BYTES / 8}`, '\tbltu t3, t4, 1b');
  out.push(`\tsd t2, ${fcsrOff + 8}(t0)`);
  out.push(`\tli a0, ${STDOUT_FILENO}`, '\tmv a1, t0', `\tli a2, ${recordBytes(opts.fp)}`, `\tli a7, ${SYS_WRITE}`, '\tecall', '\tret', '');
  return out;
}

/** Program k's state block: x1..x31, f0..f31, fcsr, buffer. */
function stateData(p: FuzzProgram, k: number): string[] {
  const q = (v: bigint) => `\t.quad ${hex64(v)}`;
  const out = ['\t.balign 8', `gk_state_${k}:`];
  out.push(...p.intRegs.map(q), ...p.fpRegs.map(q), q(BigInt(p.fcsr)));
  const view = new DataView(p.buffer.buffer, p.buffer.byteOffset, p.buffer.byteLength);
  for (let i = 0; i < BUF_BYTES; i += 8) out.push(q(view.getBigUint64(i, true)));
  return out;
}
