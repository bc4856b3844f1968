import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/emu/sv39';
import { CODE_VA, exec } from './exec1';
import { Machine, R, USER_RW, ins, program } from './machine';

const M64 = (1n << 64n) - 1n;

describe('compressed instructions execute as their expansions', () => {
  it('c.li, c.addi, c.addiw, c.lui, c.slli, c.srai, c.andi', () => {
    const { m } = exec([ins('c.li', { rd: R.a0, rs1: 0, imm: -3 }), ins('c.addi', { rd: R.a0, rs1: R.a0, imm: 10 }),
      ins('c.lui', { rd: R.a1, imm: -4096 }), ins('c.addiw', { rd: R.a2, rs1: R.a2, imm: 1 }),
      ins('c.slli', { rd: R.a3, rs1: R.a3, imm: 63 }), ins('c.srai', { rd: R.a4, rs1: R.a4, imm: 4 }),
      ins('c.andi', { rd: R.a5, rs1: R.a5, imm: -16 })],
    { [R.a2]: 0x7fffffffn, [R.a3]: 1n, [R.a4]: 0x8000000000000000n, [R.a5]: 0xffn });
    const h = m.hart;
    expect(h.getX(R.a0)).toBe(7n);
    expect(h.getX(R.a1)).toBe(M64 - 4095n);
    expect(h.getX(R.a2)).toBe(0xffffffff80000000n);
    expect(h.getX(R.a3)).toBe(0x8000000000000000n);
    expect(h.getX(R.a4)).toBe(0xf800000000000000n);
    expect(h.getX(R.a5)).toBe(0xf0n);
  });
  it('c.mv, c.add, c.sub, c.xor, c.or, c.and, c.addw, c.subw', () => {
    const { m } = exec([ins('c.mv', { rd: R.s0, rs2: R.a0 }), ins('c.add', { rd: R.s0, rs1: R.s0, rs2: R.a1 }),
      ins('c.mv', { rd: R.s1, rs2: R.s0 }), ins('c.sub', { rd: R.s1, rs1: R.s1, rs2: R.a0 }),
      ins('c.mv', { rd: R.a2, rs2: R.a0 }), ins('c.xor', { rd: R.a2, rs1: R.a2, rs2: R.a1 }),
      ins('c.mv', { rd: R.a3, rs2: R.a0 }), ins('c.or', { rd: R.a3, rs1: R.a3, rs2: R.a1 }),
      ins('c.mv', { rd: R.a4, rs2: R.a0 }), ins('c.and', { rd: R.a4, rs1: R.a4, rs2: R.a1 }),
      ins('c.mv', { rd: R.a5, rs2: R.a0 }), ins('c.addw', { rd: R.a5, rs1: R.a5, rs2: R.a0 })],
    { [R.a0]: 0x7fffffffn, [R.a1]: 0x0f0f0n });
    const h = m.hart;
    expect(h.getX(R.s0)).toBe(0x7fffffffn + 0xf0f0n);
    expect(h.getX(R.s1)).toBe(0xf0f0n);
    expect(h.getX(R.a2)).toBe(0x7fffffffn ^ 0xf0f0n);
    expect(h.getX(R.a3)).toBe(0x7fffffffn);
    expect(h.getX(R.a4)).toBe(0xf0f0n);
    expect(h.getX(R.a5)).toBe(M64 - 1n);
  });
  it('c.jalr links pc + 2; c.jr jumps; c.j and c.beqz/c.bnez branch with 2-byte instructions', () => {
    const { m, stop } = exec([
      ins('c.jalr', { rd: R.ra, rs1: R.a0, imm: 0 }), // 0: -> 6
      ins('c.nop'), ins('c.nop'), //                  2, 4
      ins('c.beqz', { rs1: R.s0, rs2: 0, imm: 4 }), // 6: s0 = 0 -> 10
      ins('c.nop'), //                                8
      ins('c.bnez', { rs1: R.s0, rs2: 0, imm: 4 }), //10: not taken
      ins('c.j', { rd: 0, imm: 4 }), //              12: -> 16
      ins('c.nop'), //                                14
      ins('c.jr', { rd: 0, rs1: R.a1, imm: 0 }), //  16: -> a1
    ], { [R.a0]: BigInt(CODE_VA + 6), [R.a1]: BigInt(CODE_VA + 18) });
    expect(m.hart.getX(R.ra)).toBe(BigInt(CODE_VA + 2));
    expect(stop).toMatchObject({ kind: 'trap', sepc: CODE_VA + 18 });
    expect(m.hart.instret).toBeGreaterThan(0);
  });
  it('c.sdsp/c.ldsp/c.lwsp/c.swsp and c.sd/c.ld/c.sw/c.lw use scaled offsets; c.addi16sp and c.addi4spn adjust sp', () => {
    const m = new Machine();
    const stack = 0x30000;
    m.map(stack, USER_RW);
    m.loadCode(CODE_VA, program([
      ins('c.addi16sp', { rd: R.sp, rs1: R.sp, imm: -64 }),
      ins('c.sdsp', { rs2: R.a0, rs1: R.sp, imm: 8 }), ins('c.ldsp', { rd: R.a1, rs1: R.sp, imm: 8 }),
      ins('c.swsp', { rs2: R.a0, rs1: R.sp, imm: 20 }), ins('c.lwsp', { rd: R.a2, rs1: R.sp, imm: 20 }),
      ins('c.addi4spn', { rd: R.s0, rs1: R.sp, imm: 32 }),
      ins('c.sd', { rs2: R.a0, rs1: R.s0, imm: 8 }), ins('c.ld', { rd: R.a3, rs1: R.s0, imm: 8 }),
      ins('c.sw', { rs2: R.a0, rs1: R.s0, imm: 4 }), ins('c.lw', { rd: R.a4, rs1: R.s0, imm: 4 }),
      ins('ecall'),
    ]));
    m.hart.setX(R.sp, BigInt(stack + PAGE_SIZE));
    m.hart.setX(R.a0, 0x80000001_80000002n);
    m.hart.run(100);
    const h = m.hart;
    expect(h.getX(R.sp)).toBe(BigInt(stack + PAGE_SIZE - 64));
    expect(h.getX(R.a1)).toBe(0x80000001_80000002n);
    expect(h.getX(R.a2)).toBe(0xffffffff_80000002n);
    expect(h.getX(R.s0)).toBe(BigInt(stack + PAGE_SIZE - 32));
    expect(h.getX(R.a3)).toBe(0x80000001_80000002n);
    expect(h.getX(R.a4)).toBe(0xffffffff_80000002n);
    expect(m.mem.read64(m.pa(stack + PAGE_SIZE - 64 + 8))).toBe(0x80000001_80000002n);
  });
});
