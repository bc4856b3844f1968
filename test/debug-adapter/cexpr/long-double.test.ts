/**
 * `long double` (IEEE binary128 on riscv64) printed as gdb 13 prints it: %.36Lg, exact.
 * Every expected string was printed by gdb-multiarch 13.1 (Debian 13.1-3), either for a
 * literal or cast (`gdb-multiarch -batch -nx test/fixtures/cdebug/bin/floats-O0 -ex 'p 0.1L'`)
 * or for raw bits stored into the stopped floats-O2 under `qemu-riscv64 -g`
 * (`set var *(unsigned long*)($sp-56) = 0x7fff800000000000` ... `p *(long double*)($sp-64)`).
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN, formatQuad, formatValue, rvalue } from '../../../src/debug-adapter/cexpr';
import { fromScalar } from '../../../src/debug-adapter/cexpr/scalar';
import { bigToBytes, bytesToBigUint, isError } from '../../../src/debug-adapter/cexpr/value';
import { fixtureProgram } from './program';

/** The binary128 bits nearest num/den (> 0), rounded half to even: an independent encoder for the tests. */
function quad(num: bigint, den: bigint, negative = false): bigint {
  let e = num.toString(2).length - den.toString(2).length;
  const ge = (n: bigint, d: bigint, k: number): boolean => (k >= 0 ? n >= d << BigInt(k) : n << BigInt(-k) >= d);
  if (!ge(num, den, e)) e--;
  const shift = 112 - e; // significand = num/den * 2^shift in [2^112, 2^113)
  const n = shift >= 0 ? num << BigInt(shift) : num;
  const d = shift >= 0 ? den : den << BigInt(-shift);
  let q = n / d;
  const twice = 2n * (n % d);
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  let exp = BigInt(e + 16383);
  if (q === 1n << 113n) { q >>= 1n; exp++; }
  return ((negative ? 1n : 0n) << 127n) | (exp << 112n) | (q & ((1n << 112n) - 1n));
}

/** The binary128 bits of a double, through the evaluator's own conversion (exact). */
function fromDouble(x: number): bigint {
  const v = fromScalar(BUILTIN.longDouble, { kind: 'float', x });
  if (isError(v)) throw new Error(v.message);
  return bytesToBigUint(v.bytes!);
}

describe('long double prints with 36 significant digits, exactly', () => {
  it('matches gdb for long double literals', () => {
    // p (long double)1/3 ; p/x gave 0x3ffd5555555555555555555555555555
    expect(quad(1n, 3n)).toBe(0x3ffd5555555555555555555555555555n);
    expect(formatQuad(quad(1n, 3n))).toBe('0.333333333333333333333333333333333317');
    // p 0.1L ; p/x gave 0x3ffb999999999999999999999999999a
    expect(quad(1n, 10n)).toBe(0x3ffb999999999999999999999999999an);
    expect(formatQuad(quad(1n, 10n))).toBe('0.100000000000000000000000000000000005');
    expect(formatQuad(quad(12345678901234567890123456789012345678n, 1n))).toBe('1.23456789012345678901234567890123448e+37');
    expect(formatQuad(quad(5n, 100000n))).toBe('4.99999999999999999999999999999999983e-05'); // p 0.5e-4L
    expect(formatQuad(quad(10n ** 37n, 1n))).toBe('1e+37'); // p 1e37L
    expect(formatQuad(quad(5n, 2n))).toBe('2.5'); // p 2.5L
    expect(formatQuad(quad(3n, 2n, true))).toBe('-1.5'); // p -1.5L
    expect(formatQuad(quad(10n ** 10n, 1n))).toBe('10000000000'); // p 1e10L
  });
  it('matches gdb for doubles widened to long double', () => {
    expect(formatQuad(fromDouble(0.1))).toBe('0.100000000000000005551115123125782702'); // p (long double)0.1
    expect(formatQuad(fromDouble(1e36))).toBe('1.00000000000000004242063737401796198e+36'); // p (long double)1e36
    expect(formatQuad(fromDouble(1e35))).toBe('99999999999999996863366107917975552'); // p (long double)1e35
    expect(formatQuad(fromDouble(0.0001))).toBe('0.000100000000000000004792173602385929598'); // p (long double)0.0001
    expect(formatQuad(fromDouble(0.00001))).toBe('1.00000000000000008180305391403130955e-05'); // p (long double)0.00001
    expect(formatQuad(fromDouble(123456789))).toBe('123456789'); // p (long double)123456789
  });
  it('matches gdb at the edges of the format (raw bits under qemu)', () => {
    expect(formatQuad(1n)).toBe('6.47517511943802511092443895822764655e-4966'); // smallest subnormal
    expect(formatQuad(0x0000ffffffffffffffffffffffffffffn)).toBe('3.36210314311209350626267781732175196e-4932'); // largest subnormal
    expect(formatQuad(0x00010000000000000000000000000000n)).toBe('3.3621031431120935062626778173217526e-4932'); // p 3.36...e-4932L
    expect(formatQuad(0x7ffeffffffffffffffffffffffffffffn)).toBe('1.18973149535723176508575932662800702e+4932'); // largest finite
    expect(formatQuad(0x7ffe0000000000000000000000000000n)).toBe('5.94865747678615882542879663314003565e+4931');
    expect(formatQuad(0xbffe0000000000000000000000000001n)).toBe('-0.500000000000000000000000000000000096');
    expect(formatQuad(0x80000000000000000000000000000000n)).toBe('-0');
    expect(formatQuad(0n)).toBe('0');
  });
  it('prints infinities and NaNs as gdb does', () => {
    expect(formatQuad(0x7fff0000000000000000000000000000n)).toBe('inf'); // p 1/(long double)0
    expect(formatQuad(0xffff0000000000000000000000000000n)).toBe('-inf'); // p -1L/0.0
    expect(formatQuad(0x7fff8000000000000000000000000000n)).toBe('nan(0x8000000000000000000000000000)');
    expect(formatQuad(0xffff8000000000000000000000012345n)).toBe('-nan(0x8000000000000000000000012345)');
  });
  it('is what formatValue prints for a long double value', () => {
    const p = fixtureProgram();
    expect(formatValue(rvalue(BUILTIN.longDouble, bigToBytes(quad(1n, 3n), 16)), p)).toBe('0.333333333333333333333333333333333317');
    expect(formatValue(rvalue(BUILTIN.longDouble, bigToBytes(quad(1n, 3n), 16)), p, { hex: true })).toBe('0x3ffd5555555555555555555555555555'); // p/x
  });
});
