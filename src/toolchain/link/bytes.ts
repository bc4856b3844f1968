/**
 * Little-endian reads and writes of the data fields relocations patch (1, 2, 4, 8 bytes and
 * ULEB128, DWARF 5 section 7.6), on exact 64-bit values (bigint). Callers check bounds.
 */

const BYTE_BITS = 8n;
const BYTE_MASK = 0xffn;
const LEB_PAYLOAD_BITS = 7n;
const LEB_PAYLOAD = 0x7f;
const LEB_CONTINUE = 0x80;
/** A ULEB128 field longer than this cannot hold a 64-bit value meaningfully. */
const MAX_ULEB_BYTES = 10;

/** Widths up to this many bytes are handled with numbers (exact below 2^53), the rest with bigints. */
const NUMBER_WIDTH = 4;
const BYTE = 0x100;

/** The unsigned `width`-byte little-endian value at data[offset]. */
export function readUnsigned(data: Uint8Array, offset: number, width: number): bigint {
  if (width <= NUMBER_WIDTH) {
    let n = 0;
    for (let i = width - 1; i >= 0; i--) n = n * BYTE + data[offset + i]!;
    return BigInt(n);
  }
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << BYTE_BITS) | BigInt(data[offset + i]!);
  return v;
}

/** Writes the low `width` bytes of `value` (two's complement for negative values) at data[offset]. */
export function writeUnsigned(data: Uint8Array, offset: number, width: number, value: bigint): void {
  if (width <= NUMBER_WIDTH) {
    let n = Number(BigInt.asUintN(Number(BYTE_BITS) * width, value));
    for (let i = 0; i < width; i++) {
      data[offset + i] = n % BYTE;
      n = Math.floor(n / BYTE);
    }
    return;
  }
  let v = BigInt.asUintN(Number(BYTE_BITS) * width, value);
  for (let i = 0; i < width; i++) {
    data[offset + i] = Number(v & BYTE_MASK);
    v >>= BYTE_BITS;
  }
}

/** Length in bytes of the ULEB128 at data[offset] (its last byte has bit 7 clear), or undefined when it runs past `end` or MAX_ULEB_BYTES. */
export function ulebLength(data: Uint8Array, offset: number, end: number): number | undefined {
  for (let i = 0; i < MAX_ULEB_BYTES && offset + i < end; i++) {
    if ((data[offset + i]! & LEB_CONTINUE) === 0) return i + 1;
  }
  return undefined;
}

/**
 * Rewrites the `length`-byte ULEB128 at data[offset] to hold `value`, keeping its length (the
 * padding bytes carry the continuation bit, as assemblers pad them). False when `value` needs
 * more than `length` bytes (nothing is written).
 */
export function writeUlebInPlace(data: Uint8Array, offset: number, length: number, value: bigint): boolean {
  if (value < 0n || value >= 1n << (LEB_PAYLOAD_BITS * BigInt(length))) return false;
  let v = value;
  for (let i = 0; i < length; i++) {
    const low = Number(v & BigInt(LEB_PAYLOAD));
    v >>= LEB_PAYLOAD_BITS;
    data[offset + i] = i === length - 1 ? low : low | LEB_CONTINUE;
  }
  return true;
}
