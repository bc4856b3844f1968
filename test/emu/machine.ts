import { encodeByName } from '../../src/isa/encode';
import type { InstrFields } from '../../src/isa/types';
import { Hart } from '../../src/emu/hart';
import { PhysicalMemory } from '../../src/emu/memory';
import {
  PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_SIZE, PTE_U, PTE_V, PTE_W, PTE_X, makePte, makeSatp, ptePpn, pteFlags, vpn,
} from '../../src/emu/sv39';

/** ABI register numbers used by tests. */
export const R = { zero: 0, ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9, a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17 } as const;

/** Encodes one instruction by mnemonic; throws in tests when the fields do not fit. */
export function ins(mnemonic: string, fields: Partial<InstrFields> = {}): number {
  const bits = encodeByName(mnemonic, fields);
  if (bits === undefined) throw new Error(`cannot encode ${mnemonic} ${JSON.stringify(fields)}`);
  return bits;
}

/** Little-endian bytes of a list of instructions (16-bit ones for c.* rows). */
export function program(list: number[], lengths?: number[]): Uint8Array {
  const bytes: number[] = [];
  list.forEach((bits, i) => {
    const len = lengths?.[i] ?? ((bits & 3) === 3 ? 4 : 2);
    for (let b = 0; b < len; b++) bytes.push((bits >>> (8 * b)) & 0xff);
  });
  return Uint8Array.from(bytes);
}

export const USER_RWX = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U;
export const USER_RX = PTE_V | PTE_R | PTE_X | PTE_U;
export const USER_RW = PTE_V | PTE_R | PTE_W | PTE_U;
export const USER_R = PTE_V | PTE_R | PTE_U;

/**
 * A test machine: RAM, a hart in Sv39, a bump frame allocator, and helpers to map 4 KiB pages
 * (or superpages) by writing real page tables.
 */
export class Machine {
  readonly mem: PhysicalMemory;
  readonly hart: Hart;
  readonly rootPpn: number;
  private nextPpn = 1;

  constructor(sizeBytes = 8 * 1024 * 1024) {
    this.mem = new PhysicalMemory(sizeBytes);
    this.hart = new Hart(this.mem);
    this.rootPpn = this.allocFrame();
    this.hart.satp = makeSatp(this.rootPpn);
  }

  allocFrame(): number {
    const ppn = this.nextPpn++;
    this.mem.fill(ppn * PAGE_SIZE, PAGE_SIZE, 0);
    return ppn;
  }

  /** Address of the leaf PTE slot for va at `leafLevel`, creating intermediate tables. */
  pteAddr(va: number, leafLevel = 0): number {
    let table = this.rootPpn;
    for (let level = 2; level > leafLevel; level--) {
      const addr = table * PAGE_SIZE + vpn(va, level) * PTE_SIZE;
      let pte = this.mem.read64(addr);
      if ((pteFlags(pte) & PTE_V) === 0) {
        pte = makePte(this.allocFrame(), PTE_V);
        this.mem.write64(addr, pte);
      }
      table = ptePpn(pte);
    }
    return table * PAGE_SIZE + vpn(va, leafLevel) * PTE_SIZE;
  }

  /** Maps the 4 KiB page at va to a fresh frame (or `ppn`) with `flags`; returns the ppn. */
  map(va: number, flags: number, ppn = this.allocFrame()): number {
    this.mem.write64(this.pteAddr(va), makePte(ppn, flags));
    return ppn;
  }

  /** Physical address backing va (4 KiB mappings made by `map`). */
  pa(va: number): number {
    const pte = this.mem.read64(this.pteAddr(va));
    return ptePpn(pte) * PAGE_SIZE + (va % PAGE_SIZE);
  }

  /** Maps enough pages at `va` for `code` and copies it there. */
  loadCode(va: number, code: Uint8Array, flags = USER_RX | PTE_A): void {
    for (let off = 0; off < code.length; off += PAGE_SIZE) this.map(va + off, flags);
    for (let i = 0; i < code.length; i++) this.mem.write8(this.pa(va + i), code[i]);
    this.hart.pc = va;
  }

  pteFlagsAt(va: number): number {
    return pteFlags(this.mem.read64(this.pteAddr(va)));
  }
}

export { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X };
