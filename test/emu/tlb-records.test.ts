/**
 * What the software TLB records for the debugger's TLB view (src/emu/mmu.ts): page walks that
 * fill an entry, per access kind (hits are not counted), and the last flushes in a fixed ring
 * with their kind, reason and instruction count.
 */
import { describe, expect, it } from 'vitest';
import { Access, TLB_FLUSH_HISTORY } from '../../src/emu/mmu';
import { WATCHPOINTS_FLUSH_CAUSE } from '../../src/emu/hart';
import { makeSatp } from '../../src/emu/sv39';
import { Machine, R, USER_RW, ins, program } from './machine';

const CODE = 0x10000;
const DATA = 0x20000;

/** A machine whose code loads from, then stores to, a1 three times and ecalls. */
function loadsAndStores(): Machine {
  const m = new Machine();
  const ld = ins('ld', { rd: R.a0, rs1: R.a1, imm: 0 });
  const sd = ins('sd', { rs2: R.a0, rs1: R.a1, imm: 8 });
  m.loadCode(CODE, program([ld, sd, ld, sd, ld, sd, ins('ecall')]));
  m.map(DATA, USER_RW);
  m.hart.setX(R.a1, BigInt(DATA));
  return m;
}

describe('TLB records', () => {
  it('counts a walk per access kind when it fills an entry, not the hits after it', () => {
    const m = loadsAndStores();
    const walks = m.hart.mmu.walks;
    expect([...walks]).toEqual([0, 0, 0]);
    m.hart.engine = 'interpreter';
    m.hart.run(100);
    // one load walk and one store walk (the store's walk sets D); the other five accesses hit.
    expect(walks[Access.Load]).toBe(1);
    expect(walks[Access.Store]).toBe(1);
    expect(walks[Access.Fetch]).toBeGreaterThanOrEqual(1);
    m.hart.flushTlb('munmap');
    m.hart.pc = CODE;
    m.hart.run(100);
    expect(walks[Access.Load]).toBe(2);
    expect(walks[Access.Store]).toBe(2);
  });

  it('keeps the last flushes, oldest first, with kind, reason and the instructions retired then', () => {
    const m = loadsAndStores();
    const mmu = m.hart.mmu;
    const before = mmu.flushCount; // the Machine's satp write
    expect(mmu.recentFlushes()).toEqual([{ kind: 'satp', cause: '', instret: 0 }]);
    m.hart.run(3);
    m.hart.flushTlb('cow-copy');
    m.hart.setSatp(makeSatp(m.rootPpn), 'context switch');
    m.hart.setWatchList(undefined);
    expect(mmu.flushCount).toBe(before + 3);
    expect(mmu.recentFlushes().slice(-3)).toEqual([
      { kind: 'sfence.vma', cause: 'cow-copy', instret: 3 },
      { kind: 'satp', cause: 'context switch', instret: 3 },
      { kind: 'sfence.vma', cause: WATCHPOINTS_FLUSH_CAUSE, instret: 3 },
    ]);
    for (let i = 0; i < 2 * TLB_FLUSH_HISTORY; i++) m.hart.flushTlb(i % 2 ? 'mprotect' : 'munmap');
    const last = mmu.recentFlushes();
    expect(last).toHaveLength(TLB_FLUSH_HISTORY);
    expect(last.map((f) => f.cause)).toEqual(Array.from({ length: TLB_FLUSH_HISTORY }, (_, i) => (i % 2 ? 'mprotect' : 'munmap')));
    expect(mmu.flushCount).toBe(before + 3 + 2 * TLB_FLUSH_HISTORY);
  });

  it('a flush empties every entry whatever its reason', () => {
    const m = loadsAndStores();
    m.hart.run(100);
    expect(m.hart.mmu.tags[Access.Load].some((t) => t === DATA / 4096)).toBe(true);
    m.hart.flushTlb('fork');
    expect(m.hart.mmu.tags.every((tags) => !tags.includes(DATA / 4096))).toBe(true);
  });
});
