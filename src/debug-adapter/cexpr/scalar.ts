/**
 * Scalars: reading a value as an integer or a floating number and making an rvalue of a
 * scalar type from one, with C's conversions between them (C11 6.3.1.2-6.3.1.5, 6.3.2.3):
 * integers wrap to the target width, floats truncate toward zero, `_Bool` is nonzero-ness,
 * `float` rounds through Math.fround. NaN payloads survive float<->double conversion.
 */
import type { DwarfType } from '../../dwarf/model';
import { DW_ATE_boolean } from '../../dwarf/model';
import { BITS_PER_BYTE, MSG_BAD_OPERANDS, SIZEOF_DOUBLE, SIZEOF_FLOAT, SIZEOF_LONG_DOUBLE } from './constants';
import { isFloat, isSigned, sizeOf, strip } from './types';
import {
  type EvalError,
  type EvalScope,
  type Value,
  bigToBytes,
  bytesToBigUint,
  evalError,
  extractBits,
  isError,
  rvalue,
  valueBytes,
} from './value';

/** An integer (already sign- or zero-extended per its type) or a float; `nanBits` keeps a NaN's binary64 bits. */
export type Scalar = { kind: 'int'; n: bigint } | { kind: 'float'; x: number; nanBits?: bigint };

/** IEEE 754 binary32/binary64/binary128 field layouts. */
const F32_MANTISSA_BITS = 23n;
const F64_MANTISSA_BITS = 52n;
const F64_EXPONENT_MASK = 0x7ffn;
const F64_QUIET_BIT = 1n << 51n;
const F64_BIAS = 1023;
const F128_MANTISSA_BITS = 112n;
const F128_EXPONENT_MASK = 0x7fffn;
const F128_BIAS = 16383;
const NAN_SHIFT_32_TO_64 = F64_MANTISSA_BITS - F32_MANTISSA_BITS;

/** The binary64 bits of a float64 number. */
export function doubleBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(SIZEOF_DOUBLE));
  view.setFloat64(0, x, true);
  return view.getBigUint64(0, true);
}

/** Decodes a little-endian IEEE float of 4, 8 or 16 bytes (binary128 rounds to the nearest double). */
export function decodeFloat(bytes: Uint8Array): Scalar {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === SIZEOF_FLOAT) {
    const x = view.getFloat32(0, true);
    if (!Number.isNaN(x)) return { kind: 'float', x };
    const b = BigInt(view.getUint32(0, true));
    const sign = b >> 31n;
    const mant = b & ((1n << F32_MANTISSA_BITS) - 1n);
    return { kind: 'float', x, nanBits: (sign << 63n) | (F64_EXPONENT_MASK << F64_MANTISSA_BITS) | (mant << NAN_SHIFT_32_TO_64) };
  }
  if (bytes.length === SIZEOF_DOUBLE) {
    const x = view.getFloat64(0, true);
    return Number.isNaN(x) ? { kind: 'float', x, nanBits: view.getBigUint64(0, true) } : { kind: 'float', x };
  }
  const bits = bytesToBigUint(bytes.subarray(0, SIZEOF_LONG_DOUBLE));
  const sign = bits >> 127n ? -1 : 1;
  const exp = Number((bits >> F128_MANTISSA_BITS) & F128_EXPONENT_MASK);
  const mant = bits & ((1n << F128_MANTISSA_BITS) - 1n);
  if (exp === Number(F128_EXPONENT_MASK)) return { kind: 'float', x: mant === 0n ? sign * Infinity : NaN };
  const top = Number(mant >> (F128_MANTISSA_BITS - F64_MANTISSA_BITS)) / 2 ** Number(F64_MANTISSA_BITS);
  const x = exp === 0 ? sign * top * 2 ** (1 - F128_BIAS) : sign * (1 + top) * 2 ** (exp - F128_BIAS);
  return { kind: 'float', x };
}

/** Encodes a float scalar as `size` little-endian bytes (4, 8 or 16). */
export function encodeFloat(s: Extract<Scalar, { kind: 'float' }>, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const nan = Number.isNaN(s.x) ? (s.nanBits ?? (F64_EXPONENT_MASK << F64_MANTISSA_BITS) | F64_QUIET_BIT) : undefined;
  if (size === SIZEOF_FLOAT) {
    if (nan === undefined) view.setFloat32(0, s.x, true);
    else {
      const sign = nan >> 63n;
      const mant = (nan & ((1n << F64_MANTISSA_BITS) - 1n)) >> NAN_SHIFT_32_TO_64;
      view.setUint32(0, Number((sign << 31n) | (0xffn << F32_MANTISSA_BITS) | (mant || 1n)), true);
    }
  } else if (size === SIZEOF_DOUBLE) {
    if (nan === undefined) view.setFloat64(0, s.x, true);
    else view.setBigUint64(0, nan, true);
  } else {
    out.set(bigToBytes(encodeQuad(s.x), size));
  }
  return out;
}

/** A double as binary128 bits (exact: every double is a binary128). */
function encodeQuad(x: number): bigint {
  const bits = doubleBits(x);
  const sign = bits >> 63n;
  const exp = Number((bits >> F64_MANTISSA_BITS) & F64_EXPONENT_MASK);
  let mant = bits & ((1n << F64_MANTISSA_BITS) - 1n);
  let qexp: bigint;
  if (exp === Number(F64_EXPONENT_MASK)) qexp = F128_EXPONENT_MASK;
  else if (exp === 0 && mant === 0n) qexp = 0n;
  else if (exp === 0) {
    let e = 1 - F64_BIAS;
    while (!(mant & (1n << F64_MANTISSA_BITS))) {
      mant <<= 1n;
      e--;
    }
    mant &= (1n << F64_MANTISSA_BITS) - 1n;
    qexp = BigInt(e + F128_BIAS);
  } else qexp = BigInt(exp - F64_BIAS + F128_BIAS);
  return (sign << 127n) | (qexp << F128_MANTISSA_BITS) | (mant << (F128_MANTISSA_BITS - F64_MANTISSA_BITS));
}

/** Reads a scalar (integer, enum, bool, pointer or float, bit fields included) from `v`. */
export function readScalar(v: Value, scope: EvalScope): Scalar | EvalError {
  const t = strip(v.type);
  if (t.kind !== 'base' && t.kind !== 'enum' && t.kind !== 'pointer') return evalError(MSG_BAD_OPERANDS);
  const bytes = valueBytes(v, scope);
  if (isError(bytes)) return bytes;
  if (isFloat(t)) return decodeFloat(bytes);
  if (v.bitField) {
    const raw = extractBits(bytes, v.bitField);
    return { kind: 'int', n: isSigned(t) ? BigInt.asIntN(v.bitField.bitSize, raw) : raw };
  }
  const raw = bytesToBigUint(bytes);
  return { kind: 'int', n: isSigned(t) ? BigInt.asIntN(bytes.length * BITS_PER_BYTE, raw) : raw };
}

/** `s` converted to scalar `type` by C's rules, as that type's rvalue; an error for a non-scalar target. */
export function fromScalar(type: DwarfType, s: Scalar): Value | EvalError {
  const t = strip(type);
  const size = sizeOf(t);
  if (isFloat(t)) {
    let f: Extract<Scalar, { kind: 'float' }> = s.kind === 'float' ? s : { kind: 'float', x: Number(s.n) };
    if (size === SIZEOF_FLOAT && !Number.isNaN(f.x)) f = { kind: 'float', x: Math.fround(f.x) };
    return rvalue(type, encodeFloat(f, size));
  }
  if (t.kind !== 'base' && t.kind !== 'enum' && t.kind !== 'pointer') return evalError('Invalid cast.');
  let n: bigint;
  if (s.kind === 'int') n = s.n;
  else n = Number.isFinite(s.x) ? BigInt(Math.trunc(s.x)) : 0n;
  if (t.kind === 'base' && t.encoding === DW_ATE_boolean) n = (s.kind === 'int' ? n !== 0n : s.x !== 0) ? 1n : 0n;
  return rvalue(type, bigToBytes(n, size));
}

/** The value of integer scalar `s` as a JS number truncated toward zero (for indexing and sizes). */
export function scalarToBigInt(s: Scalar): bigint {
  return s.kind === 'int' ? s.n : Number.isFinite(s.x) ? BigInt(Math.trunc(s.x)) : 0n;
}

/** True when `s` is nonzero (C's truth value, C11 6.8.4.1). */
export function truthy(s: Scalar): boolean {
  return s.kind === 'int' ? s.n !== 0n : s.x !== 0; // NaN !== 0 holds, as in C
}
