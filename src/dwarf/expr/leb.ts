/**
 * 64-bit operand readers for DWARF expressions, built on Cursor. Cursor's own readers stop at
 * 2^53; expression operands (DW_OP_const8u, DW_OP_constu, DW_OP_breg offsets) use the whole
 * 64-bit range, so these return BigInts. Like Cursor they never throw: a short read sets
 * `cursor.bad` and returns 0n.
 */
import type { Cursor } from '../cursor';

const LEB_PAYLOAD = 0x7fn;
const LEB_CONTINUE = 0x80;
const LEB_SIGN = 0x40;
const LEB_PAYLOAD_BITS = 7n;
const BITS_PER_BYTE = 8n;
/** Operand values are kept to 64 bits (DWARF 5 section 2.5.1: the generic type on RV64). */
export const VALUE_BITS = 64;

/** An unsigned little-endian integer of `width` bytes (1..8), as a BigInt. */
export function readUnsigned(c: Cursor, width: number): bigint {
  const at = c.pos;
  if (!c.skip(width)) return 0n;
  let value = 0n;
  for (let i = width - 1; i >= 0; i--) value = (value << BITS_PER_BYTE) | BigInt(c.bytes[at + i]!);
  return value;
}

/** A signed little-endian integer of `width` bytes (1..8), as a BigInt. */
export function readSigned(c: Cursor, width: number): bigint {
  return BigInt.asIntN(width * 8, readUnsigned(c, width));
}

/** Unsigned LEB128 (DWARF 5 section 7.6), truncated to 64 bits. */
export function readUlebBig(c: Cursor): bigint {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    const byte = c.u8();
    if (c.bad !== undefined) return 0n;
    if (shift < BigInt(VALUE_BITS)) value |= (BigInt(byte) & LEB_PAYLOAD) << shift;
    shift += LEB_PAYLOAD_BITS;
    if ((byte & LEB_CONTINUE) === 0) return BigInt.asUintN(VALUE_BITS, value);
  }
}

/** Signed LEB128 (DWARF 5 section 7.6), truncated to a signed 64-bit value. */
export function readSlebBig(c: Cursor): bigint {
  let value = 0n;
  let shift = 0n;
  let byte: number;
  do {
    byte = c.u8();
    if (c.bad !== undefined) return 0n;
    if (shift < BigInt(VALUE_BITS)) value |= (BigInt(byte) & LEB_PAYLOAD) << shift;
    shift += LEB_PAYLOAD_BITS;
  } while (byte & LEB_CONTINUE);
  if (byte & LEB_SIGN && shift < BigInt(VALUE_BITS)) value -= 1n << shift;
  return BigInt.asIntN(VALUE_BITS, value);
}
