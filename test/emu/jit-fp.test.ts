import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Exception } from '../../src/emu/trap';
import { PAGE_SIZE } from '../../src/emu/sv39';
import { loadElf, runGuest } from './guest';
import { Machine, PTE_A, PTE_D, R, USER_R, USER_RWX, ins, program } from './machine';

/**
 * The block compiler's F/D code (src/emu/jit/codegen-fp.ts) against the interpreter (execFp):
 * same f and x registers, same fcsr (fflags accrued exactly), same memory and the same precise
 * traps, on real FP programs and on a hot loop over special values in every rounding mode.
 */

const CODE = 0x10000;
const DATA = 0x40000;
const OUT = 0x48000;
const UNMAPPED = 0x50000;
const ROOT = path.resolve(__dirname, '../..');
const BUDGETS = [1, 2, 3, 5, 8, 13, 997, 10_000, 1, 7, 65_537, 31, 4096, 100_003];
const CSR_FRM = 0x002, CSR_FFLAGS = 0x001;
const RM_RNE = 0, RM_RTZ = 1, RM_RMM = 4, RM_DYN = 7;
/** ABI numbers of the registers machine.ts's R does not name. */
const X = { s2: 18, s3: 19, t3: 28, t4: 29, t5: 30, t6: 31 } as const;

function machine(engine: 'jit' | 'interpreter', size = 16 * 1024 * 1024): Machine {
  const m = new Machine(size);
  m.hart.engine = engine;
  return m;
}

/** Integer and FP registers, fcsr, pc and instret as one comparable value. */
function state(m: Machine) {
  const h = m.hart;
  return {
    pc: h.pc, instret: h.instret, fcsr: h.fcsr,
    x: Array.from({ length: 32 }, (_, i) => h.getX(i).toString(16)),
    f: Array.from({ length: 32 }, (_, i) => h.getF(i).toString(16)),
  };
}

/** Runs interpreter and compiler through the same budgets; ecall = write (a0 = a2) or exit (a7 93/94). */
function lockstep(setup: (m: Machine) => void, budgets: number[], total: number) {
  const a = machine('interpreter'), b = machine('jit');
  setup(a); setup(b);
  let i = 0;
  let last = { kind: 'budget' } as ReturnType<typeof a.hart.run>;
  while (a.hart.instret < total) {
    const budget = budgets[i++ % budgets.length];
    const sa = a.hart.run(budget), sb = b.hart.run(budget);
    expect(sb).toEqual(sa);
    expect(state(b)).toEqual(state(a));
    last = sa;
    if (sa.kind === 'trap') {
      if (sa.scause !== Exception.EnvironmentCallFromUMode) break;
      const nr = Number(a.hart.getX(R.a7));
      if (nr === 93 || nr === 94) break;
      for (const m of [a, b]) { m.hart.setX(R.a0, m.hart.getX(R.a2)); m.hart.pc = sa.sepc + 4; }
    }
  }
  expect(Buffer.compare(Buffer.from(b.mem.u8), Buffer.from(a.mem.u8))).toBe(0);
  return { a, b, last };
}

describe('block compiler, F/D: same results as the interpreter on real programs', () => {
  for (const [name, file, total] of [
    ['fpops (every F/D op, every rounding mode)', 'test/fixtures/fp/fpops', 3_000_000],
    ['fpmat benchmark (double matrix multiply, single dot product)', 'examples/bench/bin/fpmat', 3_000_000],
  ] as const) {
    it(`${name}: x/f registers, fcsr, pc, instret and memory identical at every budget stop`, () => {
      const elf = new Uint8Array(fs.readFileSync(path.join(ROOT, file)));
      const { b } = lockstep((m) => loadElf(m, elf), BUDGETS, total);
      expect(b.hart.jit.stats.regionRuns).toBeGreaterThan(0);
    });
  }

  it('fpmat runs to completion in compiled code and prints what qemu-riscv64 prints (checksum bits and fflags)', () => {
    const m = machine('jit');
    loadElf(m, new Uint8Array(fs.readFileSync(path.join(ROOT, 'examples/bench/bin/fpmat'))));
    const run = runGuest(m, 400_000_000);
    // recorded with `qemu-riscv64 examples/bench/bin/fpmat` (qemu 7.2)
    expect(run.stdout).toBe('fpmat: 0xc081dbe2bb00c85e\nfpmat-single: 0x00000000432bd029\nfpmat-fflags: 0x0000000000000001\n');
    expect(run.exitCode).toBe(0);
    // F/D instructions no longer end regions: the interpreter runs only a handful of instructions
    expect(m.hart.jit.stats.interpreted).toBeLessThan(1000);
  });
});

/**
 * Doubles covering every tier of the compiled code: NaNs, infinities, zeros, subnormals, range
 * edges. The first three make fmadd.d's double-rounding trap: (1 + 2^-52)^2 + 4 = 5 + 2^-51 + 2^-104
 * exactly, just above a tie, so it must round to 5 + 2^-50 (naive RN(th + RN(tl + ul)) gives 5).
 */
const DOUBLES = [
  1 + 2 ** -52, 1 + 2 ** -52, 4, 0, -0, 1, -1, 1 / 3, -2 / 3, 2 ** -1022, 2 ** -1070, -(2 ** -1074), Number.MAX_VALUE, Infinity, -Infinity, NaN,
  2 ** 995, 2 ** -900, 1e308, 3.5, -7.25, 1e-310, 0.1, 123456789.123, 2 ** 53 + 2, 1e16, -(2 ** 600), 2 ** -500, 1.5,
];
/** Single bit patterns (flw): zeros, 1, 1/3, max, min normal, subnormal, infinities, qNaN, sNaN. */
const SINGLES = [0, 0x80000000, 0x3f800000, 0x3eaaaaab, 0x7f7fffff, 0x00800000, 0x00000001, 0x7f800000, 0xff800000,
  0x7fc00000, 0x7f800001, 0x3dcccccd, 0xc0200000, 0x4b800001, 0x1e3ce508, 0x5e3ce508, 0xbf800000, 0x3f000000];
const SIGNALLING_NAN_D = 0x7ff0000000000001n;
const ITERATIONS = DOUBLES.length - 2;

/**
 * After an op: folds its result's bits (f `reg`, or x `reg` when isX) into s1 and the fflags it
 * raised (read and cleared with csrrw: a CSR ends the compiled block, the op itself stays
 * compiled) into s0, each by xor and rotate.
 */
function fold(reg: number, isX = false): number[] {
  const out = isX ? [] : [ins('fmv.x.d', { rd: R.t1, rs1: reg })];
  const src = isX ? reg : R.t1;
  const mix = (acc: number, v: number) => [ins('xor', { rd: acc, rs1: acc, rs2: v }), ins('slli', { rd: R.t2, rs1: acc, imm: 7 }),
    ins('srli', { rd: acc, rs1: acc, imm: 57 }), ins('or', { rd: acc, rs1: acc, rs2: R.t2 })];
  return [...out, ...mix(R.s1, src), ins('csrrw', { rd: R.t1, csr: CSR_FFLAGS, rs1: 0 }), ...mix(R.s0, R.t1)];
}

/**
 * The op-table loop: per iteration loads three doubles (f10-f12, from a3) and three singles
 * (f13-f15, from a4), runs ~40 F/D ops in several rounding modes, folds every result into s1,
 * and its fflags into s0, stores some results (fsd/fsw to a5). The outer loop runs
 * the table once per frm value in t3 (0..4), then once with the reserved frm 5 (illegal).
 */
function opTableProgram(): Uint8Array {
  const D0 = 10, D1 = 11, D2 = 12, S0 = 13, S1 = 14, S2 = 15, T = 0;
  const body: number[] = [
    ins('fld', { rd: D0, rs1: R.a3, imm: 0 }), ins('fld', { rd: D1, rs1: R.a3, imm: 8 }), ins('fld', { rd: D2, rs1: R.a3, imm: 16 }),
    ins('flw', { rd: S0, rs1: R.a4, imm: 0 }), ins('flw', { rd: S1, rs1: R.a4, imm: 4 }), ins('flw', { rd: S2, rs1: R.a4, imm: 8 }),
  ];
  const binD = ['fadd.d', 'fsub.d', 'fmul.d', 'fdiv.d'];
  const binS = ['fadd.s', 'fsub.s', 'fmul.s', 'fdiv.s'];
  for (const rm of [RM_DYN, RM_RNE, RM_RTZ]) {
    for (const m of binD) body.push(ins(m, { rd: T, rs1: D0, rs2: D1, rm }), ...fold(T));
    for (const m of binS) body.push(ins(m, { rd: T, rs1: S0, rs2: S1, rm }), ...fold(T));
    for (const m of ['fmadd.d', 'fmsub.d', 'fnmsub.d', 'fnmadd.d']) body.push(ins(m, { rd: T, rs1: D0, rs2: D1, rs3: D2, rm }), ...fold(T));
  }
  for (const m of ['fmadd.s', 'fnmadd.s']) body.push(ins(m, { rd: T, rs1: S0, rs2: S1, rs3: S2, rm: RM_DYN }), ...fold(T));
  body.push(ins('fadd.d', { rd: T, rs1: S0, rs2: D1, rm: RM_RMM }), ...fold(T)); // single as double: raw bits
  body.push(ins('fadd.s', { rd: T, rs1: D0, rs2: S1, rm: RM_DYN }), ...fold(T)); // unboxed: canonical NaN
  body.push(ins('fsqrt.d', { rd: T, rs1: D0, rm: RM_DYN }), ...fold(T), ins('fsqrt.s', { rd: T, rs1: S0, rm: RM_DYN }), ...fold(T));
  for (const m of ['fsgnj.d', 'fsgnjn.d', 'fsgnjx.d', 'fmin.d', 'fmax.d']) body.push(ins(m, { rd: T, rs1: D0, rs2: D1 }), ...fold(T));
  for (const m of ['fsgnj.s', 'fsgnjn.s', 'fsgnjx.s', 'fmin.s']) body.push(ins(m, { rd: T, rs1: S0, rs2: D1 }), ...fold(T));
  for (const m of ['feq.d', 'flt.d', 'fle.d']) body.push(ins(m, { rd: X.t4, rs1: D0, rs2: D1 }), ...fold(X.t4, true));
  for (const m of ['feq.s', 'flt.s', 'fle.s']) body.push(ins(m, { rd: X.t4, rs1: S0, rs2: S2 }), ...fold(X.t4, true));
  body.push(ins('fclass.d', { rd: X.t4, rs1: D0 }), ...fold(X.t4, true), ins('fclass.s', { rd: X.t4, rs1: S0 }), ...fold(X.t4, true));
  body.push(ins('fcvt.w.d', { rd: X.t4, rs1: D0, rm: RM_DYN }), ...fold(X.t4, true), ins('fcvt.lu.s', { rd: X.t4, rs1: S0, rm: RM_RTZ }), ...fold(X.t4, true));
  body.push(ins('fmv.x.w', { rd: X.t4, rs1: S1 }), ...fold(X.t4, true));
  body.push(ins('ld', { rd: X.t5, rs1: R.a3, imm: 0 }));
  body.push(ins('fcvt.d.w', { rd: T, rs1: X.t5 }) | (RM_DYN << 12), ...fold(T)); // dynamic rm: exact, still traps on a bad frm
  body.push(ins('fcvt.d.wu', { rd: T, rs1: X.t5 }), ...fold(T), ins('fcvt.d.l', { rd: T, rs1: X.t5, rm: RM_DYN }), ...fold(T));
  body.push(ins('fcvt.s.l', { rd: T, rs1: X.t5, rm: RM_DYN }), ...fold(T));
  body.push(ins('fmv.d.x', { rd: T, rs1: X.t5 }), ...fold(T), ins('fmv.w.x', { rd: T, rs1: X.t5 }), ...fold(T));
  body.push(ins('fcvt.s.d', { rd: T, rs1: D0, rm: RM_DYN }), ...fold(T), ins('fcvt.d.s', { rd: T, rs1: S0 }), ...fold(T));
  body.push(ins('fsd', { rs1: R.a5, rs2: D0, imm: 0 }), ins('fsw', { rs1: R.a5, rs2: S0, imm: 8 }), ins('fsd', { rs1: R.a5, rs2: T, imm: 12 }));
  body.push(ins('addi', { rd: R.a3, rs1: R.a3, imm: 8 }), ins('addi', { rd: R.a4, rs1: R.a4, imm: 4 }), ins('addi', { rd: R.a5, rs1: R.a5, imm: 20 }));
  body.push(ins('addi', { rd: R.a6, rs1: R.a6, imm: -1 }));
  const inner = [...body];
  inner.push(ins('bne', { rs1: R.a6, rs2: 0, imm: -4 * inner.length }));
  // outer: frm = t3; a6 = ITERATIONS; reset a3/a4; run inner; t3++; loop while t3 != 6; ecall (exit)
  const outerHead = [
    ins('csrrw', { rd: 0, csr: CSR_FRM, rs1: X.t3 }), ins('addi', { rd: R.a6, rs1: 0, imm: ITERATIONS }),
    ins('addi', { rd: R.a3, rs1: X.s2, imm: 0 }), ins('addi', { rd: R.a4, rs1: X.s3, imm: 0 }),
  ];
  const outerTail = [ins('addi', { rd: X.t3, rs1: X.t3, imm: 1 }), ins('addi', { rd: X.t6, rs1: 0, imm: 6 })];
  const backLen = outerHead.length + inner.length + outerTail.length;
  outerTail.push(ins('bne', { rs1: X.t3, rs2: X.t6, imm: -4 * backLen }), ins('ecall'));
  return program([...outerHead, ...inner, ...outerTail]);
}

function opTableSetup(m: Machine): void {
  m.loadCode(CODE, opTableProgram());
  m.map(DATA, USER_RWX | PTE_A | PTE_D);
  for (let p = 0; p < 8; p++) m.map(OUT + p * PAGE_SIZE, USER_RWX | PTE_A | PTE_D);
  const view = new DataView(new ArrayBuffer(8));
  DOUBLES.forEach((d, i) => { view.setFloat64(0, d, true); m.mem.write64(m.pa(DATA + 8 * i), view.getBigUint64(0, true)); });
  m.mem.write64(m.pa(DATA + 8 * DOUBLES.indexOf(0.1)), SIGNALLING_NAN_D); // a signalling NaN among the doubles
  DOUBLES.forEach((_, i) => m.mem.write32(m.pa(DATA + 0x800 + 4 * i), SINGLES[i % SINGLES.length]));
  m.hart.setX(X.s2, BigInt(DATA));
  m.hart.setX(X.s3, BigInt(DATA + 0x800));
  m.hart.setX(R.a5, BigInt(OUT));
  m.hart.setX(R.a7, 93n);
}

describe('block compiler, F/D: special values in every rounding mode', () => {
  it('a hot loop of ~50 F/D ops over NaNs, infinities, zeros and subnormals: identical state at every stop', () => {
    for (const budgets of [BUDGETS, [1_000_000]]) {
      const { b, last } = lockstep(opTableSetup, budgets, 10_000_000);
      // the last pass runs with the reserved frm 5: the first dynamic-rm op traps, precisely
      expect(last).toMatchObject({ kind: 'trap', scause: Exception.IllegalInstruction, sepc: CODE + 4 * 10 });
      expect(b.hart.getX(X.t3)).toBe(5n);
      expect(b.hart.jit.stats.regionRuns).toBeGreaterThan(0);
    }
  });
});

describe('block compiler, F/D: precise traps inside compiled code', () => {
  const addi = (rd: number, rs1: number, imm: number) => ins('addi', { rd, rs1, imm });

  for (const [access, cause] of [['fld', Exception.LoadPageFault], ['flw', Exception.LoadPageFault],
    ['fsd', Exception.StorePageFault], ['fsw', Exception.StorePageFault]] as const) {
    it(`an ${access} fault mid-block retires the earlier instructions only (sepc, stval, instret exact)`, () => {
      const mem = access.startsWith('fl') ? ins(access, { rd: 3, rs1: R.a3, imm: 0 }) : ins(access, { rs1: R.a3, rs2: 3, imm: 0 });
      const code = program([addi(R.a0, R.a0, 1), ins('fmv.d.x', { rd: 3, rs1: R.a0 }), mem, addi(R.a4, R.a4, 3), ins('ecall')]);
      const m = machine('jit');
      m.loadCode(CODE, code);
      m.hart.setX(R.a3, BigInt(UNMAPPED + 8));
      expect(m.hart.run(100)).toEqual({ kind: 'trap', scause: cause, stval: UNMAPPED + 8, sepc: CODE + 8 });
      expect(m.hart.instret).toBe(2);
      expect(m.hart.getF(3)).toBe(1n);
      expect(m.hart.getX(R.a4)).toBe(0n);
      expect(m.hart.jit.stats.compiled).toBe(1);
      m.map(UNMAPPED, USER_RWX | PTE_A | PTE_D);
      m.hart.flushTlb();
      expect(m.hart.run(100)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, sepc: CODE + 16 });
      expect(m.hart.getX(R.a4)).toBe(3n);
    });
  }

  it('an fsd crossing from a writable page into a read-only one faults at the boundary and writes nothing', () => {
    const code = program([addi(R.a0, R.a0, 1), ins('fsd', { rs1: R.a3, rs2: 1, imm: 0 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code);
      m.map(DATA, USER_RWX | PTE_A | PTE_D);
      m.map(DATA + PAGE_SIZE, USER_R | PTE_A);
      m.hart.setF(1, 0x1122334455667788n);
      m.hart.setX(R.a3, BigInt(DATA + PAGE_SIZE - 4));
    };
    const { b, last } = lockstep(setup, [50], 10);
    expect(last).toEqual({ kind: 'trap', scause: Exception.StorePageFault, stval: DATA + PAGE_SIZE, sepc: CODE + 4 });
    expect(b.hart.instret).toBe(1);
    expect(b.mem.read32(b.pa(DATA + PAGE_SIZE - 4))).toBe(0);
  });

  it('a dynamic-rm op with a reserved frm traps as IllegalInstruction (stval = bits) after the earlier instructions retire', () => {
    const fadd = ins('fadd.d', { rd: 1, rs1: 2, rs2: 3, rm: RM_DYN });
    const code = program([addi(R.a0, R.a0, 1), ins('fmv.d.x', { rd: 2, rs1: R.a0 }), fadd, addi(R.a1, R.a1, 1), ins('ecall')]);
    const m = machine('jit');
    m.loadCode(CODE, code);
    m.hart.fcsr = 5 << 5; // frm = 5: reserved
    expect(m.hart.run(100)).toEqual({ kind: 'trap', scause: Exception.IllegalInstruction, stval: fadd, sepc: CODE + 8 });
    expect(m.hart.instret).toBe(2);
    expect(m.hart.getX(R.a0)).toBe(1n);
    expect(m.hart.getF(2)).toBe(1n);
    expect(m.hart.getX(R.a1)).toBe(0n);
    expect(m.hart.jit.stats.compiled).toBe(1);
    m.hart.fcsr = 0; // the kernel would deliver SIGILL; here we fix frm and resume at sepc
    expect(m.hart.run(100)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, sepc: CODE + 16 });
    expect(m.hart.getX(R.a1)).toBe(1n);
  });

  it('self-modifying code: an fsd patching the running loop takes effect at once', () => {
    // 0: addi a0,a0,1 ; 4: addi a1,a1,1 ; 8: bne a1,a2,0 ; 12: fsd f1,0(t0) (patches 0 and 4) ;
    // 16: addi a2,a2,100 ; 20: bne a2,t2,0 ; 24: ecall
    const patchLo = addi(R.a0, R.a0, 5), patchHi = addi(R.a1, R.a1, 1);
    const code = program([addi(R.a0, R.a0, 1), addi(R.a1, R.a1, 1), ins('bne', { rs1: R.a1, rs2: R.a2, imm: -8 }),
      ins('fsd', { rs1: R.t0, rs2: 1, imm: 0 }), addi(R.a2, R.a2, 100), ins('bne', { rs1: R.a2, rs2: R.t2, imm: -20 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code, USER_RWX | PTE_A | PTE_D);
      m.hart.setX(R.t0, BigInt(CODE));
      m.hart.setF(1, (BigInt(patchHi) << 32n) | BigInt(patchLo));
      m.hart.setX(R.a2, 100n);
      m.hart.setX(R.t2, 300n);
      m.hart.setX(R.a7, 93n);
    };
    for (const budgets of [[1_000_000], [3, 17, 250]]) {
      const { b } = lockstep(setup, budgets, 2000);
      expect(b.hart.getX(R.a0)).toBe(100n + 100n * 5n);
      expect(b.hart.pc).toBe(CODE + 24);
    }
  });
});
