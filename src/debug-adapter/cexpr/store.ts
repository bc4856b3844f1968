/**
 * Writing a value into an lvalue (C11 6.5.16.1 simple assignment): the source is converted
 * to the target's type, then its bytes go back through the scope's writeMemory/writeRegister.
 * Bit fields are read-modify-write of their containing bytes; a float written to an f register
 * is NaN-boxed (RISC-V F extension, section 12.2); split (DW_OP_piece / DW_OP_bit_piece) objects
 * write piece by piece, bit-granular.
 */
import { bytesForBits, copyBits } from './bits';
import {
  BITS_PER_BYTE, DWARF_REGNO_F0, MSG_CANNOT_ACCESS, MSG_INVALID_CAST, MSG_NOT_LVALUE, MSG_OPTIMIZED_OUT, MSG_READ_ONLY, NAN_BOX_UPPER,
  RISCV_REGISTER_COUNT, SIZEOF_FLOAT, SIZEOF_REGISTER,
} from './constants';
import { castValue } from './convert';
import { readScalar } from './scalar';
import { isCharType, sameType, sizeOf, strip } from './types';
import {
  type EvalError,
  type EvalScope,
  type Location,
  type SimpleLocation,
  type Value,
  bigToBytes,
  bytesToBigUint,
  evalError,
  insertBits,
  isError,
  pieceBits,
  rvalue,
  valueBytes,
} from './value';

/** `source` converted for assignment to `target`'s type (gdb is as lenient as a cast for scalars). */
export function convertForAssignment(source: Value, target: Value, scope: EvalScope): Value | EvalError {
  const t = strip(target.type);
  if (t.kind === 'struct' || t.kind === 'union') return sameType(source.type, t) ? { ...source, type: target.type } : evalError(MSG_INVALID_CAST);
  if (t.kind === 'array') {
    const st = strip(source.type);
    if (st.kind !== 'array') return evalError(MSG_INVALID_CAST);
    const size = sizeOf(t);
    const bytes = valueBytes(source, scope);
    if (isError(bytes)) return bytes;
    const charArrays = isCharType(t.element) && isCharType(st.element);
    if (bytes.length === size || (charArrays && bytes.length < size)) {
      const out = new Uint8Array(size);
      out.set(bytes);
      return rvalue(target.type, out);
    }
    return evalError(MSG_INVALID_CAST);
  }
  return castValue(source, target.type, scope);
}

/** Stores `source` into lvalue `target`; returns the target (to be re-read) or an error. */
export function storeValue(target: Value, source: Value, scope: EvalScope): Value | EvalError {
  if (target.optimizedOut) return evalError(MSG_OPTIMIZED_OUT);
  if (!target.location) return evalError(MSG_NOT_LVALUE);
  const converted = convertForAssignment(source, target, scope);
  if (isError(converted)) return converted;
  if (target.bitField) {
    const s = readScalar(converted, scope);
    if (isError(s)) return s;
    const { bitOffset, bitSize } = target.bitField;
    const bytes = new Uint8Array(bytesForBits(bitOffset + bitSize));
    insertBits(bytes, target.bitField, s.kind === 'int' ? s.n : 0n);
    const done = writeLocation(target.location, bytes, scope, bitOffset, bitSize);
    return isError(done) ? done : target;
  }
  const bytes = valueBytes(converted, scope);
  if (isError(bytes)) return bytes;
  const done = writeLocation(target.location, bytes, scope);
  return isError(done) ? done : target;
}

/**
 * Writes bits [bitStart, bitStart + nBits) of an object at `loc` from the same bits of `bytes`
 * (default: all of them). Unaligned bits in memory are read-modify-write of the bytes that hold
 * them. A split object is checked first: when any piece in range is optimized out or has no
 * storage (a DW_OP_stack_value), nothing is written and the error says why.
 */
export function writeLocation(loc: Location, bytes: Uint8Array, scope: EvalScope, bitStart = 0, nBits = bytes.length * BITS_PER_BYTE): true | EvalError {
  if (loc.kind !== 'pieces') return writeSimple(loc, bitStart, bytes, bitStart, nBits, scope);
  const parts: Array<{ loc: SimpleLocation; locBit: number; objBit: number; n: number }> = [];
  let at = 0;
  for (const piece of loc.pieces) {
    const bits = pieceBits(piece);
    const start = Math.max(bitStart, at);
    const end = Math.min(bitStart + nBits, at + bits);
    if (start < end) {
      const pl = piece.location;
      if (pl.kind === 'optimizedOut') return evalError(MSG_OPTIMIZED_OUT);
      if (pl.kind === 'bytes') return evalError(MSG_READ_ONLY);
      parts.push({ loc: pl, locBit: (piece.bitOffset ?? 0) + (start - at), objBit: start, n: end - start });
    }
    at += bits;
  }
  if (at < bitStart + nBits) return evalError(MSG_OPTIMIZED_OUT);
  for (const p of parts) {
    const done = writeSimple(p.loc, p.locBit, bytes, p.objBit, p.n, scope);
    if (isError(done)) return done;
  }
  return true;
}

/** Writes `n` bits of `src` from bit `srcBit` into a memory or register location at its bit `locBit`. */
function writeSimple(loc: SimpleLocation, locBit: number, src: Uint8Array, srcBit: number, n: number, scope: EvalScope): true | EvalError {
  if (loc.kind === 'memory') {
    const address = loc.address + BigInt(Math.floor(locBit / BITS_PER_BYTE));
    const first = locBit % BITS_PER_BYTE;
    const length = bytesForBits(first + n);
    let buf: Uint8Array;
    if (first === 0 && n % BITS_PER_BYTE === 0) buf = new Uint8Array(length);
    else {
      const current = scope.readMemory(address, length);
      if (!current || current.length < length) return evalError(MSG_CANNOT_ACCESS(address));
      buf = Uint8Array.from(current.subarray(0, length));
    }
    copyBits(buf, first, src, srcBit, n);
    return scope.writeMemory?.(address, buf) ? true : evalError(MSG_CANNOT_ACCESS(address));
  }
  if (!scope.writeRegister) return evalError(MSG_READ_ONLY);
  const raw = scope.readRegister(loc.regno);
  if (raw === undefined) return evalError(`Cannot read register ${loc.regno}.`);
  const at = locBit + BITS_PER_BYTE * (loc.byteOffset ?? 0);
  const all = bigToBytes(raw, SIZEOF_REGISTER);
  copyBits(all, at, src, srcBit, Math.min(n, SIZEOF_REGISTER * BITS_PER_BYTE - at));
  let value = bytesToBigUint(all);
  const isF = loc.regno >= DWARF_REGNO_F0 && loc.regno < DWARF_REGNO_F0 + RISCV_REGISTER_COUNT;
  if (isF && at === 0 && n === SIZEOF_FLOAT * BITS_PER_BYTE) value = NAN_BOX_UPPER | (value & 0xffff_ffffn);
  return scope.writeRegister(loc.regno, value) ? true : evalError(MSG_READ_ONLY);
}
