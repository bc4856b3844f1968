import { describe, expect, it } from 'vitest';
import { Cursor } from '../../../src/dwarf/cursor';
import * as K from '../../../src/dwarf/expr';
import { seededRandom } from '../../elf/tools';
import { errorOf, expr, fakeContext, sleb, uleb } from './helpers';

describe('malformed expressions are error values, never exceptions', () => {
  it('a truncated operand names the op and offset', () => {
    expect(errorOf(expr(K.DW_OP_lit0, K.DW_OP_const4u, 1, 2))).toMatch(/^DW_OP_const4u at offset 1: truncated operand/);
    expect(errorOf(expr(K.DW_OP_addr, 1, 2, 3))).toMatch(/^DW_OP_addr at offset 0: truncated operand/);
    expect(errorOf(expr(K.DW_OP_breg2, 0x80))).toMatch(/^DW_OP_breg2 at offset 0: truncated/);
    expect(errorOf(expr(K.DW_OP_implicit_value, uleb(8), 1, 2))).toMatch(/^DW_OP_implicit_value at offset 0: truncated/);
    expect(errorOf(expr(K.DW_OP_entry_value, uleb(5), K.DW_OP_reg10))).toMatch(/^DW_OP_entry_value at offset 0: truncated/);
    expect(errorOf(expr(K.DW_OP_skip, 1))).toMatch(/^DW_OP_skip at offset 0: truncated/);
  });

  it('an unknown opcode is an error', () => {
    expect(errorOf(expr(K.DW_OP_lit1, 0x01))).toBe('opcode 0x1 at offset 1: unknown opcode');
    expect(errorOf(expr(0xff))).toBe('opcode 0xff at offset 0: unknown opcode');
  });

  it('decodeOp reports errors without moving past a good op', () => {
    const c = new Cursor(expr(K.DW_OP_fbreg, sleb(-20), 0x02), 0);
    const first = K.decodeOp(c, 8);
    expect(first).toEqual({ ok: true, op: { kind: 'frameOffset', code: K.DW_OP_fbreg, start: 0, next: 2, offset: -20n } });
    expect(K.decodeOp(c, 8)).toEqual({ ok: false, offset: 2, error: 'opcode 0x2 at offset 2: unknown opcode' });
    expect(K.decodeOp(new Cursor(new Uint8Array(0), 0), 8)).toMatchObject({ ok: false, offset: 0 });
  });

  it('a register number of 2^53 or more is refused', () => {
    expect(errorOf(expr(K.DW_OP_regx, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))).toMatch(/^DW_OP_regx at offset 0/);
  });

  it('random bytes never throw from the decoder, machine, drivers or formatter', () => {
    const random = seededRandom(0xd3a2f);
    const ctx = fakeContext({
      regs: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [i, BigInt(i) * 0x1000n])),
      frameBase: () => 0x8000n,
      cfa: () => 0x9000n,
      entryValue: () => 1n,
      addrx: () => 2n,
      tls: () => 3n,
    });
    ctx.memory = (address) => address & 0xffffn;
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 24);
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      expect(() => K.formatExpression(bytes)).not.toThrow();
      const r = K.evaluateLocation(bytes, ctx);
      if (!r.ok) errors++;
      expect(() => K.evaluateValue(bytes, ctx)).not.toThrow();
    }
    expect(errors).toBeGreaterThan(0);
  });
});
