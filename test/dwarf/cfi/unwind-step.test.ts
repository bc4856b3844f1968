import { describe, expect, it } from 'vitest';
import { unwindStep, type RegisterRule, type UnwindIo, type UnwindRow } from '../../../src/dwarf/cfi';
import { Cursor } from '../../../src/dwarf/cursor';

/** DWARF 5 section 7.7.1 opcodes the stub evaluator understands. */
const DW_OP_deref = 0x06;
const DW_OP_plus_uconst = 0x23;
const DW_OP_breg0 = 0x70;
const DW_OP_breg31 = 0x8f;

const RA = 1, SP = 2, S0 = 8, S1 = 9, A0 = 10, T0 = 5, S2 = 18, S3 = 19, S4 = 20, FS0 = 40, FA0 = 42;

/** Memory as a map of 8-byte-aligned words; reads elsewhere fail. */
function memoryIo(words: Record<string, bigint>): UnwindIo & { reads: bigint[] } {
  const reads: bigint[] = [];
  const readU64 = (address: bigint): bigint | undefined => { reads.push(address); return words[address.toString(16)]; };
  /** A tiny DWARF expression stub: DW_OP_bregN, DW_OP_plus_uconst, DW_OP_deref. */
  const evaluate = (expr: Uint8Array, initial: bigint[], regs: ReadonlyArray<bigint | undefined>): bigint | undefined => {
    const stack = [...initial];
    const cur = new Cursor(expr, 0);
    while (!cur.atEnd) {
      const op = cur.u8();
      if (op >= DW_OP_breg0 && op <= DW_OP_breg31) {
        const base = regs[op - DW_OP_breg0];
        const offset = cur.sleb();
        if (base === undefined) return undefined;
        stack.push(base + BigInt(offset));
      } else if (op === DW_OP_plus_uconst) stack.push(stack.pop()! + BigInt(cur.uleb()));
      else if (op === DW_OP_deref) {
        const value = readU64(stack.pop()!);
        if (value === undefined) return undefined;
        stack.push(value);
      } else return undefined;
    }
    return stack.pop();
  };
  return { readU64, evaluate, reads };
}

const row = (cfa: UnwindRow['cfa'], rules: Array<[number, RegisterRule]>, returnAddressRegister = RA): UnwindRow => ({
  startPc: 0x10000, endPc: 0x10100, cfa, rules: new Map(rules), returnAddressRegister, signalFrame: false,
});

/** A register file: xN = 0x1000 * N + N, fN likewise from 0x100000. */
const REGS: bigint[] = Array.from({ length: 64 }, (_, i) => (i < 32 ? 0x1000n * BigInt(i) + BigInt(i) : 0x100000n * BigInt(i)));
REGS[SP] = 0x7fff_f000n;
const CFA = 0x7fff_f040n;

describe('unwindStep applies a row to a register file', () => {
  it('computes the CFA, the caller sp, saved registers, and the return address', () => {
    const io = memoryIo({ [(CFA - 8n).toString(16)]: 0x10abcn, [(CFA - 16n).toString(16)]: 0x7fff_f100n, [(CFA - 24n).toString(16)]: 0x4009_2000_0000_0000n });
    const r = row({ kind: 'regOffset', reg: SP, offset: 0x40 }, [
      [RA, { kind: 'offset', offset: -8 }], [S0, { kind: 'offset', offset: -16 }], [FS0, { kind: 'offset', offset: -24 }],
      [S1, { kind: 'register', reg: T0 }], [S2, { kind: 'valOffset', offset: 16 }], [S3, { kind: 'undefined' }],
      [S4, { kind: 'sameValue' }],
    ]);
    const result = unwindStep(r, REGS, io);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.cfa).toBe(CFA);
    expect(result.caller[SP]).toBe(CFA);
    expect(result.returnAddress).toBe(0x10abcn);
    expect(result.caller[RA]).toBe(0x10abcn);
    expect(result.caller[S0]).toBe(0x7fff_f100n);
    expect(result.caller[FS0]).toBe(0x4009_2000_0000_0000n);
    expect(result.caller[S1]).toBe(REGS[T0]);
    expect(result.caller[S2]).toBe(CFA + 16n);
    expect(result.caller[S3]).toBeUndefined();
    expect(result.caller[S4]).toBe(REGS[S4]);
    expect(result.caller[0]).toBe(0n);
    // No rule: callee-saved keep their value, caller-saved become unknown.
    expect(result.caller[S0 + 19]).toBe(REGS[S0 + 19]); // s11
    expect(result.caller[A0]).toBeUndefined();
    expect(result.caller[T0]).toBeUndefined();
    expect(result.caller[FA0]).toBeUndefined();
    expect(result.caller.length).toBe(64);
  });

  it('keeps caller-saved registers when asked to', () => {
    const result = unwindStep(row({ kind: 'regOffset', reg: SP, offset: 0 }, []), REGS, memoryIo({}), { keepCallerSaved: true });
    expect(result.ok && [result.caller[A0], result.caller[T0], result.caller[FA0]]).toEqual([REGS[A0], REGS[T0], REGS[FA0]]);
  });

  it('a leaf function without a rule for ra returns to ra', () => {
    const result = unwindStep(row({ kind: 'regOffset', reg: SP, offset: 0 }, []), REGS, memoryIo({}));
    expect(result.ok && [result.cfa, result.returnAddress, result.caller[SP]]).toEqual([REGS[SP], REGS[RA], REGS[SP]]);
  });

  it('an undefined return address (the outermost frame, _start) gives no return address', () => {
    const result = unwindStep(row({ kind: 'regOffset', reg: SP, offset: 0 }, [[RA, { kind: 'undefined' }]]), REGS, memoryIo({}));
    expect(result.ok && result.returnAddress).toBeUndefined();
  });

  it('a CFA from a frame pointer, and an unreadable save slot becomes unknown', () => {
    const regs = [...REGS];
    regs[S0] = CFA;
    const result = unwindStep(row({ kind: 'regOffset', reg: S0, offset: 0 }, [[RA, { kind: 'offset', offset: -8 }]]), regs, memoryIo({}));
    expect(result.ok && [result.cfa, result.returnAddress]).toEqual([CFA, undefined]);
  });

  it('evaluates CFA and register expressions through the callback, CFA pushed first for rules', () => {
    // CFA = *(sp + 8) + 16; ra saved at CFA + 8 (expression); s0's value = CFA + 32 (val_expression).
    const io = memoryIo({ [(REGS[SP]! + 8n).toString(16)]: CFA - 16n, [(CFA + 8n).toString(16)]: 0x20000n });
    const cfaExpr = new Uint8Array([DW_OP_breg0 + SP, 8, DW_OP_deref, DW_OP_plus_uconst, 16]);
    const r = row({ kind: 'expression', expr: cfaExpr }, [
      [RA, { kind: 'expression', expr: new Uint8Array([DW_OP_plus_uconst, 8]) }],
      [S0, { kind: 'valExpression', expr: new Uint8Array([DW_OP_plus_uconst, 32]) }],
    ]);
    const result = unwindStep(r, REGS, io);
    expect(result.ok && [result.cfa, result.returnAddress, result.caller[S0]]).toEqual([CFA, 0x20000n, CFA + 32n]);
  });

  it('fails when the CFA cannot be computed', () => {
    const regs: Array<bigint | undefined> = [...REGS];
    regs[S0] = undefined;
    expect(unwindStep(row({ kind: 'regOffset', reg: S0, offset: 0 }, []), regs, memoryIo({}))).toEqual({ ok: false, error: 'the CFA register 8 has no known value' });
    expect(unwindStep(row({ kind: 'expression', expr: new Uint8Array([0xff]) }, []), REGS, memoryIo({}))).toEqual({ ok: false, error: 'the CFA expression could not be evaluated' });
  });

  it('wraps addresses to 64 bits', () => {
    const regs = [...REGS];
    regs[SP] = 0xffff_ffff_ffff_fff0n;
    const result = unwindStep(row({ kind: 'regOffset', reg: SP, offset: 0x20 }, []), regs, memoryIo({}));
    expect(result.ok && result.cfa).toBe(0x10n);
  });
});
