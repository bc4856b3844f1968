import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { errorOf, expr, valueOf } from './helpers';

/** Runs `ops` after pushing 1, 2, 3 (3 on top) and returns the final stack, bottom first. */
function stackAfter(...ops: Array<number | number[]>): bigint[] {
  const m = new K.ExprMachine(expr(K.DW_OP_lit1, K.DW_OP_lit2, K.DW_OP_lit3, ...ops));
  const step = m.run();
  if (step.kind !== 'done') throw new Error(JSON.stringify(step));
  return m.stack;
}

describe('stack operations (DWARF 5 2.5.1.3)', () => {
  it('dup copies the top, drop removes it, over copies the second', () => {
    expect(stackAfter(K.DW_OP_dup)).toEqual([1n, 2n, 3n, 3n]);
    expect(stackAfter(K.DW_OP_drop)).toEqual([1n, 2n]);
    expect(stackAfter(K.DW_OP_over)).toEqual([1n, 2n, 3n, 2n]);
  });

  it('pick copies the entry at the given depth (0 = top)', () => {
    expect(stackAfter(K.DW_OP_pick, 0)).toEqual([1n, 2n, 3n, 3n]);
    expect(stackAfter(K.DW_OP_pick, 2)).toEqual([1n, 2n, 3n, 1n]);
  });

  it('swap exchanges the top two; rot moves the top to third place', () => {
    expect(stackAfter(K.DW_OP_swap)).toEqual([1n, 3n, 2n]);
    // top (3) becomes third, second (2) becomes top, third (1) becomes second
    expect(stackAfter(K.DW_OP_rot)).toEqual([3n, 1n, 2n]);
  });

  it('the final top of stack is the result', () => {
    expect(valueOf(expr(K.DW_OP_lit5, K.DW_OP_lit9, K.DW_OP_swap, K.DW_OP_stack_value))).toBe(5n);
  });

  it('underflow is an error naming the op and its offset', () => {
    expect(errorOf(expr(K.DW_OP_dup))).toBe('DW_OP_dup at offset 0: stack underflow');
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_drop, K.DW_OP_drop))).toBe('DW_OP_drop at offset 2: stack underflow');
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_over))).toMatch(/^DW_OP_over at offset 1: stack underflow/);
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_swap))).toMatch(/^DW_OP_swap at offset 1/);
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_lit1, K.DW_OP_rot))).toMatch(/^DW_OP_rot at offset 2/);
    expect(errorOf(expr(K.DW_OP_stack_value))).toMatch(/^DW_OP_stack_value at offset 0: stack underflow/);
  });

  it('pick beyond the stack depth is an error', () => {
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_pick, 1))).toBe('DW_OP_pick at offset 1: pick index 1 is out of range (stack depth 1)');
  });

  it('an initial stack is available to the first operation (CFI pushes the CFA)', () => {
    const r = K.evaluateValue(expr(K.DW_OP_plus_uconst, 16), { register: () => undefined, memory: () => undefined, initialStack: [0x8000n] });
    expect(r).toEqual({ ok: true, value: 0x8010n });
  });

  it('a stack that keeps growing stops at MAX_STACK_DEPTH with an error', () => {
    // lit1; dup; skip back to dup: grows by one per iteration
    const e = errorOf(expr(K.DW_OP_lit1, K.DW_OP_dup, K.DW_OP_skip, 0xfc, 0xff));
    expect(e).toContain(`stack deeper than ${K.MAX_STACK_DEPTH} entries`);
  });
});
