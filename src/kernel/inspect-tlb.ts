/**
 * The hart's software TLB as the debugger shows it (src/emu/mmu.ts): the cached translations,
 * merged per virtual page over the three direct-mapped arrays (fetch, load, store), the walk
 * and flush counters, and the last flushes with their reasons. Read-only: no entry is filled,
 * evicted or counted by looking.
 */
import type { Hart } from '../emu/hart';
import { Access, TLB_ENTRIES, TLB_INVALID, type TlbFlushRecord } from '../emu/mmu';
import { PAGE_SIZE, SATP_MODE_SV39, satpAsid, satpMode, satpPpn } from '../emu/sv39';
import type { Kernel } from './kernel';

export type { TlbFlushRecord } from '../emu/mmu';

/** One cached translation of a 4 KiB virtual page (a megapage or gigapage is cached per 4 KiB page). */
export interface TlbEntryInfo {
  /** Virtual byte address of the page (sign-extended form, as the hart holds it). */
  va: number;
  /** Physical byte address of the frame it maps to. */
  pa: number;
  /** Which of the three TLBs hold it: instruction fetch, load, store (a store entry exists only once the PTE's D bit is set). */
  fetch: boolean;
  load: boolean;
  store: boolean;
}

/** Counters of the TLB since the hart was built (the debugger subtracts the values it saw at the last resume). */
export interface TlbCounters {
  /** Page walks that filled an entry (misses), per access kind. */
  walks: { fetch: number; load: number; store: number };
  /** Flushes: satp writes and sfence.vma. */
  flushes: number;
}

/** The whole TLB view. */
export interface TlbInfo extends TlbCounters {
  /** satp as loaded: every entry belongs to this address space (each satp write flushes the TLB). */
  satp: bigint;
  /** satp.MODE is Sv39 (else Bare: no translation, nothing cached). */
  sv39: boolean;
  /** satp.PPN: physical page number of the root page table. */
  rootPpn: number;
  /** satp.ASID; entries carry no ASID tag (not needed: a satp write flushes everything). */
  asid: number;
  /** Live processes whose address space is in satp (several after vfork or CLONE_VM). */
  pids: number[];
  /** Entries per access kind (each TLB is direct-mapped, indexed by the low bits of the virtual page number). */
  entriesPerKind: number;
  /** The cached translations, by virtual address. */
  entries: TlbEntryInfo[];
  /** The last flushes, oldest first. */
  recentFlushes: TlbFlushRecord[];
  /** Instructions retired so far (the clock of `recentFlushes[].instret`). */
  instret: number;
}

const KINDS: ReadonlyArray<[Access, 'fetch' | 'load' | 'store']> = [[Access.Fetch, 'fetch'], [Access.Load, 'load'], [Access.Store, 'store']];

/** The walk and flush counters of `hart`'s TLB (cheap: no entry is read). */
export function tlbCounters(hart: Hart): TlbCounters {
  const w = hart.mmu.walks;
  return { walks: { fetch: w[Access.Fetch], load: w[Access.Load], store: w[Access.Store] }, flushes: hart.mmu.flushCount };
}

/** The valid entries of `hart`'s three TLBs, one per (virtual page, frame), sorted by virtual address. */
export function tlbEntries(hart: Hart): TlbEntryInfo[] {
  const byVpn = new Map<number, TlbEntryInfo[]>();
  for (const [access, name] of KINDS) {
    const tags = hart.mmu.tags[access];
    const bases = hart.mmu.bases[access];
    for (let i = 0; i < TLB_ENTRIES; i++) {
      const vpn = tags[i];
      if (vpn === TLB_INVALID) continue;
      const pa = bases[i];
      const same = byVpn.get(vpn) ?? [];
      let entry = same.find((e) => e.pa === pa);
      if (!entry) {
        entry = { va: vpn * PAGE_SIZE, pa, fetch: false, load: false, store: false };
        same.push(entry);
        byVpn.set(vpn, same);
      }
      entry[name] = true;
    }
  }
  return [...byVpn.values()].flat().sort((a, b) => a.va - b.va || a.pa - b.pa);
}

/** The TLB view of kernel `k` (see the header). */
export function tlbInfo(k: Kernel): TlbInfo {
  const hart = k.hart;
  const satp = hart.satp;
  const pids = [...k.procs.values()].filter((p) => !p.zombie && p.mm.satp === satp).map((p) => p.pid).sort((a, b) => a - b);
  return {
    ...tlbCounters(hart),
    satp,
    sv39: satpMode(satp) === SATP_MODE_SV39,
    rootPpn: satpPpn(satp),
    asid: satpAsid(satp),
    pids,
    entriesPerKind: TLB_ENTRIES,
    entries: tlbEntries(hart),
    recentFlushes: hart.mmu.recentFlushes(),
    instret: hart.instret,
  };
}
