/**
 * Little-endian field reads for ELF parsing. Callers check bounds first (with `fits`);
 * these helpers assume `offset + width <= bytes.length`. 64-bit fields come back as exact
 * numbers, or undefined when the value is 2^53 or more (not representable exactly).
 */

/** The largest high 32-bit word of a 64-bit value that keeps it below 2^53. */
const MAX_SAFE_HIGH_WORD = 0x1fffff;
const TWO_TO_32 = 0x1_0000_0000;

/** True when [offset, offset + length) lies inside a buffer of `size` bytes. */
export function fits(size: number, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
}

/** Byte at `offset`. */
export function u8(bytes: Uint8Array, offset: number): number {
  return bytes[offset]!;
}

/** Little-endian 16-bit value at `offset`. */
export function u16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** Little-endian 32-bit unsigned value at `offset` (never negative). */
export function u32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) +
    bytes[offset + 3]! * 0x100_0000
  );
}

/** A 64-bit little-endian value as a number, or undefined when it is >= 2^53. */
export function u64(bytes: Uint8Array, offset: number): number | undefined {
  const high = u32(bytes, offset + 4);
  if (high > MAX_SAFE_HIGH_WORD) return undefined;
  return high * TWO_TO_32 + u32(bytes, offset);
}

/**
 * The NUL-terminated string starting at `start` inside [tableStart, tableEnd), decoded as
 * UTF-8. Undefined when `start` is outside the table or no NUL ends the string inside it.
 */
export function cString(
  bytes: Uint8Array,
  tableStart: number,
  tableEnd: number,
  start: number,
): string | undefined {
  if (start < tableStart || start >= tableEnd) return undefined;
  const nul = bytes.subarray(start, tableEnd).indexOf(0);
  if (nul < 0) return undefined;
  return utf8.decode(bytes.subarray(start, start + nul));
}

const utf8 = new TextDecoder('utf-8');
