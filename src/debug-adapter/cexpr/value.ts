/**
 * Values of the C evaluator: a type plus where the object lives (an lvalue: memory, a
 * register, or DWARF pieces, DWARF 5 section 2.6.1.2, each bit-granular and possibly optimized
 * out) or the bytes it is (an rvalue), and the scope interface through which every fact about
 * the stopped program is asked. Nothing here throws: failures are `EvalError` values.
 */
import type { DwarfType } from '../../dwarf/model';
import { allBits, anyBits, BYTE_ALL_BITS, bytesForBits, copyBits, fillBits } from './bits';
import { BITS_PER_BYTE, MSG_CANNOT_ACCESS, MSG_OPTIMIZED_OUT, MAX_FETCH_BYTES, SIZEOF_REGISTER } from './constants';
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

/** Where a piece's bits come from: a simple location, literal bytes (DW_OP_stack_value, DW_OP_implicit_value), or nowhere. */
export type PieceLocation = SimpleLocation | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'optimizedOut' };

/**
 * One part of a split object (DWARF 5 section 2.6.1.2, DW_OP_piece / DW_OP_bit_piece): the
 * next `sizeBits` bits of the object come from `location`, starting `bitOffset` bits into it
 * (little-endian bit numbering: bit 0 is the least significant bit of the register, of the
 * literal bytes, or of the byte at the memory address). `sizeBytes` is the older byte-sized
 * spelling of the same size, read only when `sizeBits` is absent.
 */
export interface Piece {
  location: PieceLocation;
  sizeBits?: number;
  sizeBytes?: number;
  bitOffset?: number;
}

/** The size of a piece in bits (`sizeBits`, else 8 * `sizeBytes`, else 0). */
export function pieceBits(p: Piece): number {
  const bits = p.sizeBits ?? (p.sizeBytes ?? 0) * BITS_PER_BYTE;
  return Number.isFinite(bits) && bits > 0 ? Math.floor(bits) : 0;
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
 * `bytes` (exactly sizeof(type), little-endian) and, when parts of it are optimized out,
 * `missing`: one mask byte per byte of `bytes` whose set bits are optimized out (gdb's
 * "partly optimized out" values). `optimizedOut` values have neither location nor bytes.
 */
export interface Value {
  type: DwarfType;
  location?: Location;
  bytes?: Uint8Array;
  missing?: Uint8Array;
  bitField?: BitField;
  optimizedOut?: boolean;
}

/** An object's bytes plus, when any bit is optimized out, the mask of those bits (same length, little-endian bits). */
export interface Contents {
  bytes: Uint8Array;
  missing?: Uint8Array;
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

/** A 64-bit register value as its 8 little-endian bytes. */
function registerBytes(raw: bigint): Uint8Array {
  return bigToBytes(raw, SIZEOF_REGISTER);
}

/**
 * The buffer holding bits [bitOffset, bitOffset + nBits) of piece location `pl`, with the bit
 * index of the first one; 'missing' for an optimized-out piece; an error when memory or a
 * register cannot be read.
 */
function pieceSource(pl: PieceLocation, bitOffset: number, nBits: number, scope: EvalScope): { buf: Uint8Array; start: number } | 'missing' | EvalError {
  switch (pl.kind) {
    case 'optimizedOut':
      return 'missing';
    case 'bytes':
      return { buf: pl.bytes, start: bitOffset };
    case 'register': {
      const raw = scope.readRegister(pl.regno);
      if (raw === undefined) return evalError(`Cannot read register ${pl.regno}.`);
      return { buf: registerBytes(raw), start: bitOffset + BITS_PER_BYTE * (pl.byteOffset ?? 0) };
    }
    case 'memory': {
      const address = pl.address + BigInt(Math.floor(bitOffset / BITS_PER_BYTE));
      const start = bitOffset % BITS_PER_BYTE;
      const length = bytesForBits(start + nBits);
      const bytes = length === 0 ? new Uint8Array(0) : scope.readMemory(address, length);
      return bytes && bytes.length >= length ? { buf: bytes, start } : evalError(MSG_CANNOT_ACCESS(address));
    }
  }
}

/**
 * Reads `size` bytes of the object at `loc` (DWARF 5 section 2.6.1.2 for pieces): optimized-out
 * pieces, and bits no piece covers, come back marked in `missing` (their bytes read 0); an
 * error only for unreadable memory or registers, or an object larger than MAX_FETCH_BYTES.
 */
export function readContents(loc: Location, size: number, scope: EvalScope): Contents | EvalError {
  if (size > MAX_FETCH_BYTES) return evalError(`value requires ${size} bytes, which is more than max-value-size`);
  const bytes = new Uint8Array(size);
  const total = size * BITS_PER_BYTE;
  if (loc.kind !== 'pieces') {
    const src = pieceSource(loc, 0, total, scope);
    if (isError(src)) return src;
    if (src !== 'missing') copyBits(bytes, 0, src.buf, src.start, total);
    return { bytes };
  }
  const missing = new Uint8Array(size);
  let at = 0;
  for (const piece of loc.pieces) {
    if (at >= total) break;
    const bits = pieceBits(piece);
    const n = Math.min(bits, total - at);
    const src = pieceSource(piece.location, piece.bitOffset ?? 0, n, scope);
    if (isError(src)) return src;
    if (src === 'missing') fillBits(missing, at, n);
    else copyBits(bytes, at, src.buf, src.start, n);
    at += bits;
  }
  if (at < total) fillBits(missing, at, total - at);
  return missing.some((b) => b !== 0) ? { bytes, missing } : { bytes };
}

/** The bytes `v` occupies: sizeof(type), or for a bit field the bytes that contain it. */
function containerSize(v: Value): number {
  return v.bitField ? bytesForBits(v.bitField.bitOffset + v.bitField.bitSize) : sizeOf(v.type);
}

/** The bit range of `v` inside its contents: the bit field's bits, or all of them. */
function ownBits(v: Value, size: number): [number, number] {
  return v.bitField ? [v.bitField.bitOffset, v.bitField.bitSize] : [0, size * BITS_PER_BYTE];
}

/**
 * The contents of `v` (sizeof(type) bytes; for a bit field, the bytes that contain it), with
 * optimized-out bits marked rather than failing; an error only when the read itself fails.
 */
export function valueContents(v: Value, scope: EvalScope): Contents | EvalError {
  const size = containerSize(v);
  if (v.optimizedOut || (!v.bytes && !v.location)) {
    if (size > MAX_FETCH_BYTES) return evalError(MSG_OPTIMIZED_OUT);
    return { bytes: new Uint8Array(size), missing: new Uint8Array(size).fill(BYTE_ALL_BITS) };
  }
  if (v.bytes) {
    if (v.bytes.length < size) return evalError('value is shorter than its type');
    const missing = v.missing?.subarray(0, size);
    return missing ? { bytes: v.bytes.subarray(0, size), missing } : { bytes: v.bytes.subarray(0, size) };
  }
  return readContents(v.location!, size, scope);
}

/**
 * The bytes of `v` (sizeof(type) of them; for a bit field, the bytes that contain it); gdb's
 * "value has been optimized out" when any of the value's own bits is.
 */
export function valueBytes(v: Value, scope: EvalScope): Uint8Array | EvalError {
  if (v.optimizedOut) return evalError(MSG_OPTIMIZED_OUT);
  const c = valueContents(v, scope);
  if (isError(c)) return c;
  const [start, n] = ownBits(v, c.bytes.length);
  return anyBits(c.missing, start, n) ? evalError(MSG_OPTIMIZED_OUT) : c.bytes;
}

/**
 * True when every bit of `v` is optimized out (gdb's value_entirely_optimized_out: what makes
 * a whole top-level value print `<optimized out>`). False when it cannot be read at all.
 */
export function entirelyOptimizedOut(v: Value, scope: EvalScope): boolean {
  if (v.optimizedOut) return true;
  if (v.location && v.location.kind !== 'pieces') return false;
  if (containerSize(v) > MAX_FETCH_BYTES) return false;
  const c = valueContents(v, scope);
  if (isError(c)) return false;
  const [start, n] = ownBits(v, c.bytes.length);
  return allBits(c.missing, start, n);
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

/** The part [offset, offset+size) of a location, in bytes (a sub-object of a struct or array). */
export function sliceLocation(loc: Location, offset: number, size: number): Location {
  if (loc.kind === 'memory') return { kind: 'memory', address: loc.address + BigInt(offset) };
  if (loc.kind === 'register') return { ...loc, byteOffset: (loc.byteOffset ?? 0) + offset };
  const from = offset * BITS_PER_BYTE;
  const to = (offset + size) * BITS_PER_BYTE;
  const pieces: Piece[] = [];
  let at = 0;
  for (const piece of loc.pieces) {
    const bits = pieceBits(piece);
    const start = Math.max(from, at);
    const end = Math.min(to, at + bits);
    if (start < end) {
      const bitOffset = (piece.bitOffset ?? 0) + (start - at);
      pieces.push(bitOffset === 0 ? { location: piece.location, sizeBits: end - start } : { location: piece.location, sizeBits: end - start, bitOffset });
    }
    at += bits;
    if (at >= to) break;
  }
  return { kind: 'pieces', pieces };
}

/**
 * The sub-object of `v` at byte `offset` with type `type` (a member or array element),
 * keeping `v`'s kind of storage: an lvalue stays an lvalue, an rvalue is cut from its bytes
 * (and its optimized-out mask).
 */
export function subValue(v: Value, offset: number, type: DwarfType, bitField?: BitField): Value {
  if (v.optimizedOut) return { type, optimizedOut: true };
  const size = bitField ? bytesForBits(bitField.bitOffset + bitField.bitSize) : sizeOf(type);
  const out: Value = { type };
  if (bitField) out.bitField = bitField;
  if (v.location) out.location = sliceLocation(v.location, offset, size);
  else if (v.bytes) {
    out.bytes = v.bytes.subarray(offset, offset + size);
    if (v.missing) out.missing = v.missing.subarray(offset, offset + size);
  } else out.optimizedOut = true;
  return out;
}
