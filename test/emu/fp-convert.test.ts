import { describe, expect, it } from 'vitest';
import {
  CANONICAL_NAN_D, CANONICAL_NAN_S, D, DYN, NV, NX, QNAN_D, QNAN_S, RDN, RMM, RNE, ROUNDING_MODES, RTZ, RUP, S, SNAN_D,
  SNAN_S, boxS, fp1,
} from './fpharness';

const M64 = (1n << 64n) - 1n;
const u = (v: bigint) => BigInt.asUintN(64, v);
const hex = (v: bigint) => `0x${v.toString(16)}`;

function expectInt(mnemonic: string, src: bigint, rm: number, value: bigint, fflags: number): void {
  const got = fp1(mnemonic, { f1: src }, rm);
  const label = `${mnemonic} ${hex(src)} rm=${rm}`;
  expect(hex(got.value), label).toBe(hex(u(value)));
  expect(got.fflags, label).toBe(fflags);
}

describe('float -> integer conversions: rounding, saturation and NV (spec table of invalid inputs)', () => {
  it('fcvt.w.s rounds 2.5 and -2.5 per mode, NX', () => {
    const want: Record<number, [bigint, bigint]> = { [RNE]: [2n, -2n], [RTZ]: [2n, -2n], [RDN]: [2n, -3n], [RUP]: [3n, -2n], [RMM]: [3n, -3n] };
    for (const rm of ROUNDING_MODES) {
      expectInt('fcvt.w.s', S(2.5), rm, want[rm][0], NX);
      expectInt('fcvt.w.s', S(-2.5), rm, want[rm][1], NX);
      expectInt('fcvt.l.d', D(-2.5), rm, want[rm][1], NX);
    }
  });
  it('fcvt.w.s / fcvt.w.d saturate: NaN and +inf -> 2^31-1, -inf -> -2^31, all with NV and no NX', () => {
    for (const m of ['fcvt.w.s', 'fcvt.w.d']) {
      const isD = m.endsWith('d');
      expectInt(m, isD ? QNAN_D : QNAN_S, RNE, 0x7fffffffn, NV);
      expectInt(m, isD ? SNAN_D : SNAN_S, RNE, 0x7fffffffn, NV);
      expectInt(m, isD ? 0xfff8000000000000n : boxS(0xffc00000), RNE, 0x7fffffffn, NV); // negative NaN too
      expectInt(m, isD ? D(Infinity) : S(Infinity), RNE, 0x7fffffffn, NV);
      expectInt(m, isD ? D(-Infinity) : S(-Infinity), RNE, -(2n ** 31n), NV);
      expectInt(m, isD ? D(2 ** 31) : S(2 ** 31), RNE, 0x7fffffffn, NV);
      expectInt(m, isD ? D(-(2 ** 31)) : S(-(2 ** 31)), RNE, -(2n ** 31n), 0);
      expectInt(m, isD ? D(1e10) : S(1e10), RTZ, 0x7fffffffn, NV);
    }
    expectInt('fcvt.w.d', D(2147483647.4), RNE, 0x7fffffffn, NX);
    expectInt('fcvt.w.d', D(2147483647.5), RNE, 0x7fffffffn, NV); // rounds to 2^31: out of range
    expectInt('fcvt.w.d', D(2147483647.5), RTZ, 0x7fffffffn, NX);
    expectInt('fcvt.w.d', D(-2147483648.9), RTZ, -(2n ** 31n), NX);
  });
  it('fcvt.wu: negative inputs that round to 0 are merely inexact; below that saturate to 0 with NV; results sign-extend', () => {
    expectInt('fcvt.wu.s', S(-0.5), RTZ, 0n, NX);
    expectInt('fcvt.wu.s', S(-0.5), RNE, 0n, NX);
    expectInt('fcvt.wu.s', S(-0.5), RDN, 0n, NV);
    expectInt('fcvt.wu.s', S(-1), RNE, 0n, NV);
    expectInt('fcvt.wu.s', S(-Infinity), RNE, 0n, NV);
    expectInt('fcvt.wu.s', S(4294967040), RNE, 0xffffffffffffff00n, 0);
    expectInt('fcvt.wu.d', D(4294967295), RNE, M64, 0);
    expectInt('fcvt.wu.d', D(4294967296), RNE, M64, NV);
    expectInt('fcvt.wu.d', QNAN_D, RNE, M64, NV);
    expectInt('fcvt.wu.s', S(-0), RNE, 0n, 0);
  });
  it('fcvt.l / fcvt.lu saturate at 64 bits', () => {
    expectInt('fcvt.l.d', D(2 ** 63), RNE, (1n << 63n) - 1n, NV);
    expectInt('fcvt.l.d', D(-(2 ** 63)), RNE, -(1n << 63n), 0);
    expectInt('fcvt.l.s', S(-(2 ** 64)), RNE, -(1n << 63n), NV);
    expectInt('fcvt.l.d', QNAN_D, RNE, (1n << 63n) - 1n, NV);
    expectInt('fcvt.l.d', D(2 ** 62 + 2 ** 10), RNE, (1n << 62n) + 1024n, 0);
    expectInt('fcvt.lu.d', D(2 ** 64), RNE, M64, NV);
    expectInt('fcvt.lu.d', D(2 ** 64 - 2048), RNE, M64 - 2047n, 0);
    expectInt('fcvt.lu.s', SNAN_S, RNE, M64, NV);
    expectInt('fcvt.lu.d', D(-1), RNE, 0n, NV);
    expectInt('fcvt.lu.d', D(-0.25), RUP, 0n, NX);
  });
});

describe('integer -> float conversions round per mode', () => {
  function expectFloat(mnemonic: string, x: bigint, rm: number, value: bigint, fflags: number): void {
    const got = fp1(mnemonic, { x1: u(x) }, rm);
    expect(hex(got.value), `${mnemonic} ${x} rm=${rm}`).toBe(hex(value));
    expect(got.fflags, `${mnemonic} ${x} rm=${rm}`).toBe(fflags);
  }
  it('fcvt.s.w 2^24 + 1 (a tie) and -(2^24 + 1)', () => {
    const lo = boxS(0x4b800000), hi = boxS(0x4b800001);
    const want: Record<number, bigint> = { [RNE]: lo, [RTZ]: lo, [RDN]: lo, [RUP]: hi, [RMM]: hi };
    for (const rm of ROUNDING_MODES) expectFloat('fcvt.s.w', 16777217n, rm, want[rm], NX);
    expectFloat('fcvt.s.w', -16777217n, RDN, boxS(0xcb800001), NX);
    expectFloat('fcvt.s.w', -16777217n, RUP, boxS(0xcb800000), NX);
  });
  it('fcvt.s.w reads only the low 32 bits (signed), fcvt.s.wu unsigned', () => {
    expectFloat('fcvt.s.w', 0x12345678ffffffffn, RNE, S(-1), 0);
    expectFloat('fcvt.s.wu', 0x12345678ffffffffn, RNE, S(4294967296), NX);
    expectFloat('fcvt.d.wu', 0xffffffffn, RNE, D(4294967295), 0);
    expectFloat('fcvt.d.w', 0x80000000n, RNE, D(-(2 ** 31)), 0);
  });
  it('fcvt.d.l / fcvt.d.lu beyond 2^53', () => {
    expectFloat('fcvt.d.l', 2n ** 53n + 1n, RNE, D(2 ** 53), NX);
    expectFloat('fcvt.d.l', 2n ** 53n + 1n, RUP, D(2 ** 53 + 2), NX);
    expectFloat('fcvt.d.l', -(2n ** 63n), RNE, D(-(2 ** 63)), 0);
    expectFloat('fcvt.d.lu', M64, RNE, D(2 ** 64), NX);
    expectFloat('fcvt.d.lu', M64, RTZ, 0x43efffffffffffffn, NX);
    expectFloat('fcvt.s.lu', M64, RNE, S(2 ** 64), NX);
    expectFloat('fcvt.s.l', -1n, RNE, S(-1), 0);
    expectFloat('fcvt.d.l', 0n, RDN, D(0), 0);
  });
});

describe('sign injection, min/max, compare and classify', () => {
  it('fsgnj/fsgnjn/fsgnjx copy, negate and xor signs, keep NaN payloads and raise nothing', () => {
    expect(fp1('fsgnj.s', { f1: S(1), f2: S(-2) }).value).toBe(S(-1));
    expect(fp1('fsgnjn.s', { f1: S(1), f2: S(-2) }).value).toBe(S(1));
    expect(fp1('fsgnjx.s', { f1: S(-1), f2: S(-2) }).value).toBe(S(1));
    expect(fp1('fsgnjx.d', { f1: D(-3), f2: D(2) }).value).toBe(D(-3));
    const r = fp1('fsgnjn.d', { f1: SNAN_D, f2: D(0) });
    expect(hex(r.value)).toBe(hex(SNAN_D | (1n << 63n)));
    expect(r.fflags).toBe(0);
  });
  it('fmin/fmax: a quiet NaN yields the number; a signalling NaN does too but raises NV; two NaNs give the canonical NaN', () => {
    const cases: [string, bigint, bigint, bigint, number][] = [
      ['fmin.s', QNAN_S, S(1), S(1), 0], ['fmax.s', S(1), QNAN_S, S(1), 0],
      ['fmin.s', SNAN_S, S(1), S(1), NV], ['fmax.s', S(-1), SNAN_S, S(-1), NV],
      ['fmin.s', QNAN_S, QNAN_S, CANONICAL_NAN_S, 0], ['fmax.s', SNAN_S, QNAN_S, CANONICAL_NAN_S, NV],
      ['fmin.d', QNAN_D, D(2), D(2), 0], ['fmax.d', SNAN_D, D(2), D(2), NV],
      ['fmin.d', 0x7ff800000000abcdn, 0xfff8000000001234n, CANONICAL_NAN_D, 0],
      ['fmin.s', S(-0), S(0), S(-0), 0], ['fmin.s', S(0), S(-0), S(-0), 0],
      ['fmax.s', S(-0), S(0), S(0), 0], ['fmax.d', D(0), D(-0), D(0), 0], ['fmin.d', D(0), D(-0), D(-0), 0],
      ['fmin.d', D(-Infinity), D(3), D(-Infinity), 0], ['fmax.s', S(2), S(3), S(3), 0],
    ];
    for (const [m, a, b, want, flags] of cases) {
      const got = fp1(m, { f1: a, f2: b });
      expect(hex(got.value), `${m} ${hex(a)} ${hex(b)}`).toBe(hex(want));
      expect(got.fflags, `${m} ${hex(a)} ${hex(b)}`).toBe(flags);
    }
  });
  it('feq raises NV only for signalling NaNs, flt/fle for any NaN; -0 == +0', () => {
    const cases: [string, bigint, bigint, bigint, number][] = [
      ['feq.s', QNAN_S, S(1), 0n, 0], ['feq.s', SNAN_S, S(1), 0n, NV], ['feq.d', D(1), SNAN_D, 0n, NV],
      ['flt.s', QNAN_S, S(1), 0n, NV], ['fle.d', D(1), QNAN_D, 0n, NV], ['flt.d', SNAN_D, D(1), 0n, NV],
      ['feq.s', S(-0), S(0), 1n, 0], ['flt.s', S(-0), S(0), 0n, 0], ['fle.s', S(-0), S(0), 1n, 0],
      ['flt.d', D(1), D(2), 1n, 0], ['fle.d', D(2), D(1), 0n, 0], ['feq.d', D(2), D(2), 1n, 0],
      ['feq.s', boxS(0x3f800000) & 0xffffffffn, S(1), 0n, 0], // improperly boxed: canonical (quiet) NaN
    ];
    for (const [m, a, b, want, flags] of cases) {
      const got = fp1(m, { f1: a, f2: b });
      expect(got.value, `${m} ${hex(a)} ${hex(b)}`).toBe(want);
      expect(got.fflags, `${m} ${hex(a)} ${hex(b)}`).toBe(flags);
    }
  });
  it('fclass reports every one of the ten classes, for singles and doubles, and raises nothing', () => {
    const singles: [bigint, number][] = [
      [S(-Infinity), 0], [S(-1), 1], [boxS(0x807fffff), 2], [S(-0), 3], [S(0), 4], [boxS(1), 5], [S(1), 6],
      [S(Infinity), 7], [SNAN_S, 8], [QNAN_S, 9], [0x000000003f800000n, 9],
    ];
    const doubles: [bigint, number][] = [
      [D(-Infinity), 0], [D(-1), 1], [0x800fffffffffffffn, 2], [D(-0), 3], [D(0), 4], [1n, 5], [D(1), 6],
      [D(Infinity), 7], [SNAN_D, 8], [QNAN_D, 9], [0x7ff8000000000001n, 9], [0x7ff0000000080000n, 8],
    ];
    for (const [v, bit] of singles) {
      const got = fp1('fclass.s', { f1: v });
      expect(got.value, hex(v)).toBe(1n << BigInt(bit));
      expect(got.fflags).toBe(0);
    }
    for (const [v, bit] of doubles) expect(fp1('fclass.d', { f1: v }).value, hex(v)).toBe(1n << BigInt(bit));
  });
});

describe('NaN-boxing', () => {
  const UNBOXED = [0x000000003f800000n, 0xfffffffe3f800000n, 0x7fffffff3f800000n];
  it('an improperly boxed single input reads as the canonical NaN in arithmetic, sign injection and conversion', () => {
    for (const v of UNBOXED) {
      expect(fp1('fadd.s', { f1: v, f2: S(1) }, RNE).value).toBe(CANONICAL_NAN_S);
      expect(fp1('fsgnj.s', { f1: v, f2: S(-1) }).value).toBe(boxS(0xffc00000));
      expect(fp1('fsgnjx.s', { f1: S(2), f2: v }).value).toBe(S(2));
      const cvt = fp1('fcvt.d.s', { f1: v });
      expect(cvt.value).toBe(CANONICAL_NAN_D);
      expect(cvt.fflags).toBe(0);
      expect(fp1('fcvt.w.s', { f1: v }, RNE).value).toBe(0x7fffffffn);
    }
  });
  it('single results are boxed (upper 32 bits all ones); double ops see the whole register', () => {
    expect(fp1('fmul.s', { f1: S(3), f2: S(0.5) }, RNE).value).toBe(S(1.5));
    // a boxed single seen as a double is a (negative, quiet) NaN
    const r = fp1('fadd.d', { f1: S(1), f2: D(0) }, RNE);
    expect(r.value).toBe(CANONICAL_NAN_D);
    expect(r.fflags).toBe(0);
  });
  it('fmv.x.w takes the low 32 bits unchecked and sign-extends; fmv.w.x boxes; fmv.x.d/fmv.d.x move 64 bits', () => {
    expect(fp1('fmv.x.w', { f1: 0x00000000bf800000n }).value).toBe(0xffffffffbf800000n);
    expect(fp1('fmv.x.w', { f1: boxS(0x7f800001) }).value).toBe(0x7f800001n);
    expect(fp1('fmv.w.x', { x1: 0x123456789abcdef0n }).value).toBe(0xffffffff9abcdef0n);
    expect(fp1('fmv.x.d', { f1: SNAN_D }).value).toBe(SNAN_D);
    expect(fp1('fmv.d.x', { x1: 0xfff0000000000001n }).value).toBe(0xfff0000000000001n);
    expect(fp1('fmv.d.x', { x1: 0xfff0000000000001n }).fflags).toBe(0);
  });
});

describe('conversions with a dynamic rounding mode', () => {
  it('fcvt.w.d with rm = dyn follows frm', () => {
    for (const [frm, want] of [[RNE, 2n], [RTZ, 2n], [RDN, 2n], [RUP, 3n], [RMM, 3n]] as const) {
      expect(fp1('fcvt.w.d', { f1: D(2.5) }, DYN, frm).value).toBe(want);
    }
  });
});
