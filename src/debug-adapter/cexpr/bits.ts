/**
 * Bit-granular helpers over little-endian byte buffers, for objects split into DWARF pieces
 * (DWARF 5 section 2.6.1.2: DW_OP_piece sizes in bytes, DW_OP_bit_piece sizes and offsets in
 * bits). Bit numbering is little-endian throughout: bit `k` of a buffer is bit `k % 8` (0 =
 * least significant) of byte `floor(k / 8)`. Out-of-range bits read as 0 and writes past the
 * end are dropped, so nothing here throws.
 */
import { BITS_PER_BYTE } from './constants';

/** All bits of a byte set: a fully optimized-out byte in a `missing` mask. */
export const BYTE_ALL_BITS = 0xff;

function getBit(buf: Uint8Array, k: number): number {
  const byte = buf[Math.floor(k / BITS_PER_BYTE)];
  return byte === undefined ? 0 : (byte >> (k % BITS_PER_BYTE)) & 1;
}

function setBit(buf: Uint8Array, k: number, on: number): void {
  const i = Math.floor(k / BITS_PER_BYTE);
  if (i >= buf.length) return;
  const mask = 1 << (k % BITS_PER_BYTE);
  buf[i] = on ? buf[i]! | mask : buf[i]! & ~mask;
}

/**
 * Copies `n` bits from `src` starting at bit `srcBit` into `dst` starting at bit `dstBit`.
 * Byte-aligned runs are copied a byte at a time; others bit by bit.
 */
export function copyBits(dst: Uint8Array, dstBit: number, src: Uint8Array, srcBit: number, n: number): void {
  if (n <= 0) return;
  if (dstBit % BITS_PER_BYTE === 0 && srcBit % BITS_PER_BYTE === 0) {
    const whole = Math.floor(n / BITS_PER_BYTE);
    const d = dstBit / BITS_PER_BYTE;
    const s = srcBit / BITS_PER_BYTE;
    for (let i = 0; i < whole && d + i < dst.length; i++) dst[d + i] = src[s + i] ?? 0;
    const done = whole * BITS_PER_BYTE;
    for (let k = done; k < n; k++) setBit(dst, dstBit + k, getBit(src, srcBit + k));
    return;
  }
  for (let k = 0; k < n; k++) setBit(dst, dstBit + k, getBit(src, srcBit + k));
}

/** Sets bits [start, start + n) of `buf` to 1. */
export function fillBits(buf: Uint8Array, start: number, n: number): void {
  for (let k = 0; k < n; k++) setBit(buf, start + k, 1);
}

/** True when any of bits [start, start + n) of `mask` is set (an absent mask has none). */
export function anyBits(mask: Uint8Array | undefined, start: number, n: number): boolean {
  if (!mask) return false;
  for (let k = 0; k < n; k++) if (getBit(mask, start + k)) return true;
  return false;
}

/** True when every one of bits [start, start + n) of `mask` is set (n > 0). */
export function allBits(mask: Uint8Array | undefined, start: number, n: number): boolean {
  if (!mask || n <= 0) return false;
  for (let k = 0; k < n; k++) if (!getBit(mask, start + k)) return false;
  return true;
}

/** Bytes needed to hold `bits` bits. */
export function bytesForBits(bits: number): number {
  return Math.ceil(bits / BITS_PER_BYTE);
}
