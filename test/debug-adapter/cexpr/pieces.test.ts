/**
 * Split objects with hand-built DWARF pieces (DW_OP_piece / DW_OP_bit_piece, some empty):
 * reading, member access, indexing, formatting, children and assignment per bit range, and
 * valueFromPieces' single-piece cases. Strings marked "gdb:" were printed by gdb-multiarch 13.1
 * for the same objects in test/fixtures/cdebug/bin/{unions,arrays}-O2 stopped at BP:main_end
 * under qemu-riscv64 -g (`info locals`, `p fl.delta`, `p/x name`, `p name[1]+1`, ...); the
 * pieces here are the ones `info address` reported there.
 */
import { describe, expect, it } from 'vitest';
import type { Piece as DwarfPiece } from '../../../src/dwarf/expr';
import type { DwarfMember, DwarfType } from '../../../src/dwarf/model';
import {
  childCount, evaluateExpression, formatValue, isError, valueChildren, valueFromPieces, type Value,
} from '../../../src/debug-adapter/cexpr';
import { printValue } from '../../../src/debug-adapter/cexpr/format';
import { FakeProgram, T, arr, struct } from './program';

const bf = (name: string, type: DwarfType, offset: number, bitSize: number, bitOffset: number): DwarfMember => ({ name, type, offset, bitSize, bitOffset });
/** struct flags of unions.c as gcc 12 describes it (DW_AT_data_bit_offset 0, 1, 4, 9). */
const FLAGS = struct('flags', 8, [bf('ready', T.uint, 0, 1, 0), bf('mode', T.uint, 0, 3, 1), bf('delta', T.int, 0, 5, 4), bf('big', T.ulong, 1, 40, 1)]);
const hole = (sizeBits: number): DwarfPiece => ({ location: { kind: 'undefined' }, sizeBits });

/** A program with `name` bound to valueFromPieces(type, pieces). */
function programWith(name: string, type: DwarfType, pieces: DwarfPiece[]): FakeProgram {
  const p = new FakeProgram();
  p.map(0x75000n, 0x76000n);
  const v = valueFromPieces(type, pieces);
  if (isError(v)) throw new Error(v.message);
  p.vars.set(name, v);
  return p;
}
const print = (expr: string, p: FakeProgram, hex = false): string => {
  const v = evaluateExpression(expr, p, { allowSideEffects: true });
  if (isError(v)) return `error: ${v.message}`;
  const text = printValue(v, p, { hex });
  return isError(text) ? `error: ${text.message}` : text;
};

describe('a struct of bit fields with only one field located (unions-O2 fl)', () => {
  // info address fl: an empty 4-bit piece, the constant 11 [5-bit piece, offset 0 bits], an empty 55-bit piece
  const fl = (): FakeProgram => programWith('fl', FLAGS, [hole(4), { location: { kind: 'value', value: 11n }, sizeBits: 5, bitOffset: 0 }, hole(55)]);
  it('prints each member, the missing ones as <optimized out>', () => {
    expect(print('fl', fl())).toBe('{ready = <optimized out>, mode = <optimized out>, delta = 11, big = <optimized out>}'); // gdb: p fl
    expect(print('fl', fl(), true)).toBe('{ready = <optimized out>, mode = <optimized out>, delta = 0xb, big = <optimized out>}'); // gdb: p/x fl
  });
  it('reads the known member and refuses arithmetic on a missing one', () => {
    expect(print('fl.delta', fl())).toBe('11'); // gdb: p fl.delta
    expect(print('fl.delta + 1', fl())).toBe('12'); // gdb: p fl.delta+1
    expect(print('fl.ready', fl())).toBe('<optimized out>'); // gdb: p fl.ready
    expect(print('fl.big + 1', fl())).toBe('error: value has been optimized out'); // gdb: p fl.big+1
  });
  it('lists children with their own availability', () => {
    const p = fl();
    const kids = valueChildren(p.vars.get('fl')!, p);
    expect(!isError(kids) && kids.map((c) => `${c.name} = ${formatValue(c.value, p)}`)).toEqual(['ready = <optimized out>', 'mode = <optimized out>', 'delta = 11', 'big = <optimized out>']);
    expect(childCount(p.vars.get('fl')!)).toEqual({ named: 4, indexed: 0 });
  });
  it('refuses to assign a missing field and writes nothing', () => {
    const p = fl();
    expect(print('fl.ready = 1', p)).toBe('error: value has been optimized out');
    expect(print('fl.delta = 3', p)).toBe('error: Cannot write to this location (it is read-only here).');
    expect(p.writes).toBe(0);
  });
});

describe('char arrays with one known byte (arrays-O2 name and tab)', () => {
  // info address name: DW_OP_const1u 103; DW_OP_stack_value [1-byte piece], and an empty 15-byte piece
  const name = (): FakeProgram => programWith('name', arr(T.char, 16), [{ location: { kind: 'value', value: 103n }, sizeBits: 8 }, hole(120)]);
  // info address tab: an empty 6-byte piece, DW_OP_const1u 113; DW_OP_stack_value [1-byte piece], an empty 5-byte piece
  const tab = (): FakeProgram => programWith('tab', arr(T.char, 2, 6), [hole(48), { location: { kind: 'value', value: 113n }, sizeBits: 8 }, hole(40)]);
  const oo = (n: number): string => Array(n).fill('<optimized out>').join(', ');
  it('prints element by element, collapsing repeats of <optimized out>', () => {
    expect(print('name', name())).toBe("{103 'g', <optimized out> <repeats 15 times>}"); // gdb: p name
    expect(print('name', name(), true)).toBe('{0x67, <optimized out> <repeats 15 times>}'); // gdb: p/x name
    expect(print('tab', tab())).toBe(`{{${oo(6)}}, {113 'q', ${oo(5)}}}`); // gdb: p tab
    expect(print('tab', tab(), true)).toBe(`{{${oo(6)}}, {0x71, ${oo(5)}}}`); // gdb: p/x tab
  });
  it('indexes into the known and the missing parts', () => {
    expect(print('name[0]', name())).toBe("103 'g'"); // gdb: p name[0]
    expect(print('name[1]', name())).toBe('<optimized out>'); // gdb: p name[1]
    expect(print('name[0] + 1', name())).toBe('104'); // gdb: p name[0]+1
    expect(print('name[1] + 1', name())).toBe('error: value has been optimized out'); // gdb: p name[1]+1
    expect(print('tab[1]', tab())).toBe(`{113 'q', ${oo(5)}}`); // gdb: p tab[1]
    expect(print('tab[1][0]', tab())).toBe("113 'q'"); // gdb: p tab[1][0]
    expect(print('tab[1][1]', tab())).toBe('<optimized out>'); // gdb: p tab[1][1]
    expect(print('tab[0]', tab())).toBe('<optimized out>'); // gdb: p tab[0] (entirely optimized out)
  });
  it('gives indexed children for the Variables view', () => {
    const p = tab();
    const rows = valueChildren(p.vars.get('tab')!, p);
    expect(!isError(rows) && rows.map((c) => formatValue(c.value, p))).toEqual(['<optimized out>', `{113 'q', ${oo(5)}}`]);
  });
  it('prints a fully available char array as a string', () => {
    const p = programWith('s', arr(T.char, 4), [{ location: { kind: 'implicit', bytes: new Uint8Array([104, 105, 0, 0]) }, sizeBits: 32 }]);
    expect(print('s', p)).toBe('"hi\\000"');
  });
});

describe('bit pieces in registers, memory and values', () => {
  /** fl spread over x10 bits 0-3, x11 bits 3-7, memory at 0x75100 from bit 6, and a hole. */
  function spread(): FakeProgram {
    const p = programWith('fl', FLAGS, [
      { location: { kind: 'register', regno: 10 }, sizeBits: 4, bitOffset: 0 },
      { location: { kind: 'register', regno: 11 }, sizeBits: 5, bitOffset: 3 },
      { location: { kind: 'memory', address: 0x75100n }, sizeBits: 40, bitOffset: 6 },
      hole(15),
    ]);
    p.regs.set(10, 0xf0bn); // ready = 1, mode = 5 in bits 0-3; bits above are someone else's
    p.regs.set(11, 0xff00e8n); // delta = -3 (0b11101) in bits 3-7
    p.poke(0x75100n, new Uint8Array([0xab, 0x26, 0x9e, 0x15, 0x8d, 0x84, 0xff])); // big = 0x123456789a << 6, low 6 bits 0b101011, bit 47 set
    return p;
  }
  it('reads each field from its own bit range', () => {
    // gdb prints these for the same values in unions-O0 at BP:inspect (p fl, p/x fl).
    expect(print('fl', spread())).toBe('{ready = 1, mode = 5, delta = -3, big = 78187493530}');
    expect(print('fl', spread(), true)).toBe('{ready = 0x1, mode = 0x5, delta = 0xfffffffd, big = 0x123456789a}');
  });
  it('writes a field back into only its bits', () => {
    const p = spread();
    expect(print('fl.delta = 7', p)).toBe('7');
    expect(p.regs.get(11)).toBe(0xff0038n);
    expect(print('fl.big = 0x55', p)).toBe('85');
    expect(Array.from(p.readMemory(0x75100n, 7)!)).toEqual([0x6b, 0x15, 0, 0, 0, 0x80, 0xff]);
    expect(print('fl.mode = 2', p)).toBe('2');
    expect(p.regs.get(10)).toBe(0xf05n);
    expect(print('fl', p)).toBe('{ready = 1, mode = 2, delta = 7, big = 85}');
  });
  it('reads a byte piece from the middle of a register (DW_OP_bit_piece 16, 8)', () => {
    const p = programWith('h', T.short, [{ location: { kind: 'register', regno: 12 }, sizeBits: 16, bitOffset: 8 }]);
    p.regs.set(12, 0xabcdefn);
    expect(print('h', p, true)).toBe('0xabcd');
  });
});

describe('repeats compare optimized-out masks and available bits', () => {
  it('collapses identical partly-known elements and keeps different ones apart', () => {
    // int[12]: each element's low half is the constant 7 (in `differ`, element 0 has 8), its high half is missing.
    // Derived from gdb's value_contents_eq rule, not recorded: gdb needs -O2 code that makes such an array.
    const same: DwarfPiece[] = [];
    for (let i = 0; i < 12; i++) same.push({ location: { kind: 'value', value: 7n }, sizeBits: 16 }, hole(16));
    expect(print('a', programWith('a', arr(T.int, 12), same))).toBe('{<optimized out> <repeats 12 times>}');
    const differ = same.map((p, i) => (i === 0 ? { location: { kind: 'value', value: 8n }, sizeBits: 16 } as DwarfPiece : p));
    expect(print('a', programWith('a', arr(T.int, 12), differ))).toBe('{<optimized out>, <optimized out> <repeats 11 times>}');
  });
});

describe('valueFromPieces: one piece without a size is the whole object', () => {
  const whole = (location: DwarfPiece['location'], type: DwarfType = T.int): Value => valueFromPieces(type, [{ location }]) as Value;
  it('maps memory and registers to lvalues', () => {
    expect(whole({ kind: 'memory', address: 0x75000n })).toEqual({ type: T.int, location: { kind: 'memory', address: 0x75000n } });
    expect(whole({ kind: 'register', regno: 10 })).toEqual({ type: T.int, location: { kind: 'register', regno: 10 } });
  });
  it('maps a stack value to the bytes of the type, sign-extended past the generic type', () => {
    expect(Array.from(whole({ kind: 'value', value: -2n }, T.short).bytes!)).toEqual([0xfe, 0xff]);
    const big = whole({ kind: 'value', value: -1n }, arr(T.int, 4));
    expect(big.bytes!.length).toBe(16);
    expect(big.bytes!.every((b) => b === 0xff)).toBe(true);
  });
  it('maps implicit bytes to an rvalue of exactly sizeof(type)', () => {
    expect(Array.from(whole({ kind: 'implicit', bytes: new Uint8Array([1, 2, 3, 4, 5]) }).bytes!)).toEqual([1, 2, 3, 4]);
  });
  it('is optimized out for undefined, implicit pointers, an empty list and all-empty pieces', () => {
    expect(whole({ kind: 'undefined' })).toEqual({ type: T.int, optimizedOut: true });
    expect(whole({ kind: 'implicitPointer', die: 0x40, offset: 0n })).toEqual({ type: T.int, optimizedOut: true });
    expect(valueFromPieces(T.int, [])).toEqual({ type: T.int, optimizedOut: true });
    expect(valueFromPieces(FLAGS, [hole(4), hole(60)])).toEqual({ type: FLAGS, optimizedOut: true });
  });
  it('keeps split objects split', () => {
    const v = valueFromPieces(arr(T.int, 2), [{ location: { kind: 'register', regno: 10 }, sizeBits: 32 }, { location: { kind: 'memory', address: 0x75000n }, sizeBits: 32 }]);
    expect(!isError(v) && v.location?.kind).toBe('pieces');
  });
});

describe('malformed pieces never throw', () => {
  it('treats short, oversized, negative and uncovered pieces as data or holes', () => {
    const odd: DwarfPiece[][] = [
      [{ location: { kind: 'value', value: 1n }, sizeBits: 3 }], // covers 3 of 32 bits
      [{ location: { kind: 'register', regno: 99 }, sizeBits: 32 }], // unknown register
      [{ location: { kind: 'implicit', bytes: new Uint8Array(1) }, sizeBits: 200, bitOffset: 1000 }],
      [{ location: { kind: 'memory', address: 0xfffffffffffffff0n }, sizeBits: 32, bitOffset: 7 }],
      [{ location: { kind: 'value', value: 5n }, sizeBits: -8 }, { location: { kind: 'value', value: 5n }, sizeBits: Number.NaN }],
    ];
    for (const pieces of odd) {
      const p = programWith('x', struct('s', 4, [{ name: 'a', type: T.short, offset: 0 }, { name: 'b', type: T.short, offset: 2 }]), pieces);
      expect(() => print('x', p)).not.toThrow();
      expect(() => print('x.a = 1', p)).not.toThrow();
    }
    expect(print('x', programWith('x', T.int, [{ location: { kind: 'value', value: 1n }, sizeBits: 3 }]))).toBe('<optimized out>');
  });
});
