/**
 * Values as gdb 13 prints them with default settings: `print` (topLevel: pointers get a
 * `(type) ` prefix, except plain `char *`) and `info locals` / nested members (no prefix).
 * Integers in decimal (or hex with the /x option), characters as `65 'A'`, floats via
 * format-float, pointers with `<symbol+offset>`, char pointers with their string, structs as
 * `{x = 1, y = 2}`, arrays with `<repeats N times>` and the 200-element limit, enums by name
 * or as flag sets, functions as `{int (int, int)} 0x1060a <add>`. Partly optimized-out objects
 * (DWARF pieces with empty parts) print member by member, each scalar that touches a missing
 * bit as `<optimized out>`, as gdb does. Never throws.
 */
import type { DwarfType } from '../../dwarf/model';
import { DW_ATE_boolean } from '../../dwarf/model';
import {
  BITS_PER_BYTE, MAX_FETCH_BYTES, MSG_CANNOT_ACCESS, MSG_OPTIMIZED_OUT, PRINT_ELEMENTS_LIMIT, REPEAT_COUNT_THRESHOLD, SIZEOF_LONG_DOUBLE, SIZEOF_POINTER,
} from './constants';
import { formatFloat } from './format-float';
import { formatQuad } from './format-quad';
import { formatString, quoteChar } from './format-string';
import { memberValue } from './evaluate';
import { readScalar } from './scalar';
import { arrayElement, isCharType, sizeOf, strip } from './types';
import { typeName } from './typename';
import {
  type EvalError, type EvalScope, type Value, addressOf, bytesToBigUint, entirelyOptimizedOut, isError, subValue, valueBytes, valueContents,
} from './value';

/** Formatting options. */
export interface FormatOptions {
  /** gdb's `/x`: integers, chars, enums, bools, pointers and float bits in hex; arrays elementwise. */
  hex?: boolean;
  /** gdb's top-level `print` style: a pointer is prefixed with `(type) ` (never for `char *`). */
  topLevel?: boolean;
}

interface Ctx {
  scope: EvalScope;
  hex: boolean;
  depth: number;
}

/** gdb's text for a value (or a scalar part of one) that has been optimized out. */
const OPTIMIZED_OUT_TEXT = '<optimized out>';

/** Nesting depth past which a (malformed, cyclic) type prints `{...}`. */
const MAX_FORMAT_DEPTH = 24;

/** gdb's text for `value`. Unreadable parts print `<error: ...>`, optimized-out ones `<optimized out>`. */
export function formatValue(value: Value, scope: EvalScope, options: FormatOptions = {}): string {
  const ctx: Ctx = { scope, hex: options.hex ?? false, depth: 0 };
  if (entirelyOptimizedOut(value, scope)) return OPTIMIZED_OUT_TEXT;
  const text = formatAny(value, ctx);
  if (options.topLevel && !ctx.hex && needsTypePrefix(value) && !text.startsWith('<')) return `(${typeName(value.type)}) ${text}`;
  return text;
}

/**
 * gdb's `print`: the top-level value is read first, so an unreadable object is an error
 * (`Cannot access memory at address 0x8`) rather than text; then formatValue with topLevel.
 * Optimized-out bits are no error here: they print as `<optimized out>`.
 */
export function printValue(value: Value, scope: EvalScope, options: Omit<FormatOptions, 'topLevel'> = {}): string | EvalError {
  const kind = strip(value.type).kind;
  if (kind !== 'function' && kind !== 'void' && !value.optimizedOut && sizeOf(value.type) <= MAX_FETCH_BYTES) {
    const contents = valueContents(value, scope);
    if (isError(contents)) return contents;
  }
  return formatValue(value, scope, { ...options, topLevel: true });
}

/** gdb prints `(type) ` before a top-level pointer unless it is an unnamed pointer to (qualified) plain `char`. */
function needsTypePrefix(v: Value): boolean {
  if (strip(v.type).kind !== 'pointer') return false;
  if (v.type.kind !== 'pointer') return true;
  let target = v.type.target;
  while (target.kind === 'qualified') target = target.target;
  return !(target.kind === 'base' && target.name === 'char');
}

function errorText(message: string): string {
  return `<error: ${message}>`;
}

/**
 * One value inside the top level. As gdb's valprint_check_validity: a scalar with any bit
 * optimized out is `<optimized out>`, while an aggregate prints member by member.
 */
function formatAny(v: Value, ctx: Ctx): string {
  if (v.optimizedOut) return OPTIMIZED_OUT_TEXT;
  const t = strip(v.type);
  if (ctx.depth > MAX_FORMAT_DEPTH) return '{...}';
  switch (t.kind) {
    case 'void':
      return 'void';
    case 'unknown':
      return `<unknown type: ${t.reason}>`;
    case 'function': {
      const address = addressOf(v);
      return `{${typeName(v.type)}} ${address === undefined ? '<not in memory>' : pointerText(address, ctx)}`;
    }
    case 'struct':
    case 'union':
      return formatAggregate(fetched(v, ctx), ctx);
    case 'array':
      return formatArray(fetched(v, ctx), ctx);
    default:
      return formatScalar(v, ctx);
  }
}

/**
 * The value with its contents read once (so members format from one read, optimized-out bits
 * marked in `missing`); the lvalue itself when that read fails.
 */
function fetched(v: Value, ctx: Ctx): Value {
  if (v.bytes || sizeOf(v.type) > MAX_FETCH_BYTES) return v;
  const c = valueContents(v, ctx.scope);
  if (isError(c)) return v;
  const { location: _, ...rest } = v;
  return c.missing ? { ...rest, bytes: c.bytes, missing: c.missing } : { ...rest, bytes: c.bytes };
}

function formatAggregate(v: Value, ctx: Ctx): string {
  const t = strip(v.type);
  if (t.kind !== 'struct' && t.kind !== 'union') return '';
  if (t.members.length === 0) return '{<No data fields>}';
  const inner = { ...ctx, depth: ctx.depth + 1 };
  const parts = t.members.map((m) => {
    const text = formatAny(memberValue(v, m, m.offset), inner);
    return m.name === undefined ? text : `${m.name} = ${text}`;
  });
  return `{${parts.join(', ')}}`;
}

function formatArray(v: Value, ctx: Ctx): string {
  const t = strip(v.type);
  if (t.kind !== 'array') return '';
  const element = arrayElement(t);
  const count = t.counts[0] ?? 0;
  const size = sizeOf(element);
  // gdb prints a char array as a string only when all of it is available (c_value_print_array).
  if (isCharType(element) && !ctx.hex && t.counts.length === 1 && !v.missing?.some((b) => b !== 0)) {
    const bytes = valueBytes(v, ctx.scope);
    return isError(bytes) ? errorText(bytes.message) : formatString(bytes.subarray(0, count), { dropTrailingNul: true });
  }
  const inner = { ...ctx, depth: ctx.depth + 1 };
  const all = v.bytes;
  const same = (a: number, b: number): boolean => (all && size > 0 ? sameContents(all, v.missing, a * size, b * size, size) : false);
  const parts: string[] = [];
  let printed = 0;
  let i = 0;
  for (; i < count && printed < PRINT_ELEMENTS_LIMIT; i++) {
    let reps = 1;
    while (i + reps < count && same(i, i + reps)) reps++;
    const text = formatAny(subValue(v, i * size, element), inner);
    if (reps > REPEAT_COUNT_THRESHOLD) {
      parts.push(`${text} <repeats ${reps} times>`);
      i += reps - 1;
      printed += REPEAT_COUNT_THRESHOLD;
    } else {
      parts.push(text);
      printed++;
    }
  }
  return `{${parts.join(', ')}${i < count ? '...' : ''}}`;
}

/**
 * Two elements compare equal for `<repeats N times>` as gdb's value_contents_eq has it: the
 * same bits optimized out, and the same available bits.
 */
function sameContents(bytes: Uint8Array, missing: Uint8Array | undefined, a: number, b: number, size: number): boolean {
  for (let k = 0; k < size; k++) {
    const ma = missing?.[a + k] ?? 0;
    if (ma !== (missing?.[b + k] ?? 0)) return false;
    if ((bytes[a + k]! & ~ma) !== (bytes[b + k]! & ~ma)) return false;
  }
  return true;
}

function formatScalar(v: Value, ctx: Ctx): string {
  const t = strip(v.type);
  const s = readScalar(v, ctx.scope);
  if (isError(s)) return s.message === MSG_OPTIMIZED_OUT ? OPTIMIZED_OUT_TEXT : errorText(s.message);
  const size = sizeOf(t);
  if (ctx.hex) {
    if (s.kind === 'float') {
      const bytes = valueBytes(v, ctx.scope);
      return isError(bytes) ? errorText(bytes.message) : '0x' + bytesToBigUint(bytes).toString(16);
    }
    return '0x' + BigInt.asUintN(size * BITS_PER_BYTE, s.n).toString(16);
  }
  if (s.kind === 'float' && size === SIZEOF_LONG_DOUBLE) {
    const bytes = valueBytes(v, ctx.scope);
    return isError(bytes) ? errorText(bytes.message) : formatQuad(bytesToBigUint(bytes));
  }
  if (s.kind === 'float') return formatFloat(s, size);
  if (t.kind === 'pointer') return formatPointer(v, s.n, ctx);
  if (t.kind === 'enum') return formatEnum(t, s.n);
  if (t.kind === 'base' && t.encoding === DW_ATE_boolean) return s.n === 0n ? 'false' : s.n === 1n ? 'true' : s.n.toString();
  if (isCharType(t)) return `${s.n} ${quoteChar(Number(BigInt.asUintN(BITS_PER_BYTE, s.n)))}`;
  return s.n.toString();
}

/** `0x75000 <gi>` / `0x75010 <buf+8>` / plain `0x11234`; `0x0` for NULL. */
function pointerText(address: bigint, ctx: Ctx): string {
  const text = '0x' + address.toString(16);
  if (address === 0n) return text;
  const sym = ctx.scope.symbolize(address);
  if (!sym) return text;
  return `${text} <${sym.name}${sym.offset ? '+' + sym.offset : ''}>`;
}

function formatPointer(v: Value, raw: bigint, ctx: Ctx): string {
  const t = strip(v.type);
  const address = BigInt.asUintN(SIZEOF_POINTER * BITS_PER_BYTE, raw);
  const text = pointerText(address, ctx);
  if (t.kind !== 'pointer' || address === 0n || !isCharType(t.target)) return text;
  return `${text} ${readCString(address, ctx.scope)}`;
}

/** The C string at `address`, up to PRINT_ELEMENTS_LIMIT characters, as gdb prints it after a char pointer. */
export function readCString(address: bigint, scope: EvalScope): string {
  const bytes: number[] = [];
  for (let i = 0; i < PRINT_ELEMENTS_LIMIT; i++) {
    const b = scope.readMemory(address + BigInt(i), 1);
    if (!b || b.length < 1) {
      const error = errorText(MSG_CANNOT_ACCESS(address + BigInt(i)));
      return bytes.length === 0 ? error : `${formatString(Uint8Array.from(bytes))}${error}`;
    }
    if (b[0] === 0) return formatString(Uint8Array.from(bytes));
    bytes.push(b[0]!);
  }
  return formatString(Uint8Array.from(bytes), { forceEllipsis: true });
}

/**
 * An enum value: the enumerator's name; for a flag enum (non-negative, pairwise disjoint
 * values, as gdb's DWARF reader decides) `(A | B)` / `(A | unknown: 0x8)` / `0`; otherwise the number.
 */
function formatEnum(t: Extract<DwarfType, { kind: 'enum' }>, n: bigint): string {
  const exact = t.enumerators.find((e) => e.value === n);
  if (exact) return exact.name;
  if (!isFlagEnum(t)) return n.toString();
  let rest = n;
  const names: string[] = [];
  for (const e of t.enumerators) {
    if (e.value !== 0n && (rest & e.value) === e.value) {
      names.push(e.name);
      rest &= ~e.value;
    }
  }
  if (rest !== 0n) names.push(`unknown: 0x${BigInt.asUintN(64, rest).toString(16)}`);
  return names.length === 0 ? '0' : `(${names.join(' | ')})`;
}

function isFlagEnum(t: Extract<DwarfType, { kind: 'enum' }>): boolean {
  let mask = 0n;
  for (const e of t.enumerators) {
    if (e.value < 0n || (mask & e.value) !== 0n) return false;
    mask |= e.value;
  }
  return true;
}
