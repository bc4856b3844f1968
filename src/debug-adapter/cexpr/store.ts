/**
 * Writing a value into an lvalue (C11 6.5.16.1 simple assignment): the source is converted
 * to the target's type, then its bytes go back through the scope's writeMemory/writeRegister.
 * Bit fields are read-modify-write of their containing bytes; a float written to an f register
 * is NaN-boxed (RISC-V F extension, section 12.2); split (DW_OP_piece) objects write piece by piece.
 */
import { BITS_PER_BYTE, DWARF_REGNO_F0, MSG_INVALID_CAST, MSG_NOT_LVALUE, MSG_OPTIMIZED_OUT, MSG_READ_ONLY, NAN_BOX_UPPER, RISCV_REGISTER_COUNT, SIZEOF_FLOAT } from './constants';
import { castValue } from './convert';
import { readScalar } from './scalar';
import { isCharType, sameType, sizeOf, strip } from './types';
import {
  type EvalError,
  type EvalScope,
  type Location,
  type Value,
  bigToBytes,
  bytesToBigUint,
  evalError,
  insertBits,
  isError,
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
    const container = valueBytes(target, scope);
    if (isError(container)) return container;
    const bytes = Uint8Array.from(container);
    insertBits(bytes, target.bitField, s.kind === 'int' ? s.n : 0n);
    const done = writeLocation(target.location, bytes, scope);
    return isError(done) ? done : target;
  }
  const bytes = valueBytes(converted, scope);
  if (isError(bytes)) return bytes;
  const done = writeLocation(target.location, bytes, scope);
  return isError(done) ? done : target;
}

/** Writes `bytes` to a location; errors when the scope cannot write there. */
export function writeLocation(loc: Location, bytes: Uint8Array, scope: EvalScope): true | EvalError {
  if (loc.kind === 'memory') {
    return scope.writeMemory?.(loc.address, bytes) ? true : evalError(`Cannot access memory at address 0x${loc.address.toString(16)}`);
  }
  if (loc.kind === 'register') {
    if (!scope.writeRegister) return evalError(MSG_READ_ONLY);
    const raw = scope.readRegister(loc.regno);
    if (raw === undefined) return evalError(`Cannot read register ${loc.regno}.`);
    const offset = loc.byteOffset ?? 0;
    const all = bigToBytes(raw, BITS_PER_BYTE);
    all.set(bytes.subarray(0, Math.max(0, BITS_PER_BYTE - offset)), offset);
    let value = bytesToBigUint(all);
    const isF = loc.regno >= DWARF_REGNO_F0 && loc.regno < DWARF_REGNO_F0 + RISCV_REGISTER_COUNT;
    if (isF && offset === 0 && bytes.length === SIZEOF_FLOAT) value = NAN_BOX_UPPER | (value & 0xffff_ffffn);
    return scope.writeRegister(loc.regno, value) ? true : evalError(MSG_READ_ONLY);
  }
  let at = 0;
  for (const piece of loc.pieces) {
    if (at >= bytes.length) break;
    const part = bytes.subarray(at, at + piece.sizeBytes);
    const pl = piece.location;
    if (pl.kind === 'optimizedOut') return evalError(MSG_OPTIMIZED_OUT);
    if (pl.kind === 'bytes') return evalError(MSG_READ_ONLY);
    const done = writeLocation(pl, part, scope);
    if (isError(done)) return done;
    at += piece.sizeBytes;
  }
  return true;
}
