/**
 * Values of the C evaluator: a type plus where the object lives (an lvalue: memory, a
 * register, or DWARF pieces, DWARF 5 section 2.6.1.2) or the bytes it is (an rvalue), and the
 * scope interface through which every fact about the stopped program is asked. Nothing here
 * throws: failures are `EvalError` values.
 */
import type { DwarfType } from '../../dwarf/model';
import { BITS_PER_BYTE, MSG_CANNOT_ACCESS, MSG_OPTIMIZED_OUT, MAX_FETCH_BYTES } from './constants';
import { sizeOf } from './types';

/** An error with gdb's message; `column` is the 0-based offset in the expression text, when known. */
export interface EvalError {
  kind: 'error';
  message: string;
  column?: number;
}

/** Makes an EvalError. */
export function evalError(message: string, column?: number): EvalError {
  return column === undefined ? { kind: 'error', message } : { kind: 'error', message, column };
}

/** True for an EvalError (anything else is a successful result). */
export function isError(x: unknown): x is EvalError {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'error';
}

/** One part of a split object (DWARF 5 DW_OP_piece): `sizeBytes` bytes from `location`. */
export interface Piece {
  location: SimpleLocation | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'optimizedOut' };
  sizeBytes: number;
}

/** A whole-object location: virtual address in the debuggee, or a DWARF register number (0-31 x, 32-63 f, REGNO_PC). */
export type SimpleLocation = { kind: 'memory'; address: bigint } | { kind: 'register'; regno: number; byteOffset?: number };

/** Where an lvalue lives. Register contents are the register's low-order bytes (little-endian). */
export type Location = SimpleLocation | { kind: 'pieces'; pieces: Piece[] };

/** A bit field inside the object at `location`/`bytes`: `bitOffset` bits from its start (little-endian), `bitSize` wide. */
export interface BitField {
  bitOffset: number;
  bitSize: number;
}

/**
 * A C value. An lvalue has `location` (read lazily when formatted or used); an rvalue has
 * `bytes` (exactly sizeof(type), little-endian). `optimizedOut` values have neither.
 */
export interface Value {
  type: DwarfType;
  location?: Location;
  bytes?: Uint8Array;
  bitField?: BitField;
  optimizedOut?: boolean;
}

/**
 * What the evaluator asks of a stopped program. Every method answers undefined (or false)
 * when it does not know; none throws.
 */
export interface EvalScope {
  /**
   * The variable, parameter, function (a value of function type located at its entry address)
   * or enumerator constant (an rvalue of the enum type) named `name` visible at the current pc,
   * innermost first; an EvalError when it exists but cannot be located.
   */
  lookupVariable(name: string): Value | EvalError | undefined;
  /** A type by C name: typedef and base names (`point_t`, `int`), or tagged: `struct point`, `union num`, `enum color`. */
  typeByName(name: string): DwarfType | undefined;
  /** A register's raw 64-bit contents by DWARF number (0-31 x, 32-63 f, REGNO_PC for the pc). */
  readRegister(regno: number): bigint | undefined;
  /** `length` bytes at virtual address `address`, or undefined when any of them is unmapped. */
  readMemory(address: bigint, length: number): Uint8Array | undefined;
  /** Writes bytes at a virtual address; false when unmapped or read-only. Absent: memory is read-only. */
  writeMemory?(address: bigint, bytes: Uint8Array): boolean;
  /** Writes a register's raw 64-bit contents; false when refused. Absent: registers are read-only. */
  writeRegister?(regno: number, value: bigint): boolean;
  /**
   * The symbol containing `address` (a data object or function; address in [start, start+size))
   * and the byte offset into it, for `<buf+8>`; undefined when none does.
   */
  symbolize(address: bigint): { name: string; offset: number } | undefined;
}

/** An rvalue of `type` holding `bytes`. */
export function rvalue(type: DwarfType, bytes: Uint8Array): Value {
  return { type, bytes };
}

/** An lvalue of `type` at virtual address `address`. */
export function inMemory(type: DwarfType, address: bigint): Value {
  return { type, location: { kind: 'memory', address } };
}

/** The address of a value in memory, or undefined (register, pieces, rvalue). */
export function addressOf(v: Value): bigint | undefined {
  return v.location?.kind === 'memory' ? v.location.address : undefined;
}

/** Low `size` bytes of a 64-bit register value, little-endian. */
function registerBytes(raw: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let r = BigInt.asUintN(64, raw);
  for (let i = 0; i < size && i < 8; i++) {
    out[i] = Number(r & 0xffn);
    r >>= 8n;
  }
  return out;
}

/** Reads `size` bytes from a location; returns an error for unreadable memory or registers. */
export function readLocation(loc: Location, size: number, scope: EvalScope): Uint8Array | EvalError {
  if (size > MAX_FETCH_BYTES) return evalError(`value requires ${size} bytes, which is more than max-value-size`);
  if (loc.kind === 'memory') {
    const bytes = size === 0 ? new Uint8Array(0) : scope.readMemory(loc.address, size);
    return bytes && bytes.length >= size ? bytes.subarray(0, size) : evalError(MSG_CANNOT_ACCESS(loc.address));
  }
  if (loc.kind === 'register') {
    const raw = scope.readRegister(loc.regno);
    return raw === undefined ? evalError(`Cannot read register ${loc.regno}.`) : registerBytes(raw >> BigInt(BITS_PER_BYTE * (loc.byteOffset ?? 0)), size);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of loc.pieces) {
    if (at >= size) break;
    const n = Math.min(piece.sizeBytes, size - at);
    const pl = piece.location;
    let part: Uint8Array | EvalError;
    if (pl.kind === 'optimizedOut') part = evalError(MSG_OPTIMIZED_OUT);
    else if (pl.kind === 'bytes') part = pl.bytes.subarray(0, n);
    else part = readLocation(pl, n, scope);
    if (isError(part)) return part;
    out.set(part.subarray(0, n), at);
    at += n;
  }
  return out;
}

/** The bytes of `v` (sizeof(type) of them; for a bit field, the bytes that contain it). */
export function valueBytes(v: Value, scope: EvalScope): Uint8Array | EvalError {
  if (v.optimizedOut) return evalError(MSG_OPTIMIZED_OUT);
  const size = v.bitField ? Math.ceil((v.bitField.bitOffset + v.bitField.bitSize) / BITS_PER_BYTE) : sizeOf(v.type);
  if (v.bytes) {
    return v.bytes.length >= size ? v.bytes.subarray(0, size) : evalError('value is shorter than its type');
  }
  if (!v.location) return evalError(MSG_OPTIMIZED_OUT);
  return readLocation(v.location, size, scope);
}

/** Unsigned little-endian integer of `bytes`. */
export function bytesToBigUint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** `n` as `size` little-endian two's-complement bytes (wrapping). */
export function bigToBytes(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let r = BigInt.asUintN(size * BITS_PER_BYTE, n);
  for (let i = 0; i < size; i++) {
    out[i] = Number(r & 0xffn);
    r >>= 8n;
  }
  return out;
}

/** Extracts a bit field's raw (unsigned) bits from the bytes that contain it. */
export function extractBits(bytes: Uint8Array, field: BitField): bigint {
  const all = bytesToBigUint(bytes);
  return BigInt.asUintN(field.bitSize, all >> BigInt(field.bitOffset));
}

/** Replaces a bit field's bits inside `bytes` (in place) with the low bits of `n`. */
export function insertBits(bytes: Uint8Array, field: BitField, n: bigint): void {
  const all = bytesToBigUint(bytes);
  const mask = ((1n << BigInt(field.bitSize)) - 1n) << BigInt(field.bitOffset);
  const merged = (all & ~mask) | ((BigInt.asUintN(field.bitSize, n) << BigInt(field.bitOffset)) & mask);
  bytes.set(bigToBytes(merged, bytes.length));
}

/** The part [offset, offset+size) of a location (a sub-object of a struct or array). */
export function sliceLocation(loc: Location, offset: number, size: number): Location {
  if (loc.kind === 'memory') return { kind: 'memory', address: loc.address + BigInt(offset) };
  if (loc.kind === 'register') return { ...loc, byteOffset: (loc.byteOffset ?? 0) + offset };
  const pieces: Piece[] = [];
  let at = 0;
  for (const piece of loc.pieces) {
    const start = Math.max(offset, at);
    const end = Math.min(offset + size, at + piece.sizeBytes);
    if (start < end) {
      const skip = start - at;
      const pl = piece.location;
      const part: Piece['location'] =
        pl.kind === 'bytes' ? { kind: 'bytes', bytes: pl.bytes.subarray(skip) } : pl.kind === 'optimizedOut' ? pl : sliceLocation(pl, skip, end - start) as SimpleLocation;
      pieces.push({ location: part, sizeBytes: end - start });
    }
    at += piece.sizeBytes;
  }
  return { kind: 'pieces', pieces };
}

/**
 * The sub-object of `v` at byte `offset` with type `type` (a member or array element),
 * keeping `v`'s kind of storage: an lvalue stays an lvalue, an rvalue is cut from its bytes.
 */
export function subValue(v: Value, offset: number, type: DwarfType, bitField?: BitField): Value {
  if (v.optimizedOut) return { type, optimizedOut: true };
  const size = bitField ? Math.ceil((bitField.bitOffset + bitField.bitSize) / BITS_PER_BYTE) : sizeOf(type);
  const out: Value = { type };
  if (bitField) out.bitField = bitField;
  if (v.location) out.location = sliceLocation(v.location, offset, size);
  else if (v.bytes) out.bytes = v.bytes.subarray(offset, offset + size);
  else out.optimizedOut = true;
  return out;
}
