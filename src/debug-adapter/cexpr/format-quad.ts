/**
 * `long double` text as gdb prints it on riscv64, where long double is IEEE 754 binary128
 * (RISC-V psABI, "C/C++ type representations"): C's `%.36Lg` (36 significant digits, gdb's
 * floatformat_printf_format for a 113-bit significand), computed exactly with BigInt and
 * rounded half to even as glibc's printf does. Infinities print `inf`/`-inf`, NaNs
 * `nan(0x...)`/`-nan(0x...)` with the significand in gdb's floatformat_mantissa layout.
 */
import { G_MIN_FIXED_EXPONENT, stripZeros } from './format-float';

/** binary128 field layout (IEEE 754-2008 section 3.6): 1 sign, 15 exponent, 112 fraction bits. */
const F128_FRACTION_BITS = 112n;
const F128_EXPONENT_MASK = 0x7fffn;
const F128_SIGN_SHIFT = 127n;
const F128_BIAS = 16383n;
/** Significant digits gdb prints for binary128 (%.36Lg). */
export const LONG_DOUBLE_DIGITS = 36;
/** gdb's floatformat_mantissa prints the significand in 32-bit chunks, the first one unpadded. */
const MANTISSA_CHUNK_BITS = 32n;
const MANTISSA_CHUNK_HEX_DIGITS = 8;
/** log10(2), to estimate a decimal exponent from a bit length (corrected exactly afterwards). */
const LOG10_2 = Math.log10(2);

/** gdb's text for the binary128 number whose 128 bits (little-endian value) are `bits`. */
export function formatQuad(bits: bigint): string {
  bits = BigInt.asUintN(128, bits);
  const negative = bits >> F128_SIGN_SHIFT === 1n;
  const sign = negative ? '-' : '';
  const exponent = (bits >> F128_FRACTION_BITS) & F128_EXPONENT_MASK;
  const fraction = bits & ((1n << F128_FRACTION_BITS) - 1n);
  if (exponent === F128_EXPONENT_MASK) return fraction === 0n ? `${sign}inf` : `${sign}nan(0x${mantissaHex(fraction)})`;
  if (exponent === 0n && fraction === 0n) return `${sign}0`;
  // value = significand * 2^power, exactly.
  const significand = exponent === 0n ? fraction : fraction | (1n << F128_FRACTION_BITS);
  const power = (exponent === 0n ? 1n : exponent) - F128_BIAS - F128_FRACTION_BITS;
  return sign + formatG(significand, Number(power), LONG_DOUBLE_DIGITS);
}

/** The significand as gdb's floatformat_mantissa writes it: the leading partial chunk in %lx, then %08lx chunks. */
function mantissaHex(fraction: bigint): string {
  const lead = F128_FRACTION_BITS % MANTISSA_CHUNK_BITS;
  let text = (fraction >> (F128_FRACTION_BITS - lead)).toString(16);
  for (let shift = F128_FRACTION_BITS - lead - MANTISSA_CHUNK_BITS; shift >= 0n; shift -= MANTISSA_CHUNK_BITS) {
    const chunk = (fraction >> shift) & ((1n << MANTISSA_CHUNK_BITS) - 1n);
    text += chunk.toString(16).padStart(MANTISSA_CHUNK_HEX_DIGITS, '0');
  }
  return text;
}

/**
 * C's `%.{precision}g` of the positive number m * 2^e (m > 0): `precision` significant digits,
 * rounded half to even, exponent form when the decimal exponent is below -4 or at least
 * `precision`, trailing zeros removed (C11 7.21.6.1, conversion g).
 */
export function formatG(m: bigint, e: number, precision: number): string {
  const num0 = e >= 0 ? m << BigInt(e) : m;
  const den0 = e >= 0 ? 1n : 1n << BigInt(-e);
  let exp10 = Math.floor((m.toString(2).length - 1 + e) * LOG10_2);
  let digits = roundedDigits(num0, den0, precision - 1 - exp10);
  // The estimate can be one off either way; the digit count says which.
  for (let tries = 0; tries < 4 && digits.length !== precision; tries++) {
    exp10 += digits.length > precision ? 1 : -1;
    digits = roundedDigits(num0, den0, precision - 1 - exp10);
  }
  if (exp10 < G_MIN_FIXED_EXPONENT || exp10 >= precision) {
    const mantissa = stripZeros(`${digits[0]}.${digits.slice(1)}`);
    const expSign = exp10 < 0 ? '-' : '+';
    return `${mantissa}e${expSign}${String(Math.abs(exp10)).padStart(2, '0')}`;
  }
  const point = exp10 + 1;
  const fixed = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return stripZeros(fixed);
}

/** The decimal digits of round(num / den * 10^scale), rounding half to even. */
function roundedDigits(num: bigint, den: bigint, scale: number): string {
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  let q = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return q.toString();
}
