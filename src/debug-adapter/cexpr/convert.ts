/**
 * Conversions: array-to-pointer and function-to-pointer decay (C11 6.3.2.1p3-4), casts
 * (C11 6.5.4) between integer, enum, float and pointer types, and the identity casts gdb
 * allows between objects of the same struct type.
 */
import type { DwarfType } from '../../dwarf/model';
import { MSG_INVALID_CAST, MSG_NOT_IN_MEMORY } from './constants';
import { fromScalar, readScalar } from './scalar';
import { arrayElement, pointerTo, sameType, sizeOf, strip } from './types';
import { type EvalError, type EvalScope, type Value, addressOf, bigToBytes, evalError, isError, rvalue } from './value';
import { SIZEOF_POINTER } from './constants';

/** A pointer rvalue of type `T *` holding `address`. */
export function pointerValue(target: DwarfType, address: bigint, type: DwarfType = pointerTo(target)): Value {
  return rvalue(type, bigToBytes(address, SIZEOF_POINTER));
}

/**
 * Decays an array to a pointer to its first element and a function to a pointer to it; other
 * values pass through. An array not in memory (a register or rvalue) cannot decay.
 */
export function decay(v: Value): Value | EvalError {
  const t = strip(v.type);
  if (t.kind !== 'array' && t.kind !== 'function') return v;
  const address = addressOf(v);
  if (address === undefined) return evalError(MSG_NOT_IN_MEMORY);
  return t.kind === 'array' ? pointerValue(arrayElement(t), address) : pointerValue(v.type, address);
}

/** `v` cast to `to` (C11 6.5.4): scalars convert, same-type aggregates reinterpret, anything else is gdb's `Invalid cast.`. */
export function castValue(v: Value, to: DwarfType, scope: EvalScope): Value | EvalError {
  const target = strip(to);
  if (target.kind === 'void') return rvalue(to, new Uint8Array(0));
  if (target.kind === 'base' || target.kind === 'enum' || target.kind === 'pointer') {
    const source = decay(v);
    if (isError(source)) return source;
    const st = strip(source.type);
    if (st.kind !== 'base' && st.kind !== 'enum' && st.kind !== 'pointer') return evalError(MSG_INVALID_CAST);
    const s = readScalar(source, scope);
    return isError(s) ? s : fromScalar(to, s);
  }
  if ((target.kind === 'struct' || target.kind === 'union' || target.kind === 'array') && (sameType(v.type, to) || (strip(v.type).kind === target.kind && sizeOf(v.type) === sizeOf(to) && target.kind === 'array'))) {
    return { ...v, type: to };
  }
  return evalError(MSG_INVALID_CAST);
}
