import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, makePte, pteFlags } from '../../src/emu/sv39';
import { Exception } from '../../src/emu/trap';
import { Machine, R, USER_R, USER_RW, USER_RX, ins, program } from './machine';

const CODE = 0x10000;
const DATA = 0x20000;

/** A machine with code at CODE and the given instructions followed by ecall. */
function setup(code: number[]): Machine {
  const m = new Machine();
  m.loadCode(CODE, program([...code, ins('ecall')]));
  return m;
}

const ld = (rd: number, rs1: number, imm = 0) => ins('ld', { rd, rs1, imm });
const sd = (rs2: number, rs1: number, imm = 0) => ins('sd', { rs2, rs1, imm });

describe('Sv39 translation (privileged spec 4.3.2)', () => {
  it('a load sets A but not D; a store sets A and D in the PTE in memory', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    expect(m.pteFlagsAt(DATA) & (PTE_A | PTE_D)).toBe(PTE_A);
    const m2 = setup([sd(R.a0, R.a1)]);
    m2.map(DATA, USER_RW);
    m2.hart.setX(R.a1, BigInt(DATA));
    m2.hart.run(10);
    expect(m2.pteFlagsAt(DATA) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
  });
  it('instruction fetch sets A on the code page', () => {
    const m = new Machine();
    m.loadCode(CODE, program([ins('ecall')]), USER_RX);
    m.hart.run(10);
    expect(m.pteFlagsAt(CODE) & PTE_A).toBe(PTE_A);
  });
  it('a store after a load to a clean page still walks and sets D (the read TLB entry is not a write entry)', () => {
    const m = setup([ld(R.a0, R.a1), sd(R.a0, R.a1)]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    expect(m.pteFlagsAt(DATA) & PTE_D).toBe(PTE_D);
  });
  it('load from an unmapped page: scause 13, stval = address, sepc = the load, rd unchanged', () => {
    const m = setup([ins('addi', { rd: R.a2, rs1: 0, imm: 1 }), ld(R.a0, R.a1, 8)]);
    m.hart.setX(R.a0, 77n);
    m.hart.setX(R.a1, 0x30000n);
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.LoadPageFault, stval: 0x30008, sepc: CODE + 4 });
    expect(m.hart.getX(R.a0)).toBe(77n);
    expect(m.hart.pc).toBe(CODE + 4);
    expect(m.hart.instret).toBe(1);
  });
  it('store to a read-only page: scause 15 and memory unchanged', () => {
    const m = setup([sd(R.a0, R.a1)]);
    m.map(DATA, USER_R | PTE_A);
    m.hart.setX(R.a0, 0x1234n);
    m.hart.setX(R.a1, BigInt(DATA + 16));
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.StorePageFault, stval: DATA + 16, sepc: CODE });
    expect(m.mem.read64(m.pa(DATA + 16))).toBe(0n);
  });
  it('fetch from a page without X: scause 12 with stval = pc', () => {
    const m = setup([ins('jalr', { rd: 0, rs1: R.a1, imm: 0 })]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA + 0x40));
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.InstructionPageFault, stval: DATA + 0x40, sepc: DATA + 0x40 });
    expect(m.hart.pc).toBe(DATA + 0x40);
  });
  it('a page without PTE_U faults in U-mode', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.map(DATA, PTE_V | PTE_R | PTE_W);
    m.hart.setX(R.a1, BigInt(DATA));
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault, stval: DATA });
  });
  it('W without R is a reserved encoding and faults even for stores', () => {
    const m = setup([sd(R.a0, R.a1)]);
    m.map(DATA, PTE_V | PTE_W | PTE_U);
    m.hart.setX(R.a1, BigInt(DATA));
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.StorePageFault, stval: DATA });
  });
  it('a non-canonical address faults (bits 63..39 must equal bit 38)', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.hart.setX(R.a1, 1n << 40n);
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault, stval: 2 ** 40 });
  });
  it('a leaf whose PPN lies beyond physical memory gives an access fault (scause 5)', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.mem.write64(m.pteAddr(DATA), makePte(0x100000, USER_RW));
    m.hart.setX(R.a1, BigInt(DATA));
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadAccessFault, stval: DATA });
  });
  it('a 2 MiB superpage maps every 4 KiB page inside it', () => {
    const m = setup([ld(R.a0, R.a1), sd(R.a0, R.a2)]);
    const superVa = 0x40000000 + 0x200000; // 1 GiB + 2 MiB
    const basePpn = 0x200; // 2 MiB aligned physical
    m.mem.write64(m.pteAddr(superVa, 1), makePte(basePpn, USER_RW));
    m.mem.write64(basePpn * PAGE_SIZE + 0x12345, 0xfeedn);
    m.hart.setX(R.a1, BigInt(superVa + 0x12345));
    m.hart.setX(R.a2, BigInt(superVa + 0x1ff000));
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(0xfeedn);
    expect(m.mem.read64(basePpn * PAGE_SIZE + 0x1ff000)).toBe(0xfeedn);
    expect(pteFlags(m.mem.read64(m.pteAddr(superVa, 1))) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
  });
  it('a misaligned superpage (PPN not 2 MiB aligned) faults', () => {
    const m = setup([ld(R.a0, R.a1)]);
    const superVa = 0x40000000;
    m.mem.write64(m.pteAddr(superVa, 1), makePte(0x201, USER_RW));
    m.hart.setX(R.a1, BigInt(superVa));
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault, stval: superVa });
  });
  it('the TLB keeps a stale translation until flushTlb, then the new PTE is used', () => {
    const m = setup([ld(R.a0, R.a1)]);
    const first = m.map(DATA, USER_RW);
    m.mem.write64(first * PAGE_SIZE, 111n);
    const second = m.allocFrame();
    m.mem.write64(second * PAGE_SIZE, 222n);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(111n);
    m.mem.write64(m.pteAddr(DATA), makePte(second, USER_RW | PTE_A));
    m.hart.pc = CODE;
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(111n); // stale, as hardware without sfence.vma may do
    m.hart.flushTlb();
    m.hart.pc = CODE;
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(222n);
  });
  it('an unmapped page faults after flushTlb even if it was cached', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    m.mem.write64(m.pteAddr(DATA), 0n);
    m.hart.flushTlb();
    m.hart.pc = CODE;
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault, stval: DATA });
  });
  it('setting satp flushes the TLB', () => {
    const m = setup([ld(R.a0, R.a1)]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    m.mem.write64(m.pteAddr(DATA), 0n);
    m.hart.satp = m.hart.satp;
    m.hart.pc = CODE;
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault });
  });
});

describe('misaligned accesses', () => {
  it('a misaligned load and store inside a page work', () => {
    const m = setup([sd(R.a0, R.a1, 3), ld(R.a2, R.a1, 3), ins('lw', { rd: R.a3, rs1: R.a1, imm: 7 })]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a0, 0x8877665544332211n);
    m.hart.setX(R.a1, BigInt(DATA));
    m.hart.run(10);
    expect(m.hart.getX(R.a2)).toBe(0x8877665544332211n);
    expect(m.hart.getX(R.a3)).toBe(0xffffffff88776655n);
    expect(m.mem.read8(m.pa(DATA + 3))).toBe(0x11);
  });
  it('a load and store across a page boundary touch both frames', () => {
    const m = setup([sd(R.a0, R.a1), ld(R.a2, R.a1)]);
    m.map(DATA, USER_RW);
    m.map(DATA + PAGE_SIZE, USER_RW);
    m.hart.setX(R.a0, 0x8877665544332211n);
    m.hart.setX(R.a1, BigInt(DATA + PAGE_SIZE - 3));
    m.hart.run(10);
    expect(m.hart.getX(R.a2)).toBe(0x8877665544332211n);
    expect(m.mem.read8(m.pa(DATA + PAGE_SIZE - 3))).toBe(0x11);
    expect(m.mem.read8(m.pa(DATA + PAGE_SIZE))).toBe(0x44);
  });
  it('a crossing store whose second page is unmapped faults with stval = start of that page and writes nothing', () => {
    const m = setup([sd(R.a0, R.a1)]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a0, -1n);
    m.hart.setX(R.a1, BigInt(DATA + PAGE_SIZE - 2));
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.StorePageFault, stval: DATA + PAGE_SIZE, sepc: CODE });
    expect(m.mem.read16(m.pa(DATA + PAGE_SIZE - 2))).toBe(0);
  });
  it('a crossing load whose second page is unmapped faults with scause 13', () => {
    const m = setup([ins('lw', { rd: R.a0, rs1: R.a1, imm: 0 })]);
    m.map(DATA, USER_RW);
    m.hart.setX(R.a1, BigInt(DATA + PAGE_SIZE - 1));
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.LoadPageFault, stval: DATA + PAGE_SIZE });
  });
  it('a 32-bit instruction straddling two pages executes, and faults on the second page if unmapped', () => {
    const m = new Machine();
    const start = CODE + PAGE_SIZE - 2;
    m.map(CODE, USER_RX);
    m.map(CODE + PAGE_SIZE, USER_RX);
    const addi = ins('addi', { rd: R.a0, rs1: 0, imm: 42 });
    const bytes = program([addi, ins('ecall')]);
    for (let i = 0; i < bytes.length; i++) m.mem.write8(m.pa(start + i), bytes[i]);
    m.hart.pc = start;
    expect(m.hart.run(10)).toMatchObject({ scause: Exception.EnvironmentCallFromUMode, sepc: start + 4 });
    expect(m.hart.getX(R.a0)).toBe(42n);
    m.mem.write64(m.pteAddr(CODE + PAGE_SIZE), 0n);
    m.hart.flushTlb();
    m.hart.pc = start;
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.InstructionPageFault, stval: CODE + PAGE_SIZE, sepc: start });
  });
});

describe('decoded-code coherence', () => {
  it('a guest store over its own code is seen by the next execution', () => {
    const m = new Machine();
    m.loadCode(CODE, program([ins('addi', { rd: R.a0, rs1: 0, imm: 1 }), ins('ecall')]), USER_RX | PTE_W | PTE_A | PTE_D);
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(1n);
    m.hart.setX(R.a1, BigInt(CODE));
    m.hart.setX(R.a2, BigInt(ins('addi', { rd: R.a0, rs1: 0, imm: 2 })));
    // run a store placed after the ecall, then jump back to CODE
    const tail = program([ins('sw', { rs2: R.a2, rs1: R.a1, imm: 0 }), ins('jalr', { rd: 0, rs1: R.a1, imm: 0 })]);
    for (let i = 0; i < tail.length; i++) m.mem.write8(m.pa(CODE + 8 + i), tail[i]);
    m.hart.pc = CODE + 8;
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(2n);
  });
  it('host writes through PhysicalMemory (exec loading a new image) replace decoded code', () => {
    const m = new Machine();
    m.loadCode(CODE, program([ins('addi', { rd: R.a0, rs1: 0, imm: 1 }), ins('ecall')]));
    m.hart.run(10);
    m.mem.writeBytes(m.pa(CODE), program([ins('addi', { rd: R.a0, rs1: 0, imm: 9 })]));
    m.hart.pc = CODE;
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(9n);
  });
});

