import { describe, expect, it } from 'vitest';
import { Exception } from '../../src/emu/trap';
import { exec, result } from './exec1';
import { R, ins } from './machine';

const M64 = (1n << 64n) - 1n;
const u = (v: bigint) => BigInt.asUintN(64, v);
const s = (v: bigint) => BigInt.asIntN(64, v);
const sext32 = (v: bigint) => u(BigInt.asIntN(32, v));
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);
const MIN = 1n << 63n;

/** Reference semantics from the Unprivileged spec, computed with BigInt. */
const REFERENCE: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => u(a + b),
  sub: (a, b) => u(a - b),
  sll: (a, b) => u(a << (b & 63n)),
  srl: (a, b) => a >> (b & 63n),
  sra: (a, b) => u(s(a) >> (b & 63n)),
  slt: (a, b) => (s(a) < s(b) ? 1n : 0n),
  sltu: (a, b) => (a < b ? 1n : 0n),
  xor: (a, b) => a ^ b,
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  addw: (a, b) => sext32(a + b),
  subw: (a, b) => sext32(a - b),
  sllw: (a, b) => sext32(a << (b & 31n)),
  srlw: (a, b) => sext32(u32(a) >> (b & 31n)),
  sraw: (a, b) => sext32(s32(a) >> (b & 31n)),
  mul: (a, b) => u(a * b),
  mulh: (a, b) => u((s(a) * s(b)) >> 64n),
  mulhsu: (a, b) => u((s(a) * b) >> 64n),
  mulhu: (a, b) => (a * b) >> 64n,
  div: (a, b) => (b === 0n ? M64 : a === MIN && b === M64 ? MIN : u(s(a) / s(b))),
  divu: (a, b) => (b === 0n ? M64 : a / b),
  rem: (a, b) => (b === 0n ? a : a === MIN && b === M64 ? 0n : u(s(a) % s(b))),
  remu: (a, b) => (b === 0n ? a : a % b),
  mulw: (a, b) => sext32(a * b),
  divw: (a, b) => (u32(b) === 0n ? M64 : s32(a) === -(1n << 31n) && s32(b) === -1n ? sext32(a) : sext32(s32(a) / s32(b))),
  divuw: (a, b) => (u32(b) === 0n ? M64 : sext32(u32(a) / u32(b))),
  remw: (a, b) => (u32(b) === 0n ? sext32(a) : s32(a) === -(1n << 31n) && s32(b) === -1n ? 0n : sext32(s32(a) % s32(b))),
  remuw: (a, b) => (u32(b) === 0n ? sext32(a) : sext32(u32(a) % u32(b))),
};

const VALUES = [0n, 1n, 2n, 3n, 5n, 31n, 32n, 63n, 64n, 0x7fn, 0x80n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, 0x123456789abcdef0n, 0x7fffffffffffffffn, MIN, M64, M64 - 1n, u(-7n), u(-(1n << 31n)),
  0xdeadbeefcafebaben, 1000000007n, 0xffffffff00000000n];

describe('register-register instructions match the spec reference on edge values', () => {
  for (const [mnemonic, ref] of Object.entries(REFERENCE)) {
    it(`${mnemonic}`, () => {
      for (const a of VALUES) {
        for (const b of VALUES) {
          const got = result(ins(mnemonic, { rd: R.a0, rs1: R.a1, rs2: R.a2 }), { [R.a1]: a, [R.a2]: b }, R.a0);
          if (got !== ref(a, b)) expect.fail(`${mnemonic} ${a.toString(16)}, ${b.toString(16)}: got ${got.toString(16)} want ${ref(a, b).toString(16)}`);
        }
      }
    });
  }
});

describe('division edge cases (M extension table)', () => {
  it('divide by zero gives all ones for div/divu and the dividend for rem/remu', () => {
    const regs = { [R.a1]: 42n, [R.a2]: 0n };
    expect(result(ins('div', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(M64);
    expect(result(ins('divu', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(M64);
    expect(result(ins('rem', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(42n);
    expect(result(ins('remu', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(42n);
  });
  it('signed overflow -2^63 / -1 gives -2^63 with remainder 0', () => {
    const regs = { [R.a1]: MIN, [R.a2]: M64 };
    expect(result(ins('div', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(MIN);
    expect(result(ins('rem', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(0n);
  });
  it('divw overflow -2^31 / -1 gives -2^31 sign-extended', () => {
    const regs = { [R.a1]: 0x80000000n, [R.a2]: M64 };
    expect(result(ins('divw', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(0xffffffff80000000n);
    expect(result(ins('remw', { rd: R.a0, rs1: R.a1, rs2: R.a2 }), regs, R.a0)).toBe(0n);
  });
});

const IMM_REFERENCE: Record<string, (a: bigint, imm: bigint) => bigint> = {
  addi: (a, i) => u(a + i),
  slti: (a, i) => (s(a) < i ? 1n : 0n),
  sltiu: (a, i) => (a < u(i) ? 1n : 0n),
  xori: (a, i) => a ^ u(i),
  ori: (a, i) => a | u(i),
  andi: (a, i) => a & u(i),
  addiw: (a, i) => sext32(a + i),
};
const IMMS = [0n, 1n, -1n, 2047n, -2048n, 0x7ffn, 5n, -100n];

describe('register-immediate instructions', () => {
  for (const [mnemonic, ref] of Object.entries(IMM_REFERENCE)) {
    it(`${mnemonic} with sign-extended 12-bit immediates`, () => {
      for (const a of VALUES) {
        for (const imm of IMMS) {
          const got = result(ins(mnemonic, { rd: R.a0, rs1: R.a1, imm: Number(imm) }), { [R.a1]: a }, R.a0);
          expect(got, `${mnemonic} ${a.toString(16)} ${imm}`).toBe(ref(a, imm));
        }
      }
    });
  }
  it('shift immediates cover 0, 31, 32 and 63 (and W forms sign-extend)', () => {
    for (const a of VALUES) {
      for (const sh of [0, 1, 13, 31, 32, 33, 63]) {
        const r = (m: string) => result(ins(m, { rd: R.a0, rs1: R.a1, imm: sh }), { [R.a1]: a }, R.a0);
        expect(r('slli')).toBe(REFERENCE.sll(a, BigInt(sh)));
        expect(r('srli')).toBe(REFERENCE.srl(a, BigInt(sh)));
        expect(r('srai')).toBe(REFERENCE.sra(a, BigInt(sh)));
        if (sh < 32) {
          expect(r('slliw')).toBe(REFERENCE.sllw(a, BigInt(sh)));
          expect(r('srliw')).toBe(REFERENCE.srlw(a, BigInt(sh)));
          expect(r('sraiw')).toBe(REFERENCE.sraw(a, BigInt(sh)));
        }
      }
    }
  });
  it('lui sign-extends bit 31 and auipc adds to the pc', () => {
    expect(result(ins('lui', { rd: R.a0, imm: 0x80000000 }), {}, R.a0)).toBe(0xffffffff80000000n);
    expect(result(ins('lui', { rd: R.a0, imm: 0x12345000 }), {}, R.a0)).toBe(0x12345000n);
    expect(result(ins('auipc', { rd: R.a0, imm: -4096 }), {}, R.a0)).toBe(0x10000n - 4096n);
  });
  it('x0 stays zero when written', () => {
    const { m } = exec([ins('addi', { rd: 0, rs1: R.a1, imm: 5 }), ins('lui', { rd: 0, imm: 0x1000 }),
      ins('add', { rd: R.a0, rs1: 0, rs2: 0 })], { [R.a1]: 7n });
    expect(m.hart.getX(0)).toBe(0n);
    expect(m.hart.getX(R.a0)).toBe(0n);
  });
  it('an illegal instruction traps with scause 2 and stval = its bits, pc unchanged', () => {
    const { m, stop } = exec([0xffffffff]);
    expect(stop).toEqual({ kind: 'trap', scause: Exception.IllegalInstruction, stval: 0xffffffff, sepc: 0x10000 });
    expect(m.hart.pc).toBe(0x10000);
  });
  it('the all-zero halfword (c.unimp) is illegal with stval 0', () => {
    const { stop } = exec([0]);
    expect(stop).toEqual({ kind: 'trap', scause: Exception.IllegalInstruction, stval: 0, sepc: 0x10000 });
  });
});
