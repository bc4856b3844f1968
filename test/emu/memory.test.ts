import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../src/emu/memory';
import {
  PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, SATP_MODE_SV39, isCanonicalSv39, makePte, makeSatp,
  pteFlags, ptePpn, satpMode, satpPpn, vpn, walkForInspection,
} from '../../src/emu/sv39';
import { Machine, USER_RW } from './machine';

describe('PhysicalMemory', () => {
  it('rejects sizes that are not a positive multiple of PAGE_SIZE', () => {
    expect(() => new PhysicalMemory(PAGE_SIZE + 1)).toThrow(RangeError);
    expect(() => new PhysicalMemory(0)).toThrow(RangeError);
    expect(new PhysicalMemory(4 * PAGE_SIZE).size).toBe(4 * PAGE_SIZE);
  });
  it('reads and writes little-endian values of every width, at any alignment', () => {
    const mem = new PhysicalMemory(PAGE_SIZE);
    mem.write64(3, 0x0807060504030201n);
    expect(mem.read8(3)).toBe(1);
    expect(mem.read16(4)).toBe(0x0302);
    expect(mem.read32(5)).toBe(0x06050403);
    expect(mem.read64(3)).toBe(0x0807060504030201n);
    mem.write32(100, -1);
    expect(mem.read32(100)).toBe(0xffffffff);
    mem.write64(200, -2n);
    expect(mem.read64(200)).toBe(0xfffffffffffffffen);
  });
  it('throws RangeError outside [0, size)', () => {
    const mem = new PhysicalMemory(PAGE_SIZE);
    expect(() => mem.read8(PAGE_SIZE)).toThrow(RangeError);
    expect(() => mem.read64(PAGE_SIZE - 4)).toThrow(RangeError);
    expect(() => mem.write8(-1, 0)).toThrow(RangeError);
    expect(() => mem.readBytes(10, PAGE_SIZE)).toThrow(RangeError);
  });
  it('readBytes returns a copy; writeBytes, fill and copy move bytes', () => {
    const mem = new PhysicalMemory(2 * PAGE_SIZE);
    mem.writeBytes(10, Uint8Array.from([1, 2, 3, 4]));
    const copy = mem.readBytes(10, 4);
    copy[0] = 99;
    expect(mem.read8(10)).toBe(1);
    mem.copy(PAGE_SIZE, 10, 4);
    expect([...mem.readBytes(PAGE_SIZE, 4)]).toEqual([1, 2, 3, 4]);
    mem.fill(PAGE_SIZE + 1, 2, 0xab);
    expect([...mem.readBytes(PAGE_SIZE, 4)]).toEqual([1, 0xab, 0xab, 4]);
  });
});

describe('Sv39 helpers', () => {
  it('makePte/ptePpn/pteFlags round-trip', () => {
    const pte = makePte(0x12345, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    expect(ptePpn(pte)).toBe(0x12345);
    expect(pteFlags(pte)).toBe(PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    expect(pte).toBe((0x12345n << 10n) | 0xd7n);
  });
  it('makeSatp puts MODE=8 in bits 63:60 and the root PPN in bits 43:0', () => {
    const satp = makeSatp(0x80, 3);
    expect(satp >> 60n).toBe(BigInt(SATP_MODE_SV39));
    expect(satpMode(satp)).toBe(8);
    expect(satpPpn(satp)).toBe(0x80);
    expect((satp >> 44n) & 0xffffn).toBe(3n);
  });
  it('vpn extracts the three 9-bit fields, for sign-extended addresses too', () => {
    const va = (5 * 2 ** 30) + (7 * 2 ** 21) + (9 * 2 ** 12) + 0x123;
    expect([vpn(va, 2), vpn(va, 1), vpn(va, 0)]).toEqual([5, 7, 9]);
    expect([vpn(-4096, 2), vpn(-4096, 1), vpn(-4096, 0)]).toEqual([511, 511, 511]);
  });
  it('isCanonicalSv39 accepts [-2^38, 2^38) only', () => {
    expect(isCanonicalSv39(0)).toBe(true);
    expect(isCanonicalSv39(2 ** 38 - 1)).toBe(true);
    expect(isCanonicalSv39(2 ** 38)).toBe(false);
    expect(isCanonicalSv39(-(2 ** 38))).toBe(true);
    expect(isCanonicalSv39(-(2 ** 38) - 1)).toBe(false);
  });
  it('walkForInspection finds leaves without setting A/D, and reports superpage levels', () => {
    const m = new Machine();
    m.map(0x20000, USER_RW);
    const before = m.mem.read64(m.pteAddr(0x20000));
    const found = walkForInspection(m.mem, m.rootPpn, 0x20abc);
    expect(found).toEqual({ pte: before, level: 0, pteAddr: m.pteAddr(0x20000) });
    expect(m.mem.read64(m.pteAddr(0x20000))).toBe(before);
    expect(walkForInspection(m.mem, m.rootPpn, 0x50000)).toBeUndefined();
    m.mem.write64(m.pteAddr(0x40000000, 1), makePte(0x200, PTE_V | PTE_R | PTE_X | PTE_U));
    expect(walkForInspection(m.mem, m.rootPpn, 0x40001000)?.level).toBe(1);
    expect(walkForInspection(m.mem, m.rootPpn, 2 ** 40)).toBeUndefined();
  });
});
