/**
 * A hand-built EvalScope that mirrors the fixture program `fixtures/values.c` stopped in main
 * (after `up` from f), at the addresses the real build has (`riscv64-linux-gnu-nm -S values`),
 * with the DWARF types gcc emits for it written out by hand. The gdb expectations in
 * fixtures/gdb-expected.txt were recorded from that same state.
 */
import type { DwarfMember, DwarfType } from '../../../src/dwarf/model';
import {
  DW_ATE_boolean, DW_ATE_float, DW_ATE_signed, DW_ATE_signed_char, DW_ATE_unsigned, DW_ATE_unsigned_char,
} from '../../../src/dwarf/model';
import type { EvalScope, Value } from '../../../src/debug-adapter/cexpr';
import { REGNO_PC } from '../../../src/debug-adapter/cexpr';

const PAGE = 4096n;

export const T = {
  int: { kind: 'base', name: 'int', byteSize: 4, encoding: DW_ATE_signed } as DwarfType,
  uint: { kind: 'base', name: 'unsigned int', byteSize: 4, encoding: DW_ATE_unsigned } as DwarfType,
  char: { kind: 'base', name: 'char', byteSize: 1, encoding: DW_ATE_unsigned_char } as DwarfType,
  schar: { kind: 'base', name: 'signed char', byteSize: 1, encoding: DW_ATE_signed_char } as DwarfType,
  uchar: { kind: 'base', name: 'unsigned char', byteSize: 1, encoding: DW_ATE_unsigned_char } as DwarfType,
  short: { kind: 'base', name: 'short int', byteSize: 2, encoding: DW_ATE_signed } as DwarfType,
  ushort: { kind: 'base', name: 'short unsigned int', byteSize: 2, encoding: DW_ATE_unsigned } as DwarfType,
  long: { kind: 'base', name: 'long int', byteSize: 8, encoding: DW_ATE_signed } as DwarfType,
  ulong: { kind: 'base', name: 'long unsigned int', byteSize: 8, encoding: DW_ATE_unsigned } as DwarfType,
  llong: { kind: 'base', name: 'long long int', byteSize: 8, encoding: DW_ATE_signed } as DwarfType,
  bool: { kind: 'base', name: '_Bool', byteSize: 1, encoding: DW_ATE_boolean } as DwarfType,
  float: { kind: 'base', name: 'float', byteSize: 4, encoding: DW_ATE_float } as DwarfType,
  double: { kind: 'base', name: 'double', byteSize: 8, encoding: DW_ATE_float } as DwarfType,
  void: { kind: 'void' } as DwarfType,
};

export const ptr = (target: DwarfType): DwarfType => ({ kind: 'pointer', target, byteSize: 8 });
export const arr = (element: DwarfType, ...counts: number[]): DwarfType => ({ kind: 'array', element, counts });
export const konst = (target: DwarfType): DwarfType => ({ kind: 'qualified', qualifier: 'const', target });
export const struct = (name: string | undefined, byteSize: number, members: DwarfMember[], kind: 'struct' | 'union' = 'struct'): DwarfType =>
  name === undefined ? { kind, byteSize, members } : { kind, name, byteSize, members };
const m = (name: string | undefined, type: DwarfType, offset: number, bits?: [number, number]): DwarfMember =>
  bits ? { name, type, offset, bitSize: bits[0], bitOffset: bits[1] } : { name, type, offset };

const inner = struct('inner', 4, [m('a', T.int, 0)]);
const point = struct('point', 12, [m('x', T.int, 0), m('y', T.int, 4), m('inner', inner, 8)]);
const node: DwarfType = { kind: 'struct', name: 'node', byteSize: 16, members: [] };
(node as { members: DwarfMember[] }).members.push(m('value', T.int, 0), m('next', ptr(node), 8));
const bits = struct('bits', 4, [m('lo', T.uint, 0, [3, 0]), m('mid', T.int, 0, [5, 3]), m('hi', T.uint, 0, [24, 8])]);
const num = struct('num', 4, [m('i', T.int, 0), m('f', T.float, 0), m('b', arr(T.uchar, 4), 0)], 'union');
const color: DwarfType = { kind: 'enum', name: 'color', byteSize: 4, signed: false, enumerators: [{ name: 'RED', value: 0n }, { name: 'GREEN', value: 5n }, { name: 'BLUE', value: 6n }] };
const flags: DwarfType = { kind: 'enum', name: 'flags', byteSize: 4, signed: false, enumerators: [{ name: 'F_A', value: 1n }, { name: 'F_B', value: 2n }, { name: 'F_C', value: 4n }] };
const anon = struct('anon', 12, [
  m('tag', T.int, 0),
  m(undefined, struct(undefined, 4, [m('ival', T.int, 0), m('fval', T.float, 0)], 'union'), 4),
  m(undefined, struct(undefined, 4, [m('p', T.short, 0), m('q', T.short, 2)]), 8),
]);
const pointT: DwarfType = { kind: 'typedef', name: 'point_t', target: point };
const addType: DwarfType = { kind: 'function', returnType: T.int, params: [T.int, T.int], variadic: false };
const binop: DwarfType = { kind: 'typedef', name: 'binop', target: ptr(addType) };
const holder = struct('holder', 40, [m('name', arr(T.char, 8), 0), m('p', ptr(T.int), 8), m('s', ptr(konst(T.char)), 16), m('op', binop, 24), m('c', color, 32)]);

/** Named types the fixture declares (what typeByName answers). */
export const TYPES: Record<string, DwarfType> = {
  'struct inner': inner, 'struct point': point, 'struct node': node, 'struct bits': bits, 'union num': num,
  'enum color': color, 'enum flags': flags, 'struct anon': anon, point_t: pointT, binop, 'struct holder': holder,
};

/** Little-endian encoders for initial contents. */
export const le = {
  i32: (...xs: number[]): Uint8Array => new Uint8Array(Int32Array.from(xs).buffer),
  i16: (...xs: number[]): Uint8Array => new Uint8Array(Int16Array.from(xs).buffer),
  i64: (...xs: bigint[]): Uint8Array => new Uint8Array(BigInt64Array.from(xs).buffer),
  f32: (...xs: number[]): Uint8Array => new Uint8Array(Float32Array.from(xs).buffer),
  f64: (...xs: number[]): Uint8Array => new Uint8Array(Float64Array.from(xs).buffer),
  str: (s: string, size: number): Uint8Array => { const b = new Uint8Array(size); b.set(new TextEncoder().encode(s)); return b; },
  cat: (...parts: Uint8Array[]): Uint8Array => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; },
};

/** A sparse paged memory, named symbols, variables and registers: the EvalScope of the tests. */
export class FakeProgram implements EvalScope {
  pages = new Map<bigint, Uint8Array>();
  readOnlyPages = new Set<bigint>();
  symbols: Array<{ name: string; address: bigint; size: number }> = [];
  vars = new Map<string, Value>();
  types = new Map<string, DwarfType>(Object.entries(TYPES));
  regs = new Map<number, bigint>();
  writes = 0;

  map(start: bigint, end: bigint, readOnly = false): void {
    for (let p = start - (start % PAGE); p < end; p += PAGE) {
      this.pages.set(p, new Uint8Array(Number(PAGE)));
      if (readOnly) this.readOnlyPages.add(p);
    }
  }

  poke(address: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = address + BigInt(i);
      this.pages.get(a - (a % PAGE))![Number(a % PAGE)] = bytes[i]!;
    }
  }

  /** Defines a global (or a local, with symbol false) of `type` at `address` holding `bytes`. */
  define(name: string, address: bigint, type: DwarfType, bytes?: Uint8Array, symbol = true, size = 0): void {
    if (bytes) this.poke(address, bytes);
    this.vars.set(name, { type, location: { kind: 'memory', address } });
    if (symbol) this.symbols.push({ name, address, size: size || (bytes?.length ?? 8) });
  }

  lookupVariable(name: string): Value | undefined {
    return this.vars.get(name);
  }
  typeByName(name: string): DwarfType | undefined {
    return this.types.get(name);
  }
  readRegister(regno: number): bigint | undefined {
    return this.regs.get(regno);
  }
  writeRegister(regno: number, value: bigint): boolean {
    this.regs.set(regno, BigInt.asUintN(64, value));
    return true;
  }
  readMemory(address: bigint, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const a = address + BigInt(i);
      const page = this.pages.get(a - (a % PAGE));
      if (!page) return undefined;
      out[i] = page[Number(a % PAGE)]!;
    }
    return out;
  }
  writeMemory(address: bigint, bytes: Uint8Array): boolean {
    for (let i = 0n; i < BigInt(bytes.length); i++) {
      const a = address + i;
      const p = a - (a % PAGE);
      if (!this.pages.has(p) || this.readOnlyPages.has(p)) return false;
    }
    this.poke(address, bytes);
    this.writes++;
    return true;
  }
  symbolize(address: bigint): { name: string; offset: number } | undefined {
    const s = this.symbols.find((x) => address >= x.address && address < x.address + BigInt(x.size));
    return s ? { name: s.name, offset: Number(address - s.address) } : undefined;
  }
}

const enumValue = (type: DwarfType, n: number): Value => ({ type, bytes: le.i32(n) });

/** The fixture program at the state gdb-expected.txt was recorded in. */
export function fixtureProgram(): FakeProgram {
  const p = new FakeProgram();
  p.map(0x10000n, 0x11000n, true);
  p.map(0x52000n, 0x53000n, true);
  p.map(0x75000n, 0x79000n);
  p.map(0x4000800000n, 0x4000801000n);
  p.poke(0x520a8n, le.str('hi\tthere\n', 10));
  p.poke(0x520b8n, le.str('abc', 4));
  p.poke(0x520c0n, le.str('str', 4));
  const fn = (name: string, address: bigint, size: number, type: DwarfType): void => {
    p.vars.set(name, { type, location: { kind: 'memory', address } });
    p.symbols.push({ name, address, size });
  };
  fn('add', 0x1061en, 0x2a, addType);
  fn('f', 0x10648n, 0xe, { kind: 'function', returnType: T.void, params: [], variadic: false });
  fn('main', 0x10656n, 0x1ce, { kind: 'function', returnType: T.int, params: [], variadic: false });
  const G = (name: string, address: number, type: DwarfType, bytes?: Uint8Array, size?: number): void => p.define(name, BigInt(address), type, bytes, true, size);
  G('gi', 0x75000, T.int, le.i32(42));
  G('buf', 0x75008, arr(T.char, 16), le.str('hello', 16));
  G('full', 0x75018, arr(T.char, 4), le.str('abcd', 4));
  G('zeros', 0x77670, arr(T.char, 8), new Uint8Array(8));
  G('arr', 0x75020, arr(T.int, 3), le.i32(1, 2, 3));
  G('many', 0x75030, arr(T.int, 12), le.i32(7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 1));
  G('rep9', 0x75060, arr(T.int, 9), le.i32(5, 5, 5, 5, 5, 5, 5, 5, 5));
  G('big', 0x77678, arr(T.int, 250), new Uint8Array(1000));
  G('grid', 0x75088, arr(T.int, 2, 3), le.i32(1, 2, 3, 4, 5, 6));
  G('msg', 0x75200, ptr(konst(T.char)), le.i64(0x520a8n));
  G('nullstr', 0x77a60, ptr(T.char), le.i64(0n));
  G('pt', 0x750a0, point, le.i32(1, 2, 3));
  G('tpt', 0x750b0, pointT, le.i32(10, 20, 30));
  G('n2', 0x750c0, node, le.cat(le.i32(2, 0), le.i64(0n)));
  G('n1', 0x75208, node, le.cat(le.i32(1, 0), le.i64(0x750c0n)));
  G('bf', 0x750d0, bits, le.i32(5 | ((-3 & 31) << 3) | (1000 << 8)));
  G('un', 0x750d8, num, le.i32(0x3fc00000));
  G('col', 0x750dc, color, le.i32(6));
  G('badcol', 0x750e0, color, le.i32(7));
  G('fl', 0x750e4, flags, le.i32(5));
  G('fl2', 0x750e8, flags, le.i32(10));
  G('fl0', 0x77a68, flags, le.i32(0));
  G('an', 0x750f0, anon, le.cat(le.i32(9, 4), le.i16(6, 7)));
  G('fp', 0x75218, binop, le.i64(0x1061en));
  G('ip', 0x75220, ptr(T.int), le.i64(0x75024n));
  G('np', 0x77a70, ptr(T.int), le.i64(0n));
  G('vp', 0x75228, ptr(T.void), le.i64(0x75000n));
  G('c', 0x750fc, T.char, Uint8Array.of(65));
  G('cnl', 0x750fd, T.char, Uint8Array.of(10));
  G('cz', 0x77a78, T.char, Uint8Array.of(0));
  G('sc', 0x750fe, T.schar, Uint8Array.of(255));
  G('uc', 0x750ff, T.uchar, Uint8Array.of(200));
  G('sh', 0x75100, T.short, le.i16(-5));
  G('ush', 0x75102, T.ushort, le.i16(-1));
  G('lg', 0x75108, T.long, le.i64(-1234567890123n));
  G('ul', 0x75110, T.ulong, le.i64(-1n));
  G('ll', 0x75118, T.llong, le.i64(-9n));
  G('bt', 0x75120, T.bool, Uint8Array.of(1));
  G('bfl', 0x77a79, T.bool, Uint8Array.of(0));
  G('f1', 0x75124, T.float, le.f32(1.5));
  G('f01', 0x75128, T.float, le.f32(0.1));
  G('d01', 0x75130, T.double, le.f64(0.1));
  G('dbig', 0x75138, T.double, le.f64(1e300));
  G('dinf', 0x77a80, T.double, le.f64(Infinity));
  G('dnan', 0x77a88, T.double, le.i64(0x7ff8000000000000n));
  G('fneg', 0x75140, T.float, le.f32(-2.25));
  G('dint', 0x75148, T.double, le.f64(3));
  G('pp', 0x75230, ptr(point), le.i64(0x750a0n));
  G('pts', 0x75150, arr(point, 2), le.i32(1, 2, 3, 4, 5, 6));
  G('longstr', 0x77a90, arr(T.char, 300), le.str('x'.repeat(299), 300));
  G('longp', 0x75238, ptr(T.char), le.i64(0x77a90n));
  G('ubytes', 0x75168, arr(T.uchar, 3), Uint8Array.of(1, 2, 255));
  G('cmsg', 0x520b8, arr(konst(T.char), 4), le.str('abc', 4));
  G('rep10', 0x75170, arr(T.int, 10), le.i32(4, 4, 4, 4, 4, 4, 4, 4, 4, 4));
  G('seq', 0x77bc0, arr(T.int, 250), le.i32(...Array.from({ length: 250 }, (_, i) => i)));
  G('crep10', 0x75198, arr(T.char, 12), le.str('abbbbbbbbbbc', 12));
  G('crep11', 0x751a8, arr(T.char, 14), le.str('abbbbbbbbbbbc', 14));
  G('ztail', 0x751b8, arr(T.char, 20), le.str('ab', 20));
  G('alpha', 0x77fa8, arr(T.char, 300), le.str(Array.from({ length: 299 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''), 300));
  G('bools', 0x751d0, arr(T.bool, 3), Uint8Array.of(1, 0, 1));
  G('fls', 0x751d8, arr(T.float, 2), le.f32(0.5, 0.1));
  G('ptrs', 0x75240, arr(ptr(T.int), 2), le.i64(0n, 0x75000n));
  G('zpts', 0x780d8, arr(point, 11), new Uint8Array(132));
  G('hold', 0x75250, holder, le.cat(le.str('ab', 8), le.i64(0x75000n, 0x520c0n, 0x1061en), le.i32(5, 0)));
  G('oct', 0x751e0, arr(T.char, 5), Uint8Array.of(1, 49, 97, 103, 0));
  G('e27', 0x751e5, T.char, Uint8Array.of(27));
  G('sq', 0x751e8, arr(T.char, 3), Uint8Array.of(39, 34, 0));
  G('fnan', 0x7815c, T.float, le.i32(0x7fc00000));
  G('negnan', 0x78160, T.double, le.i64(-0x8000000000000n));
  G('nanpun', 0x751f0, struct(undefined, 8, [m('u', T.ulong, 0), m('d', T.double, 0)], 'union'), le.i64(BigInt.asIntN(64, 0xfff8000000000001n)));
  G('esc', 0x751f8, arr(T.char, 6), Uint8Array.of(97, 34, 92, 7, 127, 0));
  const L = (name: string, address: bigint, type: DwarfType, bytes: Uint8Array): void => p.define(name, address, type, bytes, false);
  L('local', 0x4000800674n, T.int, le.i32(7));
  L('lc', 0x4000800673n, T.char, Uint8Array.of(122));
  L('lp', 0x4000800668n, ptr(T.int), le.i64(0x75000n));
  L('ls', 0x4000800660n, ptr(T.char), le.i64(0x75008n));
  L('lpt', 0x4000800650n, point, le.i32(1, 2, 3));
  L('la', 0x4000800648n, arr(T.int, 2), le.i32(8, 9));
  L('lf', 0x4000800640n, binop, le.i64(0x1061en));
  for (const e of [...(color as { enumerators: Array<{ name: string; value: bigint }> }).enumerators]) p.vars.set(e.name, enumValue(color, Number(e.value)));
  for (const e of [...(flags as { enumerators: Array<{ name: string; value: bigint }> }).enumerators]) p.vars.set(e.name, enumValue(flags, Number(e.value)));
  p.regs.set(REGNO_PC, 0x107b8n);
  p.regs.set(2, 0x4000800640n);
  p.regs.set(10, 1n);
  p.regs.set(5, 1n);
  p.regs.set(0, 0n);
  p.regs.set(32 + 10, 0n);
  p.regs.set(32 + 1, 0n);
  return p;
}
