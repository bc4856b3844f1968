import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { errorOf, expr, fakeContext, le, piecesOf, sleb, uleb, valueOf } from './helpers';

describe('the machine pauses for facts only the debugger has', () => {
  it('DW_OP_breg2 asks for sp and adds the offset', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_breg2, sleb(16)));
    expect(m.run()).toEqual({ kind: 'needsRegister', regno: K.RISCV_DWARF_SP });
    expect(m.run()).toEqual({ kind: 'needsRegister', regno: K.RISCV_DWARF_SP }); // repeats while pending
    expect(m.resumeRegister(0x3fff_f000n)).toEqual({ kind: 'done', pieces: [{ location: { kind: 'memory', address: 0x3fff_f010n } }] });
  });

  it('DW_OP_bregx takes a register number operand and a negative offset', () => {
    const ctx = fakeContext({ regs: { 8: 0x1000n } });
    expect(piecesOf(expr(K.DW_OP_bregx, uleb(8), sleb(-24)), ctx)).toEqual([{ location: { kind: 'memory', address: 0x1000n - 24n } }]);
  });

  it('DW_OP_fbreg asks for the frame base; DW_OP_call_frame_cfa for the CFA', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_fbreg, sleb(-20)));
    expect(m.run()).toEqual({ kind: 'needsFrameBase' });
    expect(m.resumeFrameBase(0x2000n)).toMatchObject({ kind: 'done', pieces: [{ location: { kind: 'memory', address: 0x2000n - 20n } }] });
    const cfa = new K.ExprMachine(expr(K.DW_OP_call_frame_cfa));
    expect(cfa.run()).toEqual({ kind: 'needsCfa' });
    expect(cfa.resumeCfa(0x4000n)).toMatchObject({ kind: 'done', pieces: [{ location: { kind: 'memory', address: 0x4000n } }] });
  });

  it('gcc riscv frame base: DW_AT_frame_base is DW_OP_call_frame_cfa, the variable DW_OP_fbreg', () => {
    const cfa = 0x3fff_ff80n;
    const frameBase = valueOf(expr(K.DW_OP_call_frame_cfa), fakeContext({ cfa: () => cfa }));
    const pieces = piecesOf(expr(K.DW_OP_fbreg, sleb(-80)), fakeContext({ frameBase: () => frameBase }));
    expect(pieces).toEqual([{ location: { kind: 'memory', address: cfa - 80n } }]);
  });

  it('DW_OP_deref reads 8 bytes; DW_OP_deref_size reads fewer and zero-extends', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_breg2, sleb(8), K.DW_OP_deref, K.DW_OP_stack_value));
    m.run();
    expect(m.resumeRegister(0x100n)).toEqual({ kind: 'needsMemory', address: 0x108n, sizeBytes: 8 });
    expect(m.resumeMemory(0xdead_beefn)).toEqual({ kind: 'done', pieces: [{ location: { kind: 'value', value: 0xdead_beefn } }] });
    const mem = new Map([[0x200n, 0x1234_5678_9abc_def0n]]);
    expect(valueOf(expr(K.DW_OP_const2u, le(0x200, 2), K.DW_OP_deref_size, 2, K.DW_OP_stack_value), fakeContext({ mem }))).toBe(0xdef0n);
  });

  it('an unavailable register or unreadable memory is an error naming the op', () => {
    expect(errorOf(expr(K.DW_OP_breg10, sleb(0)))).toBe('DW_OP_breg10 at offset 0: register 10 (a0) is not available');
    expect(errorOf(expr(K.DW_OP_lit8, K.DW_OP_deref))).toBe('DW_OP_deref at offset 1: memory at 0x8 (8 bytes) is not available');
    expect(errorOf(expr(K.DW_OP_fbreg, sleb(0)))).toBe('DW_OP_fbreg at offset 0: the frame base is not available');
    expect(errorOf(expr(K.DW_OP_call_frame_cfa))).toMatch(/canonical frame address is not available/);
  });

  it('DW_OP_deref_size larger than an address is an error', () => {
    expect(errorOf(expr(K.DW_OP_lit8, K.DW_OP_deref_size, 9))).toBe('DW_OP_deref_size at offset 1: size 9 is not 1..8 bytes');
  });

  it('TLS: DW_OP_form_tls_address and DW_OP_GNU_push_tls_address pop the offset and ask for the address', () => {
    for (const op of [K.DW_OP_form_tls_address, K.DW_OP_GNU_push_tls_address]) {
      const m = new K.ExprMachine(expr(K.DW_OP_const8u, le(0x10, 8), op));
      expect(m.run()).toEqual({ kind: 'needsTls', offset: 0x10n });
      expect(m.resumeTls(0x7000_0010n)).toMatchObject({ kind: 'done', pieces: [{ location: { kind: 'memory', address: 0x7000_0010n } }] });
    }
    expect(errorOf(expr(K.DW_OP_lit0, K.DW_OP_form_tls_address))).toMatch(/thread-local address for offset 0x0 is not available/);
  });

  it('DW_OP_addrx pauses with needsAddressIndex', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_addrx, uleb(2)));
    expect(m.run()).toEqual({ kind: 'needsAddressIndex', index: 2 });
    expect(m.resumeAddressIndex(0x10_000n)).toMatchObject({ kind: 'done', pieces: [{ location: { kind: 'memory', address: 0x10_000n } }] });
  });

  it('a resume that does not match the pending request is an error and keeps the request', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_fbreg, sleb(4)));
    m.run();
    expect(m.resumeRegister(1n)).toMatchObject({ kind: 'error', message: expect.stringMatching(/waiting for needsFrameBase/) });
    expect(m.resumeFrameBase(100n)).toMatchObject({ kind: 'done' });
    expect(new K.ExprMachine(expr(K.DW_OP_lit0)).resumeCfa(0n)).toMatchObject({ kind: 'error' });
  });

  it('registers are never read for a register location (DW_OP_reg10 is a location, not a value)', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_reg10));
    expect(m.run()).toEqual({ kind: 'done', pieces: [{ location: { kind: 'register', regno: 10 } }] });
    expect(piecesOf(expr(K.DW_OP_regx, uleb(42)))).toEqual([{ location: { kind: 'register', regno: K.RISCV_DWARF_FA0 } }]);
  });
});
