import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { U64_MAX, expr, le, sleb, uleb, valueOf } from './helpers';

const sv = K.DW_OP_stack_value;

describe('constant operations push their operand (DWARF 5 2.5.1.1)', () => {
  it('DW_OP_lit0..lit31 push 0..31', () => {
    for (let n = 0; n <= 31; n++) expect(valueOf(expr(K.DW_OP_lit0 + n, sv))).toBe(BigInt(n));
  });

  it('DW_OP_addr pushes an 8-byte address as a memory location', () => {
    expect(valueOf(expr(K.DW_OP_addr, le(0x51e88n, 8)))).toBe(0x51e88n);
    expect(valueOf(expr(K.DW_OP_addr, le(0xffff_ffff_8000_0000n, 8)))).toBe(0xffff_ffff_8000_0000n);
  });

  it('unsigned fixed-size constants zero-extend', () => {
    expect(valueOf(expr(K.DW_OP_const1u, 0xff, sv))).toBe(0xffn);
    expect(valueOf(expr(K.DW_OP_const2u, le(0xfffe, 2), sv))).toBe(0xfffen);
    expect(valueOf(expr(K.DW_OP_const4u, le(0xffff_fffd, 4), sv))).toBe(0xffff_fffdn);
    expect(valueOf(expr(K.DW_OP_const8u, le(U64_MAX, 8), sv))).toBe(U64_MAX);
  });

  it('signed fixed-size constants sign-extend to 64 bits', () => {
    expect(valueOf(expr(K.DW_OP_const1s, 0xff, sv))).toBe(U64_MAX);
    expect(valueOf(expr(K.DW_OP_const2s, le(-2, 2), sv))).toBe(U64_MAX - 1n);
    expect(valueOf(expr(K.DW_OP_const4s, le(-3, 4), sv))).toBe(U64_MAX - 2n);
    expect(valueOf(expr(K.DW_OP_const8s, le(-4n, 8), sv))).toBe(U64_MAX - 3n);
    expect(valueOf(expr(K.DW_OP_const1s, 0x7f, sv))).toBe(127n);
  });

  it('DW_OP_constu and DW_OP_consts read LEB128 across the full 64-bit range', () => {
    expect(valueOf(expr(K.DW_OP_constu, uleb(U64_MAX), sv))).toBe(U64_MAX);
    expect(valueOf(expr(K.DW_OP_constu, uleb(1n << 60n), sv))).toBe(1n << 60n);
    expect(valueOf(expr(K.DW_OP_consts, sleb(-1), sv))).toBe(U64_MAX);
    expect(valueOf(expr(K.DW_OP_consts, sleb(-(1n << 63n)), sv))).toBe(1n << 63n);
    expect(valueOf(expr(K.DW_OP_consts, sleb(1234567), sv))).toBe(1234567n);
  });

  it('an over-long LEB128 keeps its low 64 bits', () => {
    const elevenBytes = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect(valueOf(expr(K.DW_OP_constu, elevenBytes, sv))).toBe(U64_MAX);
  });

  it('DW_OP_addrx and DW_OP_constx ask for the .debug_addr entry', () => {
    const addrx = (index: number) => (index === 3 ? 0x1_0000n : undefined);
    expect(valueOf(expr(K.DW_OP_addrx, uleb(3)), { register: () => undefined, memory: () => undefined, addrx })).toBe(0x1_0000n);
    expect(valueOf(expr(K.DW_OP_constx, uleb(3), sv), { register: () => undefined, memory: () => undefined, addrx })).toBe(0x1_0000n);
  });

  it('register number constants follow the RISC-V psABI', () => {
    expect([K.RISCV_DWARF_X0, K.RISCV_DWARF_X31, K.RISCV_DWARF_F0, K.RISCV_DWARF_F31]).toEqual([0, 31, 32, 63]);
    expect(K.riscvRegisterName(K.RISCV_DWARF_SP)).toBe('sp');
    expect(K.riscvRegisterName(K.RISCV_DWARF_FP)).toBe('s0');
    expect(K.riscvRegisterName(K.RISCV_DWARF_FA0)).toBe('fa0');
    expect(K.riscvRegisterName(K.RISCV_DWARF_F31)).toBe('ft11');
    expect(K.riscvRegisterName(4096)).toBe('r4096');
  });
});
