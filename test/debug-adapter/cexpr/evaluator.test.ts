/**
 * Behaviour beyond the gdb recording: error columns, refusing side effects, assignment
 * (setVariable) into memory, bit fields and registers, lazy children for the Variables view,
 * optimized-out and split values, unreadable members, and malformed input never throwing.
 */
import { describe, expect, it } from 'vitest';
import {
  assignValue, childCount, evaluateExpression, formatValue, isError, parseExpression, valueChildren, type Value,
} from '../../../src/debug-adapter/cexpr';
import { T, arr, fixtureProgram, ptr, struct } from './program';

const show = (expr: string, program = fixtureProgram()): string => {
  const v = evaluateExpression(expr, program, { allowSideEffects: true });
  return isError(v) ? `error: ${v.message}` : formatValue(v, program);
};

describe('parse errors carry gdb wording and a column', () => {
  it('points at the unexpected token', () => {
    const e = parseExpression('a + * )');
    expect(isError(e) && e.message).toBe("A syntax error in expression, near `)'.");
    expect(isError(e) && e.column).toBe(6);
  });
  it('reports an unknown symbol at its column', () => {
    const v = evaluateExpression('gi + nosuch', fixtureProgram());
    expect(isError(v) && [v.message, v.column]).toEqual(['No symbol "nosuch" in current context.', 5]);
  });
  it('refuses absurd nesting with an error value, not a stack overflow', () => {
    const v = parseExpression('('.repeat(100000) + '1' + ')'.repeat(100000));
    expect(isError(v)).toBe(true);
  });
  it('never throws on garbage', () => {
    const p = fixtureProgram();
    const samples = ["'", '"abc', "''", '0x', '1e', '09', '$', '(int', 'sizeof(', 'a->', '->', '[1]', '((struct nosuch *)0)->x', '(struct point)1', 'pt + 1', '*vp', 'ip * 2', '~1.5', '1.5 % 2', '1.5 << 1', '"hi" + 1', '$pc = 0', '@', 'a ? b', '(int (*)(int, ...))0', '(enum color)', 'unsigned', 'f1 & 1'];
    for (let i = 0; i < 300; i++) samples.push(Array.from({ length: 8 }, (_, k) => '()*&+-!~[]?:.,=<>$\'"0x1aZ_ '[(i * 7 + k * 13) % 30]).join(''));
    for (const s of samples) expect(() => { const v = evaluateExpression(s, p); if (!isError(v)) formatValue(v, p); }).not.toThrow();
  });
});

describe('side effects', () => {
  it('refuses assignment unless the caller allows side effects', () => {
    const p = fixtureProgram();
    const v = evaluateExpression('gi = 1', p);
    expect(isError(v)).toBe(true);
    expect(show('gi', p)).toBe('42');
  });
  it('sizeof never performs the assignment inside it', () => {
    const p = fixtureProgram();
    expect(show('sizeof(gi = 1)', p)).toBe('4');
    expect(show('gi', p)).toBe('42');
  });
  it('compound assignment writes memory', () => {
    const p = fixtureProgram();
    expect(show('arr[1] += 40', p)).toBe('42');
    expect(show('arr', p)).toBe('{1, 42, 3}');
  });
});

describe('assignValue (setVariable)', () => {
  it('converts to the target type and writes memory', () => {
    const p = fixtureProgram();
    const target = p.lookupVariable('sh')!;
    expect(isError(assignValue(target, '70000', p))).toBe(false);
    expect(show('sh', p)).toBe('4464');
    expect(isError(assignValue(p.lookupVariable('f1')!, '1/4.0', p))).toBe(false);
    expect(show('f1', p)).toBe('0.25');
  });
  it('read-modify-writes a bit field without touching its neighbours', () => {
    const p = fixtureProgram();
    const mid = evaluateExpression('bf.mid', p) as Value;
    expect(isError(assignValue(mid, '-16', p))).toBe(false);
    expect(show('bf', p)).toBe('{lo = 5, mid = -16, hi = 1000}');
  });
  it('assigns a struct from a struct of the same type, not from an int', () => {
    const p = fixtureProgram();
    expect(isError(assignValue(p.lookupVariable('pt')!, 'tpt', p))).toBe(false);
    expect(show('pt', p)).toBe('{x = 10, y = 20, inner = {a = 30}}');
    const bad = assignValue(p.lookupVariable('pt')!, '1', p);
    expect(isError(bad) && bad.message).toBe('Invalid cast.');
  });
  it('fails on read-only memory and on rvalues', () => {
    const p = fixtureProgram();
    const ro = assignValue(p.lookupVariable('cmsg')!, '"xyz"', p);
    expect(isError(ro)).toBe(true);
    const rv = assignValue(evaluateExpression('gi + 1', p) as Value, '3', p);
    expect(isError(rv) && rv.message).toBe('Left operand of assignment is not an lvalue.');
  });
  it('stores a string literal into a char array, padding with NULs', () => {
    const p = fixtureProgram();
    expect(isError(assignValue(p.lookupVariable('buf')!, '"hey"', p))).toBe(false);
    expect(show('buf', p)).toBe('"hey", \'\\000\' <repeats 12 times>');
  });
  it('writes registers, NaN-boxing a float in an f register', () => {
    const p = fixtureProgram();
    expect(isError(assignValue(evaluateExpression('$a0', p) as Value, '99', p))).toBe(false);
    expect(p.regs.get(10)).toBe(99n);
    expect(isError(assignValue(evaluateExpression('$fa0.float', p) as Value, '1.5', p))).toBe(false);
    expect(p.regs.get(42)).toBe(0xffffffff3fc00000n);
    expect(show('$fa0', p)).toBe('{float = 1.5, double = -nan(0xfffff3fc00000)}');
  });
});

describe('children for the Variables view', () => {
  it('lists struct members, array elements and a pointer-to-struct pointee lazily', () => {
    const p = fixtureProgram();
    const pt = valueChildren(p.lookupVariable('pt')!, p);
    expect(!isError(pt) && pt.map((c) => `${c.name} = ${formatValue(c.value, p)}`)).toEqual(['x = 1', 'y = 2', 'inner = {a = 3}']);
    const seq = valueChildren(p.lookupVariable('seq')!, p, { start: 100, count: 2 });
    expect(!isError(seq) && seq.map((c) => `${c.name} = ${formatValue(c.value, p)}`)).toEqual(['[100] = 100', '[101] = 101']);
    expect(childCount(p.lookupVariable('seq')!)).toEqual({ named: 0, indexed: 250 });
    const pp = valueChildren(p.lookupVariable('pp')!, p);
    expect(!isError(pp) && pp.map((c) => c.name)).toEqual(['x', 'y', 'inner']);
    const ip = valueChildren(p.lookupVariable('ip')!, p, { expression: 'ip' });
    expect(!isError(ip) && ip.map((c) => `${c.name} = ${formatValue(c.value, p)}`)).toEqual(['*ip = 2']);
    expect(childCount(p.lookupVariable('msg')!)).toEqual({ named: 0, indexed: 0 });
    const an = valueChildren(p.lookupVariable('an')!, p);
    expect(!isError(an) && an.map((c) => c.name)).toEqual(['tag', '<anonymous union>', '<anonymous struct>']);
  });
});

describe('values the recording cannot show', () => {
  it('prints <optimized out>', () => {
    expect(formatValue({ type: T.int, optimizedOut: true }, fixtureProgram())).toBe('<optimized out>');
  });
  it('prints <error: ...> for an unreadable member and keeps the rest', () => {
    const p = fixtureProgram();
    const s = struct('pair', 16, [{ name: 'a', type: T.int, offset: 0 }, { name: 'p', type: ptr(T.int), offset: 8 }]);
    // The struct straddles the end of the mapped stack page: `a` readable, `p` not.
    const v: Value = { type: s, location: { kind: 'memory', address: 0x4000800ff8n } };
    expect(formatValue(v, p)).toBe('{a = 0, p = <error: Cannot access memory at address 0x4000801000>}');
  });
  it('reads a value split across a register and memory (DW_OP_piece)', () => {
    const p = fixtureProgram();
    const v: Value = {
      type: arr(T.int, 2),
      location: { kind: 'pieces', pieces: [{ location: { kind: 'register', regno: 10 }, sizeBytes: 4 }, { location: { kind: 'memory', address: 0x75000n }, sizeBytes: 4 }] },
    };
    expect(formatValue(v, p)).toBe('{1, 42}');
  });
  it('prints a negative NaN with its sign and payload', () => {
    expect(show('negnan')).toBe('-nan(0x8000000000000)');
  });
});
