/**
 * 64-bit integer arithmetic on (lo, hi) pairs of int32, the hart's register representation.
 * Results are returned in `res[0]` (low word) and `res[1]` (high word) to avoid allocation.
 * Semantics follow the Unprivileged spec, chapter "M" (division by zero and overflow table).
 */
export const res = new Int32Array(2);

const TWO32 = 4294967296;

const SAFE = 2 ** 53;

/** res = low 64 bits of a * b. */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  if (ah === al >> 31 && bh === bl >> 31) {
    // both are sign-extended 32-bit values: the product is exact in a double when below 2^53
    const p = al * bl;
    if (p < SAFE && p > -SAFE) {
      res[0] = p | 0;
      res[1] = Math.floor(p / TWO32) | 0;
      return;
    }
  }
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  res[0] = (mid << 16) | (p00 & 0xffff);
  const high = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  res[1] = (high + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
}

const limbsA = new Float64Array(4);
const limbsB = new Float64Array(4);
const cols = new Float64Array(8);

/** res = high 64 bits of the unsigned 128-bit product a * b (16-bit limbs, exact in doubles). */
export function mulhu64(al: number, ah: number, bl: number, bh: number): void {
  limbsA[0] = al & 0xffff; limbsA[1] = al >>> 16; limbsA[2] = ah & 0xffff; limbsA[3] = ah >>> 16;
  limbsB[0] = bl & 0xffff; limbsB[1] = bl >>> 16; limbsB[2] = bh & 0xffff; limbsB[3] = bh >>> 16;
  cols.fill(0);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) cols[i + j] += limbsA[i] * limbsB[j];
  }
  let carry = 0;
  let w4 = 0, w5 = 0, w6 = 0, w7 = 0;
  for (let k = 0; k < 8; k++) {
    const t = cols[k] + carry;
    carry = Math.floor(t / 65536);
    const limb = t - carry * 65536;
    if (k === 4) w4 = limb; else if (k === 5) w5 = limb; else if (k === 6) w6 = limb; else if (k === 7) w7 = limb;
  }
  res[0] = w4 | (w5 << 16);
  res[1] = w6 | (w7 << 16);
}

/** res = high 64 bits of signed a * signed b. */
export function mulh64(al: number, ah: number, bl: number, bh: number): void {
  mulhu64(al, ah, bl, bh);
  let lo = res[0], hi = res[1];
  if (ah < 0) { const l = (lo - bl) | 0; hi = (hi - bh - ((lo >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; lo = l; }
  if (bh < 0) { const l = (lo - al) | 0; hi = (hi - ah - ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; lo = l; }
  res[0] = lo; res[1] = hi;
}

/** res = high 64 bits of signed a * unsigned b. */
export function mulhsu64(al: number, ah: number, bl: number, bh: number): void {
  mulhu64(al, ah, bl, bh);
  if (ah < 0) {
    const lo = res[0];
    res[0] = (lo - bl) | 0;
    res[1] = (res[1] - bh - ((lo >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
  }
}

function toBigSigned(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

function toBigUnsigned(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function setBig(v: bigint): void {
  res[0] = Number(BigInt.asIntN(32, v));
  res[1] = Number(BigInt.asIntN(32, v >> 32n));
}

function setNumber(v: number): void {
  // v is an exact integer with |v| < 2^53
  const hi = Math.floor(v / TWO32);
  res[0] = (v - hi * TWO32) | 0;
  res[1] = hi | 0;
}

/** Signed 64-bit division (rem = false) or remainder (rem = true) with the M-extension edge cases. */
export function divRem64(al: number, ah: number, bl: number, bh: number, rem: boolean): void {
  if (bl === 0 && bh === 0) {
    if (rem) { res[0] = al; res[1] = ah; } else { res[0] = -1; res[1] = -1; }
    return;
  }
  if (ah === al >> 31 && bh === bl >> 31) {
    // both operands are sign-extended 32-bit values: exact in doubles (|quotient| <= 2^31)
    const q = Math.trunc(al / bl);
    setNumber(rem ? al - q * bl : q);
    return;
  }
  const a = toBigSigned(al, ah), b = toBigSigned(bl, bh);
  if (b === -1n && a === -(1n << 63n)) {
    if (rem) { res[0] = 0; res[1] = 0; } else { res[0] = al; res[1] = ah; }
    return;
  }
  setBig(rem ? a % b : a / b);
}

/** Unsigned 64-bit division or remainder (x / 0 = 2^64 - 1, x % 0 = x). */
export function divRemU64(al: number, ah: number, bl: number, bh: number, rem: boolean): void {
  if (bl === 0 && bh === 0) {
    if (rem) { res[0] = al; res[1] = ah; } else { res[0] = -1; res[1] = -1; }
    return;
  }
  if (ah === 0 && bh === 0) {
    const a = al >>> 0, b = bl >>> 0;
    const q = Math.floor(a / b);
    res[0] = rem ? a - q * b : q; res[1] = 0;
    return;
  }
  const a = toBigUnsigned(al, ah), b = toBigUnsigned(bl, bh);
  setBig(rem ? a % b : a / b);
}

/** divw/remw on the low 32 bits; returns the 32-bit result (to be sign-extended by the caller). */
export function divRem32(a: number, b: number, rem: boolean): number {
  if (b === 0) return rem ? a : -1;
  if (a === -0x80000000 && b === -1) return rem ? 0 : a;
  return rem ? (a % b) | 0 : (a / b) | 0;
}

/** divuw/remuw on the low 32 bits (unsigned); returns the 32-bit result as int32. */
export function divRemU32(a: number, b: number, rem: boolean): number {
  const ua = a >>> 0, ub = b >>> 0;
  if (ub === 0) return rem ? a | 0 : -1;
  return rem ? (ua % ub) | 0 : Math.floor(ua / ub) | 0;
}
