/**
 * From the DWARF expression machine's location pieces (src/dwarf/expr, DWARF 5 section
 * 2.6.1) to a cexpr Value. A single piece without a size describes the whole object; anything
 * else is a split object whose pieces (DW_OP_piece sizes in bytes, DW_OP_bit_piece sizes and
 * offsets in bits, section 2.6.1.2) are kept bit-granular, empty ones as optimized-out parts.
 */
import type { Piece as DwarfPiece } from '../../dwarf/expr';
import type { DwarfType } from '../../dwarf/model';
import { bytesForBits } from './bits';
import { BITS_PER_BYTE, SIZEOF_LONG } from './constants';
import { sizeOf } from './types';
import { type EvalError, type Piece, type PieceLocation, type Value, bigToBytes } from './value';

/**
 * The Value of an object of `type` whose DWARF location evaluated to `pieces`:
 * - one piece without `sizeBits`: memory -> an lvalue at that address; register -> a register
 *   lvalue; value (DW_OP_stack_value) -> an rvalue of sizeof(type) bytes, two's complement;
 *   implicit (DW_OP_implicit_value) -> an rvalue of those bytes; implicitPointer or undefined
 *   -> optimized out;
 * - otherwise a split lvalue (`kind: 'pieces'`), each piece `sizeBits` wide (a missing size
 *   takes the whole type) starting `bitOffset` bits into its location; an implicitPointer or
 *   undefined piece is an optimized-out part, and when every piece is, the whole value is
 *   optimized out. Bits past the last piece read as optimized out.
 * An empty list is optimized out. Never returns an error today (the type leaves room for one).
 */
export function valueFromPieces(type: DwarfType, pieces: DwarfPiece[]): Value | EvalError {
  const size = sizeOf(type);
  if (pieces.length === 0) return { type, optimizedOut: true };
  if (pieces.length === 1 && pieces[0]!.sizeBits === undefined) {
    const loc = pieceLocation(pieces[0]!, size * BITS_PER_BYTE);
    if (loc.kind === 'optimizedOut') return { type, optimizedOut: true };
    if (loc.kind === 'bytes') return { type, bytes: fitBytes(loc.bytes, size) };
    return { type, location: loc };
  }
  const parts: Piece[] = pieces.map((p) => {
    const sizeBits = p.sizeBits ?? size * BITS_PER_BYTE;
    const location = pieceLocation(p, (p.bitOffset ?? 0) + sizeBits);
    return p.bitOffset ? { location, sizeBits, bitOffset: p.bitOffset } : { location, sizeBits };
  });
  if (parts.every((p) => p.location.kind === 'optimizedOut')) return { type, optimizedOut: true };
  return { type, location: { kind: 'pieces', pieces: parts } };
}

/**
 * One DWARF piece's location in cexpr terms. A DW_OP_stack_value becomes the little-endian
 * bytes of its value, at least 8 (the generic type, an address wide) and enough for `bits`,
 * sign-extended past 8 bytes.
 */
function pieceLocation(p: DwarfPiece, bits: number): PieceLocation {
  const l = p.location;
  switch (l.kind) {
    case 'memory':
      return { kind: 'memory', address: l.address };
    case 'register':
      return { kind: 'register', regno: l.regno };
    case 'value':
      return { kind: 'bytes', bytes: bigToBytes(l.value, Math.max(SIZEOF_LONG, bytesForBits(bits))) };
    case 'implicit':
      return { kind: 'bytes', bytes: l.bytes };
    default:
      return { kind: 'optimizedOut' };
  }
}

/** `bytes` cut or zero-padded to exactly `size` (an rvalue holds sizeof(type) bytes). */
function fitBytes(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length === size) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, size));
  return out;
}
