import { describe, expect, it } from 'vitest';
import {
  CANONICAL_NAN_D, CANONICAL_NAN_S, D, DYN, DZ, NV, NX, OF, QNAN_D, QNAN_S, RDN, RMM, RNE, ROUNDING_MODES, RTZ, RUP,
  S, SNAN_D, SNAN_S, UF, boxS, fp1,
} from './fpharness';

type Srcs = Parameters<typeof fp1>[1];
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Expects `mnemonic` on srcs under each static rounding mode (and the same mode via frm) to give value/flags. */
function expectPerMode(mnemonic: string, srcs: Srcs, perMode: Record<number, [bigint, number]>): void {
  for (const rm of ROUNDING_MODES) {
    const want = perMode[rm];
    for (const [staticRm, frm] of [[rm, RNE], [DYN, rm]] as const) {
      const got = fp1(mnemonic, srcs, staticRm, frm);
      const label = `${mnemonic} rm=${staticRm} frm=${frm}`;
      expect(hex(got.value), label).toBe(hex(want[0]));
      expect(got.fflags, label).toBe(want[1]);
    }
  }
}

/** Expects one result under RNE. */
function expectRne(mnemonic: string, srcs: Srcs, value: bigint, fflags: number): void {
  const got = fp1(mnemonic, srcs, RNE);
  expect(hex(got.value), mnemonic).toBe(hex(value));
  expect(got.fflags, mnemonic).toBe(fflags);
}

const ONE_S = boxS(0x3f800000), ONE_UP_S = boxS(0x3f800001), MONE_S = boxS(0xbf800000), MONE_DN_S = boxS(0xbf800001);

describe('rounding: every mode on halfway and near-halfway sums (static rm and dynamic frm agree)', () => {
  it('fadd.s 1 + 2^-24 (an exact tie): RNE/RTZ/RDN keep 1, RUP/RMM go up; NX', () => {
    expectPerMode('fadd.s', { f1: S(1), f2: S(2 ** -24) }, {
      [RNE]: [ONE_S, NX], [RTZ]: [ONE_S, NX], [RDN]: [ONE_S, NX], [RUP]: [ONE_UP_S, NX], [RMM]: [ONE_UP_S, NX],
    });
  });
  it('fadd.s -1 - 2^-24: RDN and RMM move away from zero, RUP and RTZ keep -1', () => {
    expectPerMode('fadd.s', { f1: S(-1), f2: S(-(2 ** -24)) }, {
      [RNE]: [MONE_S, NX], [RTZ]: [MONE_S, NX], [RDN]: [MONE_DN_S, NX], [RUP]: [MONE_S, NX], [RMM]: [MONE_DN_S, NX],
    });
  });
  it('fadd.s tie next to an odd significand: RNE rounds to even (up)', () => {
    const two = boxS(0x3f800002);
    expectPerMode('fadd.s', { f1: ONE_UP_S, f2: S(2 ** -24) }, {
      [RNE]: [two, NX], [RTZ]: [ONE_UP_S, NX], [RDN]: [ONE_UP_S, NX], [RUP]: [two, NX], [RMM]: [two, NX],
    });
  });
  it('fadd.s just below and just above the halfway point', () => {
    expectPerMode('fadd.s', { f1: S(1), f2: boxS(0x337fffff) }, {
      [RNE]: [ONE_S, NX], [RTZ]: [ONE_S, NX], [RDN]: [ONE_S, NX], [RUP]: [ONE_UP_S, NX], [RMM]: [ONE_S, NX],
    });
    expectPerMode('fadd.s', { f1: S(1), f2: boxS(0x33800001) }, {
      [RNE]: [ONE_UP_S, NX], [RTZ]: [ONE_S, NX], [RDN]: [ONE_S, NX], [RUP]: [ONE_UP_S, NX], [RMM]: [ONE_UP_S, NX],
    });
  });
  it('fadd.d 1 + 2^-53 tie and fsub.d near-halfway', () => {
    const one = D(1), up = D(1) + 1n;
    expectPerMode('fadd.d', { f1: D(1), f2: D(2 ** -53) }, {
      [RNE]: [one, NX], [RTZ]: [one, NX], [RDN]: [one, NX], [RUP]: [up, NX], [RMM]: [up, NX],
    });
    const below = D(1) - 1n; // 1 - 2^-53
    expectPerMode('fsub.d', { f1: D(1), f2: D(2 ** -54 + 2 ** -106) }, {
      [RNE]: [below, NX], [RTZ]: [below, NX], [RDN]: [below, NX], [RUP]: [one, NX], [RMM]: [below, NX],
    });
  });
  it('exact results raise no flag in any mode; x - x is +0, except -0 under RDN', () => {
    expectPerMode('fadd.s', { f1: S(1.5), f2: S(2.25) }, {
      [RNE]: [S(3.75), 0], [RTZ]: [S(3.75), 0], [RDN]: [S(3.75), 0], [RUP]: [S(3.75), 0], [RMM]: [S(3.75), 0],
    });
    expectPerMode('fsub.d', { f1: D(5), f2: D(5) }, {
      [RNE]: [D(0), 0], [RTZ]: [D(0), 0], [RDN]: [D(-0), 0], [RUP]: [D(0), 0], [RMM]: [D(0), 0],
    });
  });
  it('fdiv.s 1/3 and fsqrt.s 2 round per mode', () => {
    const third = boxS(0x3eaaaaab), thirdDown = boxS(0x3eaaaaaa);
    expectPerMode('fdiv.s', { f1: S(1), f2: S(3) }, {
      [RNE]: [third, NX], [RTZ]: [thirdDown, NX], [RDN]: [thirdDown, NX], [RUP]: [third, NX], [RMM]: [third, NX],
    });
    const lo = boxS(0x3fb504f3), hi = boxS(0x3fb504f4);
    expectPerMode('fsqrt.s', { f1: S(2) }, {
      [RNE]: [lo, NX], [RTZ]: [lo, NX], [RDN]: [lo, NX], [RUP]: [hi, NX], [RMM]: [lo, NX],
    });
  });
  it('fmul.d and fdiv.d in directed modes bracket the RNE result', () => {
    const x = D(1 / 3);
    expectPerMode('fdiv.d', { f1: D(1), f2: D(3) }, {
      [RNE]: [x, NX], [RTZ]: [x, NX], [RDN]: [x, NX], [RUP]: [x + 1n, NX], [RMM]: [x, NX],
    });
    const p = D(0.1 * 0.1); // 0.1 * 0.1 rounds up under RNE
    expectPerMode('fmul.d', { f1: D(0.1), f2: D(0.1) }, {
      [RNE]: [p, NX], [RTZ]: [p - 1n, NX], [RDN]: [p - 1n, NX], [RUP]: [p, NX], [RMM]: [p, NX],
    });
  });
});

describe('overflow: infinity or the largest finite number depending on the mode, OF and NX', () => {
  const MAX_S = boxS(0x7f7fffff), INF_S = boxS(0x7f800000), NMAX_S = boxS(0xff7fffff), NINF_S = boxS(0xff800000);
  it('fmul.s max * 2 (positive and negative)', () => {
    expectPerMode('fmul.s', { f1: MAX_S, f2: S(2) }, {
      [RNE]: [INF_S, OF | NX], [RTZ]: [MAX_S, OF | NX], [RDN]: [MAX_S, OF | NX], [RUP]: [INF_S, OF | NX], [RMM]: [INF_S, OF | NX],
    });
    expectPerMode('fmul.s', { f1: NMAX_S, f2: S(2) }, {
      [RNE]: [NINF_S, OF | NX], [RTZ]: [NMAX_S, OF | NX], [RDN]: [NINF_S, OF | NX], [RUP]: [NMAX_S, OF | NX], [RMM]: [NINF_S, OF | NX],
    });
  });
  it('fadd.d max + max', () => {
    const max = D(Number.MAX_VALUE), inf = D(Infinity);
    expectPerMode('fadd.d', { f1: max, f2: max }, {
      [RNE]: [inf, OF | NX], [RTZ]: [max, OF | NX], [RDN]: [max, OF | NX], [RUP]: [inf, OF | NX], [RMM]: [inf, OF | NX],
    });
  });
  it('overflow is judged after rounding: max + half an ulp overflows in RNE, is just inexact in RTZ', () => {
    // max + 2^103 is a tie that RNE rounds to even = 2^128
    const MAX = boxS(0x7f7fffff);
    expectRne('fadd.s', { f1: MAX, f2: S(2 ** 103) }, boxS(0x7f800000), OF | NX);
    const got = fp1('fadd.s', { f1: MAX, f2: S(2 ** 103) }, RTZ);
    expect(got.value).toBe(MAX);
    expect(got.fflags).toBe(NX);
  });
});

describe('subnormals and underflow: UF only when tiny after rounding and inexact', () => {
  it('an exact subnormal result raises nothing', () => {
    expectRne('fmul.s', { f1: S(2 ** -100), f2: S(2 ** -30) }, boxS(0x00080000), 0);
    expectRne('fmul.d', { f1: D(2 ** -1000), f2: D(2 ** -50) }, D(2 ** -1050), 0);
  });
  it('2^-150 (half the smallest subnormal): zero or 2^-149 by mode, UF|NX', () => {
    const zero = boxS(0), tiny = boxS(1);
    expectPerMode('fmul.s', { f1: S(2 ** -149), f2: S(0.5) }, {
      [RNE]: [zero, UF | NX], [RTZ]: [zero, UF | NX], [RDN]: [zero, UF | NX], [RUP]: [tiny, UF | NX], [RMM]: [tiny, UF | NX],
    });
  });
  it('(1 - 2^-25) * 2^-126 rounds to the smallest normal in RNE without UF (tininess after rounding)', () => {
    // 18631 * 1801 = 2^25 - 1
    const a = S(18631 * 2 ** -75), b = S(1801 * 2 ** -76);
    const minNormal = boxS(0x00800000), maxSub = boxS(0x007fffff);
    expectPerMode('fmul.s', { f1: a, f2: b }, {
      [RNE]: [minNormal, NX], [RTZ]: [maxSub, UF | NX], [RDN]: [maxSub, UF | NX], [RUP]: [minNormal, NX], [RMM]: [minNormal, NX],
    });
  });
  it('the same boundary in double: (1 - 2^-54) * 2^-1022', () => {
    // 786429 * 22906579627 = 2^54 - 1
    const a = D(786429 * 2 ** -500), b = D(22906579627 * 2 ** -576);
    const minNormal = 0x0010000000000000n, maxSub = 0x000fffffffffffffn;
    expectPerMode('fmul.d', { f1: a, f2: b }, {
      [RNE]: [minNormal, NX], [RTZ]: [maxSub, UF | NX], [RDN]: [maxSub, UF | NX], [RUP]: [minNormal, NX], [RMM]: [minNormal, NX],
    });
  });
  it('subnormal operands are exact inputs (no denormals-are-zero)', () => {
    expectRne('fadd.s', { f1: boxS(1), f2: boxS(1) }, boxS(2), 0);
    expectRne('fmul.d', { f1: 1n, f2: D(2 ** 60) }, D(2 ** -1014), 0);
  });
});

describe('fused multiply-add rounds once', () => {
  it('fmadd.s (1+2^-12)^2 - (1+2^-11) = 2^-24 exactly (a rounded product would give 0)', () => {
    const a = S(1 + 2 ** -12), c = S(-(1 + 2 ** -11));
    expectRne('fmadd.s', { f1: a, f2: a, f3: c }, S(2 ** -24), 0);
    // the separate multiply really does lose that bit
    expectRne('fmul.s', { f1: a, f2: a }, S(1 + 2 ** -11), NX);
  });
  it('fmadd.d / fmsub.d / fnmsub.d / fnmadd.d keep the 2^-54 a two-step computation loses', () => {
    const a = D(1 + 2 ** -27), c = D(1 + 2 ** -26);
    expectRne('fmadd.d', { f1: a, f2: a, f3: c ^ (1n << 63n) }, D(2 ** -54), 0);
    expectRne('fmsub.d', { f1: a, f2: a, f3: c }, D(2 ** -54), 0);
    expectRne('fnmsub.d', { f1: a, f2: a, f3: c }, D(-(2 ** -54)), 0);
    expectRne('fnmadd.d', { f1: a, f2: a, f3: c ^ (1n << 63n) }, D(-(2 ** -54)), 0);
  });
  it('a fused tie is broken by the exact low product bits, in every mode', () => {
    // (1 + 2^-12)^2 + 2^-30 = 1 + 2^-11 + 2^-24 + 2^-30: just above the tie 1 + 2^-11 + 2^-24
    const a = S(1 + 2 ** -12);
    const above = boxS(0x3f801001), below = boxS(0x3f801000);
    expectPerMode('fmadd.s', { f1: a, f2: a, f3: S(2 ** -30) }, {
      [RNE]: [above, NX], [RTZ]: [below, NX], [RDN]: [below, NX], [RUP]: [above, NX], [RMM]: [above, NX],
    });
  });
  it('0 * inf + qNaN raises NV (the spec requires it even for a quiet addend); inf - inf raises NV', () => {
    expectRne('fmadd.s', { f1: S(0), f2: S(Infinity), f3: QNAN_S }, CANONICAL_NAN_S, NV);
    expectRne('fmadd.d', { f1: D(Infinity), f2: D(1), f3: D(-Infinity) }, CANONICAL_NAN_D, NV);
    expectRne('fmadd.s', { f1: S(1), f2: S(1), f3: QNAN_S }, CANONICAL_NAN_S, 0);
    expectRne('fmadd.s', { f1: S(1), f2: S(1), f3: SNAN_S }, CANONICAL_NAN_S, NV);
  });
  it('exact zero results: +0 in RNE, -0 in RDN; (-0) + (-0) stays -0', () => {
    const srcs = { f1: S(1), f2: S(-0), f3: S(0) };
    expect(fp1('fmadd.s', srcs, RNE).value).toBe(S(0));
    expect(fp1('fmadd.s', srcs, RDN).value).toBe(S(-0));
    expect(fp1('fmadd.s', { f1: S(1), f2: S(-0), f3: S(-0) }, RNE).value).toBe(S(-0));
    expect(fp1('fnmadd.s', { f1: S(2), f2: S(3), f3: S(-6) }, RDN).value).toBe(S(-0));
  });
});

describe('division, square root and NaNs', () => {
  it('fdiv: x/0 is a signed infinity with DZ; 0/0 and inf/inf are the canonical NaN with NV; inf/0 raises nothing', () => {
    expectRne('fdiv.s', { f1: S(1), f2: S(0) }, S(Infinity), DZ);
    expectRne('fdiv.s', { f1: S(-1), f2: S(0) }, S(-Infinity), DZ);
    expectRne('fdiv.d', { f1: D(1), f2: D(-0) }, D(-Infinity), DZ);
    expectRne('fdiv.s', { f1: S(0), f2: S(0) }, CANONICAL_NAN_S, NV);
    expectRne('fdiv.d', { f1: D(Infinity), f2: D(-Infinity) }, CANONICAL_NAN_D, NV);
    expectRne('fdiv.d', { f1: D(Infinity), f2: D(0) }, D(Infinity), 0);
  });
  it('fsqrt: negative -> canonical NaN with NV, sqrt(-0) = -0, exact squares raise nothing', () => {
    expectRne('fsqrt.s', { f1: S(-1) }, CANONICAL_NAN_S, NV);
    expectRne('fsqrt.d', { f1: D(-0) }, D(-0), 0);
    expectRne('fsqrt.d', { f1: D(4) }, D(2), 0);
    expectRne('fsqrt.d', { f1: D(2) }, D(Math.SQRT2), NX);
    expectRne('fsqrt.d', { f1: 1n }, D(2 ** -537), 0);
  });
  it('results are the canonical NaN, never a propagated payload; quiet NaN inputs raise nothing', () => {
    expectRne('fsub.s', { f1: S(Infinity), f2: S(Infinity) }, CANONICAL_NAN_S, NV);
    expectRne('fadd.s', { f1: boxS(0xffc12345), f2: S(1) }, CANONICAL_NAN_S, 0);
    expectRne('fmul.d', { f1: 0xfff8000000abcdefn, f2: D(2) }, CANONICAL_NAN_D, 0);
    expectRne('fadd.d', { f1: SNAN_D, f2: D(2) }, CANONICAL_NAN_D, NV);
    expectRne('fmul.d', { f1: D(0), f2: D(-Infinity) }, CANONICAL_NAN_D, NV);
  });
  it('fcvt.s.d rounds, overflows and underflows per mode; fcvt.d.s is exact and quiets NaNs', () => {
    expectPerMode('fcvt.s.d', { f1: D(1 + 2 ** -24) }, {
      [RNE]: [S(1), NX], [RTZ]: [S(1), NX], [RDN]: [S(1), NX], [RUP]: [ONE_UP_S, NX], [RMM]: [ONE_UP_S, NX],
    });
    expectPerMode('fcvt.s.d', { f1: D(-1e39) }, {
      [RNE]: [S(-Infinity), OF | NX], [RTZ]: [boxS(0xff7fffff), OF | NX], [RDN]: [S(-Infinity), OF | NX],
      [RUP]: [boxS(0xff7fffff), OF | NX], [RMM]: [S(-Infinity), OF | NX],
    });
    expectPerMode('fcvt.s.d', { f1: D(1e-50) }, {
      [RNE]: [S(0), UF | NX], [RTZ]: [S(0), UF | NX], [RDN]: [S(0), UF | NX], [RUP]: [boxS(1), UF | NX], [RMM]: [S(0), UF | NX],
    });
    expectRne('fcvt.s.d', { f1: SNAN_D }, CANONICAL_NAN_S, NV);
    expectRne('fcvt.d.s', { f1: boxS(1) }, D(2 ** -149), 0);
    expectRne('fcvt.d.s', { f1: SNAN_S }, CANONICAL_NAN_D, NV);
    expectRne('fcvt.d.s', { f1: QNAN_S }, QNAN_D, 0);
  });
});
