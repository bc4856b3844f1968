/**
 * Type helpers over the DWARF type model (src/dwarf/model.ts, DWARF 5 chapter 5): gdb's
 * builtin C types for riscv64 LP64, peeling typedefs and qualifiers, sizes, classification and
 * the C integer conversion ranks (C11 6.3.1.1) the evaluator needs.
 */
import {
  type DwarfType,
  DW_ATE_boolean,
  DW_ATE_float,
  DW_ATE_signed,
  DW_ATE_signed_char,
  DW_ATE_unsigned,
  DW_ATE_unsigned_char,
  DW_ATE_UTF,
  DW_ATE_address,
} from '../../dwarf/model';
import {
  SIZEOF_CHAR,
  SIZEOF_DOUBLE,
  SIZEOF_FLOAT,
  SIZEOF_INT,
  SIZEOF_LONG,
  SIZEOF_LONG_DOUBLE,
  SIZEOF_LONG_LONG,
  SIZEOF_POINTER,
  SIZEOF_SHORT,
} from './constants';

type BaseType = Extract<DwarfType, { kind: 'base' }>;

function base(name: string, byteSize: number, encoding: number): BaseType {
  return { kind: 'base', name, byteSize, encoding };
}

/**
 * gdb's builtin C types, spelled as gdb prints them (`unsigned long`, not DWARF's
 * `long unsigned int`). `char` is unsigned on RISC-V (psABI), so it has DW_ATE_unsigned_char.
 */
export const BUILTIN = {
  char: base('char', SIZEOF_CHAR, DW_ATE_unsigned_char),
  signedChar: base('signed char', SIZEOF_CHAR, DW_ATE_signed_char),
  unsignedChar: base('unsigned char', SIZEOF_CHAR, DW_ATE_unsigned_char),
  short: base('short', SIZEOF_SHORT, DW_ATE_signed),
  unsignedShort: base('unsigned short', SIZEOF_SHORT, DW_ATE_unsigned),
  int: base('int', SIZEOF_INT, DW_ATE_signed),
  unsignedInt: base('unsigned int', SIZEOF_INT, DW_ATE_unsigned),
  long: base('long', SIZEOF_LONG, DW_ATE_signed),
  unsignedLong: base('unsigned long', SIZEOF_LONG, DW_ATE_unsigned),
  longLong: base('long long', SIZEOF_LONG_LONG, DW_ATE_signed),
  unsignedLongLong: base('unsigned long long', SIZEOF_LONG_LONG, DW_ATE_unsigned),
  bool: base('_Bool', SIZEOF_CHAR, DW_ATE_boolean),
  float: base('float', SIZEOF_FLOAT, DW_ATE_float),
  double: base('double', SIZEOF_DOUBLE, DW_ATE_float),
  longDouble: base('long double', SIZEOF_LONG_DOUBLE, DW_ATE_float),
  void: { kind: 'void' } as DwarfType,
} as const;

/** `T *` (LP64: 8 bytes). */
export function pointerTo(target: DwarfType): DwarfType {
  return { kind: 'pointer', target, byteSize: SIZEOF_POINTER };
}

/** The type with typedefs and qualifiers peeled off (bounded, so a malformed cycle ends). */
export function strip(t: DwarfType): DwarfType {
  for (let i = 0; i < 64 && (t.kind === 'typedef' || t.kind === 'qualified'); i++) t = t.target;
  return t;
}

/** True when `t` (after typedefs) carries a `const` qualifier at its top level. */
export function isConst(t: DwarfType): boolean {
  for (let i = 0; i < 64; i++) {
    if (t.kind === 'qualified') {
      if (t.qualifier === 'const') return true;
      t = t.target;
    } else if (t.kind === 'typedef') t = t.target;
    else return false;
  }
  return false;
}

/** Element count of an array (product of all known dimensions after the first), 0 if unknown. */
export function arrayLength(t: Extract<DwarfType, { kind: 'array' }>): number {
  return t.counts[0] ?? 0;
}

/** The element type of one indexing step: `int [2][3]` indexes to `int [3]`. */
export function arrayElement(t: Extract<DwarfType, { kind: 'array' }>): DwarfType {
  return t.counts.length > 1 ? { kind: 'array', element: t.element, counts: t.counts.slice(1) } : t.element;
}

/** sizeof in bytes, gdb's way: `void` and functions are 1, unknown bounds count 0. */
export function sizeOf(t: DwarfType): number {
  const s = strip(t);
  switch (s.kind) {
    case 'base':
    case 'pointer':
    case 'struct':
    case 'union':
    case 'enum':
      return s.byteSize;
    case 'array':
      return s.counts.reduce<number>((n, c) => n * (c ?? 0), sizeOf(s.element));
    case 'void':
    case 'function':
      return 1;
    default:
      return 0;
  }
}

/** Base types with an integer encoding (including bool and characters). */
export function isIntegerBase(t: DwarfType): t is BaseType {
  return (
    t.kind === 'base' &&
    [DW_ATE_signed, DW_ATE_unsigned, DW_ATE_signed_char, DW_ATE_unsigned_char, DW_ATE_boolean, DW_ATE_UTF, DW_ATE_address].includes(t.encoding)
  );
}

/** Integer types in C's sense: integer base types and enums (after typedefs). */
export function isInteger(t: DwarfType): boolean {
  const s = strip(t);
  return isIntegerBase(s) || s.kind === 'enum';
}

/** Real floating types (float, double, long double). */
export function isFloat(t: DwarfType): boolean {
  const s = strip(t);
  return s.kind === 'base' && s.encoding === DW_ATE_float;
}

/** Arithmetic types (C11 6.2.5p18). */
export function isArithmetic(t: DwarfType): boolean {
  return isInteger(t) || isFloat(t);
}

/** Scalar types: arithmetic or pointer (C11 6.2.5p21). */
export function isScalar(t: DwarfType): boolean {
  return isArithmetic(t) || strip(t).kind === 'pointer';
}

/** True when values of integer type `t` are signed. */
export function isSigned(t: DwarfType): boolean {
  const s = strip(t);
  if (s.kind === 'enum') return s.signed;
  return s.kind === 'base' && (s.encoding === DW_ATE_signed || s.encoding === DW_ATE_signed_char || s.encoding === DW_ATE_float);
}

/** Character types: one-byte integers gdb prints as `65 'A'` and as strings in arrays. */
export function isCharType(t: DwarfType): boolean {
  const s = strip(t);
  return (
    s.kind === 'base' &&
    s.byteSize === 1 &&
    (s.encoding === DW_ATE_signed_char || s.encoding === DW_ATE_unsigned_char || s.encoding === DW_ATE_UTF)
  );
}

/** The integer type of `size` bytes and signedness, as C's conversions produce it (int, unsigned int, long, unsigned long). */
export function integerType(size: number, signed: boolean): DwarfType {
  if (size <= SIZEOF_INT) return signed ? BUILTIN.int : BUILTIN.unsignedInt;
  return signed ? BUILTIN.long : BUILTIN.unsignedLong;
}

/** The integer promotion of an integer type (C11 6.3.1.1p2): narrower than int becomes int. */
export function promote(t: DwarfType): DwarfType {
  const s = strip(t);
  if (s.kind === 'enum') return integerType(Math.max(s.byteSize, SIZEOF_INT), s.signed || s.byteSize < SIZEOF_INT);
  if (s.kind !== 'base') return t;
  if (s.byteSize < SIZEOF_INT) return BUILTIN.int;
  return integerType(s.byteSize, isSigned(s));
}

/**
 * The common type of the usual arithmetic conversions (C11 6.3.1.8) for two arithmetic
 * types: the wider float if either is floating, else the promoted integer type by rank.
 */
export function commonType(a: DwarfType, b: DwarfType): DwarfType {
  if (isFloat(a) || isFloat(b)) {
    const sa = isFloat(a) ? sizeOf(a) : 0;
    const sb = isFloat(b) ? sizeOf(b) : 0;
    const size = Math.max(sa, sb);
    return size >= SIZEOF_LONG_DOUBLE ? BUILTIN.longDouble : size === SIZEOF_DOUBLE ? BUILTIN.double : BUILTIN.float;
  }
  const pa = promote(a);
  const pb = promote(b);
  const size = Math.max(sizeOf(pa), sizeOf(pb));
  const ua = !isSigned(pa) && sizeOf(pa) === size;
  const ub = !isSigned(pb) && sizeOf(pb) === size;
  return integerType(size, !(ua || ub));
}

/** Struct-or-union types are the same when they are one object or agree on kind, name and size. */
export function sameType(a: DwarfType, b: DwarfType): boolean {
  const sa = strip(a);
  const sb = strip(b);
  if (sa === sb) return true;
  if (sa.kind !== sb.kind) return false;
  if (sa.kind === 'base' && sb.kind === 'base') return sa.encoding === sb.encoding && sa.byteSize === sb.byteSize;
  if (sa.kind === 'pointer' && sb.kind === 'pointer') return sameType(sa.target, sb.target);
  if ((sa.kind === 'struct' || sa.kind === 'union' || sa.kind === 'enum') && sa.kind === sb.kind) {
    return sa.name !== undefined && sa.name === (sb as { name?: string }).name && sizeOf(sa) === sizeOf(sb);
  }
  return false;
}
