import { describe, expect, it } from 'vitest';
import { Hart } from '../../src/emu/hart';
import { PhysicalMemory } from '../../src/emu/memory';
import { Exception } from '../../src/emu/trap';
import { encodeByName } from '../../src/isa/encode';
import { D, DYN, DZ, FP_DATA_VA, NX, RMM, RNE, S, boxS, fp1, fpRun } from './fpharness';
import { R, ins } from './machine';

const CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003;
const base = BigInt(FP_DATA_VA);

describe('FP loads and stores', () => {
  it('flw NaN-boxes, fld loads 64 bits, fsw stores the low 32 bits of any register, fsd all 64', () => {
    const { m } = fpRun([
      ins('sd', { rs1: R.a0, rs2: R.a1, imm: 0 }),
      ins('flw', { rd: 1, rs1: R.a0, imm: 0 }),
      ins('fld', { rd: 0, rs1: R.a0, imm: 0 }),
      ins('fsw', { rs1: R.a0, rs2: 2, imm: 8 }),
      ins('fsd', { rs1: R.a0, rs2: 3, imm: 16 }),
      ins('ld', { rd: R.a2, rs1: R.a0, imm: 8 }),
      ins('ld', { rd: R.a3, rs1: R.a0, imm: 16 }),
    ], {
      x: { [R.a0]: base, [R.a1]: 0x0123456789abcdefn, [R.a2]: 0n },
      f: { 2: 0x1111111122222222n, 3: 0xfedcba9876543210n },
    });
    expect(m.hart.getF(1)).toBe(0xffffffff89abcdefn);
    expect(m.hart.getF(0)).toBe(0x0123456789abcdefn); // f0 is a real register
    expect(m.hart.getX(R.a2) & 0xffffffffn).toBe(0x22222222n);
    expect(m.hart.getX(R.a3)).toBe(0xfedcba9876543210n);
  });
  it('misaligned fld/fsd work', () => {
    const { m } = fpRun([
      ins('fsd', { rs1: R.a0, rs2: 4, imm: 3 }),
      ins('fld', { rd: 5, rs1: R.a0, imm: 3 }),
    ], { x: { [R.a0]: base }, f: { 4: D(Math.PI) } });
    expect(m.hart.getF(5)).toBe(D(Math.PI));
  });
  it('c.fsd/c.fld and c.fsdsp/c.fldsp move doubles through memory', () => {
    const { m, stop } = fpRun([
      ins('c.fsd', { rs1: R.a0, rs2: 8, imm: 8 }),
      ins('c.fld', { rd: 9, rs1: R.a0, imm: 8 }),
      ins('c.fsdsp', { rs2: 20, imm: 32 }),
      ins('c.fldsp', { rd: 21, imm: 32 }),
    ], { x: { [R.a0]: base, [R.sp]: base + 64n }, f: { 8: D(-2.75), 20: S(7) } });
    expect(stop.kind === 'trap' && stop.scause).toBe(Exception.EnvironmentCallFromUMode);
    expect(m.hart.getF(9)).toBe(D(-2.75));
    expect(m.hart.getF(21)).toBe(S(7));
  });
  it('a faulting FP load traps with the address and leaves the register unchanged', () => {
    const { m, stop } = fpRun([ins('fld', { rd: 6, rs1: R.a0, imm: 0 })], { x: { [R.a0]: 0x7000000n }, f: { 6: D(1) } });
    expect(stop).toMatchObject({ kind: 'trap', scause: Exception.LoadPageFault, stval: 0x7000000 });
    expect(m.hart.getF(6)).toBe(D(1));
  });
});

describe('rounding-mode legality', () => {
  it('static rm 5 and 6 are illegal instructions (stval = the bits); nothing retires', () => {
    for (const rm of [5, 6]) {
      const bits = (ins('fadd.s', { rd: 10, rs1: 11, rs2: 12, rm: 0 }) | (rm << 12)) >>> 0;
      const { m, stop } = fpRun([bits], { f: { 11: S(1), 12: S(2), 10: S(9) } });
      expect(stop).toMatchObject({ kind: 'trap', scause: Exception.IllegalInstruction, stval: bits });
      expect(m.hart.getF(10)).toBe(S(9));
    }
  });
  it('rm = dyn with frm 5, 6 or 7 is illegal; an op without rm runs whatever frm holds', () => {
    for (const frm of [5, 6, 7]) {
      expect(fp1('fmul.d', { f1: D(1), f2: D(2) }, DYN, frm).stop).toMatchObject({ scause: Exception.IllegalInstruction });
      expect(fp1('fcvt.w.s', { f1: S(1) }, DYN, frm).stop).toMatchObject({ scause: Exception.IllegalInstruction });
      const ok = fp1('fsgnj.d', { f1: D(1), f2: D(-1) }, DYN, frm);
      expect(ok.stop).toMatchObject({ scause: Exception.EnvironmentCallFromUMode });
      expect(ok.value).toBe(D(-1));
    }
    expect(fp1('fmul.d', { f1: D(1), f2: D(2) }, RMM, 7).value).toBe(D(2)); // static rm ignores frm
  });
  it('fcvt.d.w/fcvt.d.s with a nonzero rm (which objdump does not decode) execute, as on qemu', () => {
    const bits = (ins('fcvt.d.w', { rd: 10, rs1: 11 }) | (DYN << 12)) >>> 0;
    const { m } = fpRun([bits], { x: { 11: 0xfffffffffffffffdn } });
    expect(m.hart.getF(10)).toBe(D(-3));
    const bad = (ins('fcvt.d.s', { rd: 10, rs1: 11 }) | (5 << 12)) >>> 0;
    expect(fpRun([bad]).stop).toMatchObject({ scause: Exception.IllegalInstruction, stval: bad });
  });
});

describe('fcsr, frm and fflags are the real FP state', () => {
  it('flags accrue across instructions until software clears them; frflags/frrm/frcsr read them', () => {
    const { m } = fpRun([
      ins('fdiv.d', { rd: 1, rs1: 2, rs2: 3, rm: DYN }), // 1 / 0: DZ
      ins('fadd.s', { rd: 4, rs1: 5, rs2: 6, rm: RNE }), // 1 + 2^-24: NX
      ins('csrrs', { rd: R.a0, csr: CSR_FFLAGS, rs1: 0 }),
      ins('csrrs', { rd: R.a1, csr: CSR_FRM, rs1: 0 }),
      ins('csrrs', { rd: R.a2, csr: CSR_FCSR, rs1: 0 }),
      ins('csrrw', { rd: 0, csr: CSR_FFLAGS, rs1: 0 }),
      ins('csrrs', { rd: R.a3, csr: CSR_FCSR, rs1: 0 }),
    ], { f: { 2: D(1), 3: D(0), 5: S(1), 6: S(2 ** -24) }, frm: 3 });
    expect(m.hart.getX(R.a0)).toBe(BigInt(DZ | NX));
    expect(m.hart.getX(R.a1)).toBe(3n);
    expect(m.hart.getX(R.a2)).toBe(BigInt((3 << 5) | DZ | NX));
    expect(m.hart.getX(R.a3)).toBe(3n << 5n);
  });
  it('fsrm changes the rounding of the following dynamic-rm instruction; fcsr writes keep only 8 bits', () => {
    const { m } = fpRun([
      ins('csrrwi', { rd: 0, csr: CSR_FRM, imm: 3 }), // RUP
      ins('fadd.s', { rd: 1, rs1: 2, rs2: 3, rm: DYN }),
      ins('csrrw', { rd: 0, csr: CSR_FCSR, rs1: R.a0 }),
      ins('csrrs', { rd: R.a1, csr: CSR_FCSR, rs1: 0 }),
    ], { f: { 2: S(1), 3: S(2 ** -24) }, x: { [R.a0]: 0xfffn } });
    expect(m.hart.getF(1)).toBe(boxS(0x3f800001));
    expect(m.hart.getX(R.a1)).toBe(0xffn);
  });
  it('saveContext/restoreContext carry the f registers (raw bits) and fcsr', () => {
    const { m } = fpRun([ins('fdiv.s', { rd: 7, rs1: 2, rs2: 3, rm: DYN })], { f: { 2: S(1), 3: S(3), 31: 0x7ff0000000000001n }, frm: 1 });
    const ctx = m.hart.saveContext();
    expect(ctx.f[7]).toBe(boxS(0x3eaaaaaa));
    expect(ctx.f[31]).toBe(0x7ff0000000000001n);
    expect(ctx.fcsr).toBe((1 << 5) | NX);
    const other = new Hart(new PhysicalMemory(1 << 20));
    other.restoreContext(ctx);
    expect(other.getF(7)).toBe(boxS(0x3eaaaaaa));
    expect(other.getF(31)).toBe(0x7ff0000000000001n);
    expect(other.saveContext().fcsr).toBe(ctx.fcsr);
  });
});

describe('encoding sanity', () => {
  it('fmadd.s encodes rs3 and rm', () => {
    expect(encodeByName('fmadd.s', { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7 })).toBe(0x68c5f543);
  });
});
