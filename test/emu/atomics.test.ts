import { describe, expect, it } from 'vitest';
import { PTE_A } from '../../src/emu/sv39';
import { Exception } from '../../src/emu/trap';
import { Machine, R, USER_R, USER_RW, ins, program } from './machine';

const CODE = 0x10000;
const DATA = 0x20000;
const M64 = (1n << 64n) - 1n;

function setup(code: number[], initial: bigint, width: 'w' | 'd'): Machine {
  const m = new Machine();
  m.loadCode(CODE, program([...code, ins('ecall')]));
  m.map(DATA, USER_RW);
  if (width === 'd') m.mem.write64(m.pa(DATA), initial);
  else m.mem.write32(m.pa(DATA), Number(initial & 0xffffffffn));
  m.hart.setX(R.a1, BigInt(DATA));
  return m;
}

const sext32 = (v: bigint) => BigInt.asUintN(64, BigInt.asIntN(32, v));
const AMO: Record<string, (a: bigint, b: bigint, bits: bigint) => bigint> = {
  amoswap: (_a, b) => b,
  amoadd: (a, b, n) => BigInt.asUintN(Number(n), a + b),
  amoxor: (a, b) => a ^ b,
  amoand: (a, b) => a & b,
  amoor: (a, b) => a | b,
  amomin: (a, b, n) => (BigInt.asIntN(Number(n), a) < BigInt.asIntN(Number(n), b) ? a : b),
  amomax: (a, b, n) => (BigInt.asIntN(Number(n), a) > BigInt.asIntN(Number(n), b) ? a : b),
  amominu: (a, b) => (a < b ? a : b),
  amomaxu: (a, b) => (a > b ? a : b),
};

describe('AMOs return the old value in rd and store op(old, rs2)', () => {
  const pairs: [bigint, bigint][] = [[5n, 7n], [M64, 1n], [0x80000000n, 0x7fffffffn], [0x8000000000000000n, 3n], [0xfffffffen, 0xffffffffn]];
  for (const [name, f] of Object.entries(AMO)) {
    for (const width of ['w', 'd'] as const) {
      it(`${name}.${width}`, () => {
        const bits = width === 'd' ? 64n : 32n;
        const mask = (1n << bits) - 1n;
        for (const [a0, b0] of pairs) {
          const a = a0 & mask, b = b0 & mask;
          const m = setup([ins(`${name}.${width}`, { rd: R.a0, rs1: R.a1, rs2: R.a2, aq: 1, rl: 1 })], a, width);
          m.hart.setX(R.a2, b0);
          m.hart.run(10);
          const stored = width === 'd' ? m.mem.read64(m.pa(DATA)) : BigInt(m.mem.read32(m.pa(DATA)));
          expect(stored, `${name}.${width} ${a} ${b}`).toBe(f(a, b, bits) & mask);
          expect(m.hart.getX(R.a0)).toBe(width === 'd' ? a : sext32(a));
        }
      });
    }
  }
  it('an AMO on a read-only page raises a store page fault (scause 15)', () => {
    const m = new Machine();
    m.loadCode(CODE, program([ins('amoadd.w', { rd: R.a0, rs1: R.a1, rs2: R.a2 })]));
    m.map(DATA, USER_R | PTE_A);
    m.hart.setX(R.a1, BigInt(DATA));
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.StorePageFault, stval: DATA, sepc: CODE });
  });
  it('a misaligned AMO raises store address misaligned (6), a misaligned LR load address misaligned (4)', () => {
    const m = setup([ins('amoadd.d', { rd: R.a0, rs1: R.a1, rs2: R.a2 })], 0n, 'd');
    m.hart.setX(R.a1, BigInt(DATA + 4));
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.StoreAddressMisaligned, stval: DATA + 4, sepc: CODE });
    const m2 = setup([ins('lr.w', { rd: R.a0, rs1: R.a1 })], 0n, 'w');
    m2.hart.setX(R.a1, BigInt(DATA + 2));
    expect(m2.hart.run(10)).toMatchObject({ scause: Exception.LoadAddressMisaligned, stval: DATA + 2 });
  });
});

describe('LR/SC', () => {
  const lrsc = (w: 'w' | 'd') => [ins(`lr.${w}`, { rd: R.a0, rs1: R.a1, aq: 1 }),
    ins('addi', { rd: R.a0, rs1: R.a0, imm: 1 }), ins(`sc.${w}`, { rd: R.a3, rs1: R.a1, rs2: R.a0, rl: 1 })];
  it('sc after lr to the same address succeeds (rd = 0) and stores', () => {
    const m = setup(lrsc('d'), 41n, 'd');
    m.hart.run(10);
    expect(m.hart.getX(R.a3)).toBe(0n);
    expect(m.mem.read64(m.pa(DATA))).toBe(42n);
  });
  it('lr.w sign-extends the loaded word', () => {
    const m = setup(lrsc('w'), 0xfffffffen, 'w');
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(M64);
    expect(m.mem.read32(m.pa(DATA))).toBe(0xffffffff);
  });
  it('sc without a reservation fails (rd = 1) and does not store', () => {
    const m = setup([ins('sc.d', { rd: R.a3, rs1: R.a1, rs2: R.a2 })], 5n, 'd');
    m.hart.setX(R.a2, 9n);
    m.hart.run(10);
    expect(m.hart.getX(R.a3)).toBe(1n);
    expect(m.mem.read64(m.pa(DATA))).toBe(5n);
  });
  it('sc to a different address than the lr fails; a second sc fails too', () => {
    const m = setup([ins('lr.d', { rd: R.a0, rs1: R.a1 }), ins('sc.d', { rd: R.a3, rs1: R.a4, rs2: R.a2 }),
      ins('sc.d', { rd: R.a5, rs1: R.a1, rs2: R.a2 })], 5n, 'd');
    m.hart.setX(R.a4, BigInt(DATA + 8));
    m.hart.run(10);
    expect(m.hart.getX(R.a3)).toBe(1n);
    expect(m.hart.getX(R.a5)).toBe(1n);
  });
  it('restoreContext (a context switch) clears the reservation', () => {
    const m = setup(lrsc('d'), 1n, 'd');
    m.hart.run(2); // lr + addi
    m.hart.restoreContext(m.hart.saveContext());
    m.hart.run(10);
    expect(m.hart.getX(R.a3)).toBe(1n);
    expect(m.mem.read64(m.pa(DATA))).toBe(1n);
  });
});

