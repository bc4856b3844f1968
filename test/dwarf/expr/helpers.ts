/** Builders for expression bytes and a fake debugger context, shared by the expression tests. */
import { evaluateLocation, evaluateValue, type EvalContext, type Piece } from '../../../src/dwarf/expr';

/** Unsigned LEB128 bytes of `v`. */
export function uleb(v: number | bigint): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  do {
    const byte = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x === 0n ? byte : byte | 0x80);
  } while (x !== 0n);
  return out;
}

/** Signed LEB128 bytes of `v`. */
export function sleb(v: number | bigint): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  for (;;) {
    const byte = Number(x & 0x7fn);
    x >>= 7n;
    const done = (x === 0n && (byte & 0x40) === 0) || (x === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Little-endian bytes of `v` in `width` bytes. */
export function le(v: number | bigint, width: number): number[] {
  const x = BigInt.asUintN(width * 8, BigInt(v));
  return Array.from({ length: width }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
}

/** Concatenates opcodes and operand byte lists into an expression. */
export function expr(...parts: Array<number | number[]>): Uint8Array {
  return Uint8Array.from(parts.flat());
}

/** A context over fixed registers and a sparse little-endian memory of 8-byte words. */
export function fakeContext(over: Partial<EvalContext> & { regs?: Record<number, bigint>; mem?: Map<bigint, bigint> } = {}): EvalContext {
  const { regs = {}, mem = new Map<bigint, bigint>(), ...rest } = over;
  return {
    register: (regno) => regs[regno],
    memory: (address, size) => {
      const word = mem.get(address);
      return word === undefined ? undefined : BigInt.asUintN(size * 8, word);
    },
    ...rest,
  };
}

/** The pieces of a successful evaluation (fails the test with the error otherwise). */
export function piecesOf(bytes: Uint8Array, ctx: EvalContext = fakeContext()): Piece[] {
  const r = evaluateLocation(bytes, ctx);
  if (!r.ok) throw new Error(r.error);
  return r.pieces;
}

/** The top-of-stack value of a successful evaluation (a DW_OP_stack_value or memory address). */
export function valueOf(bytes: Uint8Array, ctx: EvalContext = fakeContext()): bigint {
  const r = evaluateValue(bytes, ctx);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The error message of a failed evaluation (fails the test if it succeeded). */
export function errorOf(bytes: Uint8Array, ctx: EvalContext = fakeContext()): string {
  const r = evaluateLocation(bytes, ctx);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.pieces, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.error;
}

export const U64_MAX = (1n << 64n) - 1n;
