import {
  PAGE_SIZE, PTE_A, PTE_D, PTE_PPN_BITS, PTE_PPN_SHIFT, PTE_R, PTE_SIZE, PTE_U, PTE_V, PTE_W, PTE_X, SV39_LEVELS, SV39_VA_BITS,
  VPN_BITS, levelPageSize, pteFlags, pteIsLeaf, ptePpn, type PteReader,
} from '../emu/sv39';
import type { AccessKind } from './api';
import type { Kernel } from './kernel';
import { PTE_PROT_NONE } from './pagetable';

/**
 * The Sv39 address-translation algorithm of the RISC-V privileged spec (section 4.3.2 "Virtual
 * Address Translation Process", with the Sv39 parameters of 4.4: LEVELS = 3, PTESIZE = 8,
 * PAGESIZE = 4096), written out step by step for a debugger to show. Read-only: it reads PTEs
 * and nothing else: no A/D update, no TLB fill, no fault raised.
 *
 *   va  = | VPN[2] | VPN[1] | VPN[0] | offset |      a = satp.PPN * PAGESIZE; i = 2
 *   step 2: pte = mem[a + VPN[i] * 8]                (beyond RAM: access fault)
 *   step 3: V = 0, or W = 1 with R = 0, or reserved bits 63:54 set: page fault
 *   step 4: R = 0 and X = 0: pointer; i = i - 1 (i < 0: page fault); a = pte.PPN * PAGESIZE
 *   step 5: leaf: permission check against the access (U-mode, MXR = 0)
 *   step 6: i > 0 and pte.PPN[i-1:0] != 0: misaligned superpage, page fault
 *   step 7: A = 0, or a store with D = 0: the MMU would set them (hardware A/D update)
 *   step 8: pa = pte.PPN[2:i] . VPN[i-1:0] . offset  (a 2^(12+9i)-byte page)
 */

/** Why a walk stops without a physical address. */
export type WalkFailure =
  | 'non-canonical'        // bits 63:39 of va differ from bit 38 (4.4.1): page fault before the walk
  | 'access-fault'         // the PTE's address lies beyond physical memory (step 2, PMA check)
  | 'invalid'              // V = 0 (step 3)
  | 'reserved-w'           // W = 1 with R = 0, a reserved encoding (step 3)
  | 'reserved-bits'        // PTE bits 63:54 not zero (step 3; no Svnapot/Svpbmt)
  | 'no-leaf'              // a pointer PTE at level 0 (step 4, i < 0)
  | 'misaligned-superpage' // superpage whose PPN low fields are not zero (step 6)
  | 'permission';          // the leaf denies the access asked about (step 5)

/** One level of a walk: which table was read and what its entry said (privileged spec 4.3.2 steps 2-4). */
export interface WalkStep {
  /** Sv39 level of the table read: 2 (root), 1, 0. */
  level: number;
  /** Physical byte address of the table page (a in the spec). */
  tablePa: number;
  /** VPN[level] of the address: the index of the entry read, 0..511. */
  index: number;
  /** Physical byte address of the PTE (a + VPN[level] * PTESIZE). */
  ptePa: number;
  /** The 64-bit PTE as read. */
  pte: bigint;
  /** Its low 8 flag bits (PTE_V ... PTE_D). */
  flags: number;
  /** Its PPN field: the next table (pointer) or the mapped frame (leaf). */
  ppn: number;
  /** What the entry is: a pointer to the next level, a leaf, or an entry that ends the walk. */
  kind: 'pointer' | 'leaf' | 'invalid';
}

/** What explainWalk found: every level read, then the translation or the failure. */
export interface WalkExplanation {
  va: bigint;
  /** VPN[2], VPN[1], VPN[0] of the address (present even when it is not canonical: bits 38..12). */
  vpn: [number, number, number];
  /** Page offset (bits 11..0). */
  offset: number;
  steps: WalkStep[];
  /** Present on success: physical byte address and the size of the page that maps it. */
  pa?: number;
  pageSize?: number;
  /** Present on failure: the level it stopped at (-1: before reading any PTE), why, and in words. */
  failure?: { level: number; reason: WalkFailure; message: string };
  /**
   * Notes a student should see: A/D bits the MMU would set on this access, a PROT_NONE page
   * (Glasskernel's software bit: resident but inaccessible), a leaf without U.
   */
  notes: string[];
}

const RESERVED_MASK = ((1n << 10n) - 1n) << BigInt(PTE_PPN_SHIFT + PTE_PPN_BITS); // bits 63:54
const PERMISSION: Record<AccessKind, number> = { read: PTE_R, write: PTE_W, execute: PTE_X };
const PERMISSION_LETTER: Record<AccessKind, string> = { read: 'R', write: 'W', execute: 'X' };

/** VPN[level] of a 64-bit virtual address. */
function vpnOf(va: bigint, level: number): number {
  return Number((va >> BigInt(12 + VPN_BITS * level)) & 0x1ffn);
}

/** "4 KiB", "2 MiB", "1 GiB": the page size of a leaf at `level`. */
export function pageSizeName(level: number): string {
  return ['4 KiB page', '2 MiB megapage', '1 GiB gigapage'][level] ?? `level-${level} page`;
}

/**
 * Walks the Sv39 tree rooted at physical page `rootPpn` for the 64-bit virtual address `va`
 * (unsigned, as the hart holds it), as the privileged spec's algorithm does (see the header),
 * recording every PTE read. With `access`, the leaf's permissions are checked as for a U-mode
 * access (the only mode Glasskernel's hart runs). Never changes memory and never throws.
 */
export function explainWalk(mem: PteReader, rootPpn: number, va: bigint, access?: AccessKind): WalkExplanation {
  va = BigInt.asUintN(64, va);
  const out: WalkExplanation = {
    va, vpn: [vpnOf(va, 0), vpnOf(va, 1), vpnOf(va, 2)], offset: Number(va & BigInt(PAGE_SIZE - 1)), steps: [], notes: [],
  };
  const fail = (level: number, reason: WalkFailure, message: string): WalkExplanation => {
    out.failure = { level, reason, message };
    return out;
  };
  const top = va >> BigInt(SV39_VA_BITS - 1); // bits 63..38: all zeros or all ones
  if (top !== 0n && top !== (1n << BigInt(64 - SV39_VA_BITS + 1)) - 1n) {
    return fail(-1, 'non-canonical', 'bits 63:39 of the address must all equal bit 38 (Sv39): page fault before any PTE is read');
  }
  let table = rootPpn * PAGE_SIZE;
  for (let level = SV39_LEVELS - 1; level >= 0; level--) {
    const index = vpnOf(va, level);
    const ptePa = table + index * PTE_SIZE;
    if (ptePa + PTE_SIZE > mem.size) return fail(level, 'access-fault', `the level-${level} table at 0x${table.toString(16)} lies beyond physical memory: access fault`);
    const pte = mem.read64(ptePa);
    const flags = pteFlags(pte);
    const step: WalkStep = { level, tablePa: table, index, ptePa, pte, flags: flags & 0xff, ppn: ptePpn(pte), kind: 'invalid' };
    out.steps.push(step);
    if (!(flags & PTE_V)) {
      if (flags & PTE_PROT_NONE) out.notes.push('PROT_NONE page: resident (the PTE keeps its frame) but V is clear, so every access faults');
      return fail(level, 'invalid', `PTE ${index} of the level-${level} table has V = 0: page fault`);
    }
    if ((flags & PTE_W) && !(flags & PTE_R)) return fail(level, 'reserved-w', `PTE ${index} of the level-${level} table has W = 1 with R = 0, a reserved encoding: page fault`);
    if (pte & RESERVED_MASK) return fail(level, 'reserved-bits', `PTE ${index} of the level-${level} table has reserved bits 63:54 set: page fault`);
    if (!pteIsLeaf(flags)) {
      step.kind = 'pointer';
      if (level === 0) return fail(0, 'no-leaf', `PTE ${index} of the level-0 table points to another table, but there is no level below 0: page fault`);
      table = step.ppn * PAGE_SIZE;
      continue;
    }
    step.kind = 'leaf';
    return finishLeaf(out, step, access, fail);
  }
  return out; // unreachable: level 0 always returns
}

/** Steps 5-8 of the algorithm for the leaf `step`. */
function finishLeaf(out: WalkExplanation, step: WalkStep, access: AccessKind | undefined,
  fail: (level: number, reason: WalkFailure, message: string) => WalkExplanation): WalkExplanation {
  const { level, flags } = step;
  if (!(flags & PTE_U)) out.notes.push('U = 0: a supervisor page, so a user-mode access page-faults');
  if (access !== undefined && (!(flags & PTE_U) || !(flags & PERMISSION[access]))) {
    const why = !(flags & PTE_U) ? 'U = 0' : `${PERMISSION_LETTER[access]} = 0`;
    return fail(level, 'permission', `the leaf at level ${level} does not allow a user ${access} (${why}): page fault`);
  }
  const levelPages = 2 ** (VPN_BITS * level);
  if (step.ppn % levelPages !== 0) {
    return fail(level, 'misaligned-superpage', `a ${pageSizeName(level)} whose PPN 0x${step.ppn.toString(16)} is not a multiple of ${levelPages}: page fault`);
  }
  if (access !== undefined && !(flags & PTE_A)) out.notes.push('A = 0: the MMU would set A on this access');
  if (access === 'write' && !(flags & PTE_D)) out.notes.push('D = 0: the MMU would set D on this store');
  const size = levelPageSize(level);
  const within = Number(out.va % BigInt(size));
  out.pa = step.ppn * PAGE_SIZE + within;
  out.pageSize = size;
  return out;
}

/**
 * explainWalk over process `pid`'s page table (root = its satp.PPN). Undefined for no such
 * live process (zombies have no page table).
 */
export function pageWalk(k: Kernel, pid: number, va: bigint, access?: AccessKind): WalkExplanation | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  return explainWalk(k.mem, p.mm.pt.rootPpn, va, access);
}
