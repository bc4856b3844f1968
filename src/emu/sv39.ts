/**
 * Sv39 constants and helpers.
 * Source: RISC-V Privileged Architecture, section 4.4 "Sv39: Page-Based 39-bit Virtual-Memory
 * System" and section 4.1.11 "Supervisor Address Translation and Protection (satp) Register".
 *
 * Virtual address (39 bits, bits 63..39 must equal bit 38):
 *
 *   38        30 29        21 20        12 11            0
 *  +------------+------------+------------+---------------+
 *  |   VPN[2]   |   VPN[1]   |   VPN[0]   |  page offset  |
 *  +------------+------------+------------+---------------+
 *
 * Page table entry (64 bits):
 *
 *   63    54 53                         10 9   8 7 6 5 4 3 2 1 0
 *  +--------+-----------------------------+-----+-+-+-+-+-+-+-+-+
 *  |reserved|  PPN[2] | PPN[1] | PPN[0]   | RSW |D|A|G|U|X|W|R|V|
 *  +--------+-----------------------------+-----+-+-+-+-+-+-+-+-+
 *
 * Addresses are JavaScript numbers: virtual addresses in [-2^38, 2^38) (the sign-extended,
 * canonical form), physical addresses in [0, memory size).
 */

/** Bytes in a base page (4 KiB). */
export const PAGE_SIZE = 4096;
/** log2(PAGE_SIZE). */
export const PAGE_SHIFT = 12;
/** Bytes in one page table entry. */
export const PTE_SIZE = 8;
/** Entries in one page table page (PAGE_SIZE / PTE_SIZE). */
export const PTES_PER_TABLE = 512;
/** Levels of the Sv39 radix tree; the root is level SV39_LEVELS - 1 = 2. */
export const SV39_LEVELS = 3;
/** Bits of virtual address translated by Sv39. */
export const SV39_VA_BITS = 39;
/** Bits of one VPN field. */
export const VPN_BITS = 9;

/** PTE flag bits (the low 8 bits of a PTE), as numbers. Privileged spec 4.4.1 / figure "Sv39 PTE". */
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
/** The two bits reserved for supervisor software (RSW), bits 9:8. */
export const PTE_RSW_SHIFT = 8;
/** Bits of a PTE below the PPN (flags + RSW). */
export const PTE_PPN_SHIFT = 10;
/** Width of the PTE's PPN field (bits 53:10). */
export const PTE_PPN_BITS = 44;

/** satp.MODE value selecting Sv39 (privileged spec 4.1.11, table "encoding of satp MODE field"). */
export const SATP_MODE_SV39 = 8;
/** satp.MODE value for Bare (no translation). */
export const SATP_MODE_BARE = 0;
const SATP_MODE_SHIFT = 60n;
const SATP_ASID_SHIFT = 44n;
const SATP_ASID_MASK = (1n << 16n) - 1n;
const SATP_PPN_MASK = (1n << 44n) - 1n;
const PTE_PPN_MASK = (1n << BigInt(PTE_PPN_BITS)) - 1n;

/**
 * Builds an Sv39 satp value: MODE=8, ASID, root page table PPN (physical page number, not
 * byte address). Privileged spec 4.1.11.
 */
export function makeSatp(rootPpn: number, asid = 0): bigint {
  return (BigInt(SATP_MODE_SV39) << SATP_MODE_SHIFT) |
    ((BigInt(asid) & SATP_ASID_MASK) << SATP_ASID_SHIFT) |
    (BigInt(rootPpn) & SATP_PPN_MASK);
}

/** satp.MODE field (0 = Bare, 8 = Sv39). */
export function satpMode(satp: bigint): number {
  return Number((satp >> SATP_MODE_SHIFT) & 0xfn);
}

/** satp.PPN field: physical page number of the root page table. */
export function satpPpn(satp: bigint): number {
  return Number(satp & SATP_PPN_MASK);
}

/** satp.ASID field. */
export function satpAsid(satp: bigint): number {
  return Number((satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK);
}

/** Low 10 bits of a PTE: the V/R/W/X/U/G/A/D flags plus RSW. */
export function pteFlags(pte: bigint): number {
  return Number(pte & 0x3ffn);
}

/** PPN field of a PTE (bits 53:10) as a physical page number. */
export function ptePpn(pte: bigint): number {
  return Number((pte >> BigInt(PTE_PPN_SHIFT)) & PTE_PPN_MASK);
}

/** Builds a PTE from a physical page number and flag bits (PTE_* ORed, may include RSW bits). */
export function makePte(ppn: number, flags: number): bigint {
  return ((BigInt(ppn) & PTE_PPN_MASK) << BigInt(PTE_PPN_SHIFT)) | BigInt(flags & 0x3ff);
}

/** True when a valid PTE is a leaf (has R or X set), false when it points to the next level. */
export function pteIsLeaf(flags: number): boolean {
  return (flags & (PTE_R | PTE_X)) !== 0;
}

/**
 * VPN[level] of a virtual address (level 0..2; 2 indexes the root table).
 * `va` may be given in sign-extended (negative) or unsigned form; only bits 38..12 are used.
 */
export function vpn(va: number, level: number): number {
  const pageNumber = Math.floor(va / PAGE_SIZE);
  const shifted = Math.floor(pageNumber / 2 ** (VPN_BITS * level));
  return ((shifted % PTES_PER_TABLE) + PTES_PER_TABLE) % PTES_PER_TABLE;
}

/** Bytes mapped by one leaf PTE at `level` (0: 4 KiB, 1: 2 MiB, 2: 1 GiB). */
export function levelPageSize(level: number): number {
  return PAGE_SIZE * 2 ** (VPN_BITS * level);
}

/**
 * True when `va` is a canonical Sv39 address, given as a JavaScript number in the
 * sign-extended form this emulator uses: -2^38 <= va < 2^38, an integer.
 * (Privileged spec 4.4.1: bits 63..39 must all equal bit 38.)
 */
export function isCanonicalSv39(va: number): boolean {
  return Number.isInteger(va) && va >= -(2 ** (SV39_VA_BITS - 1)) && va < 2 ** (SV39_VA_BITS - 1);
}

/** What a read-only walk found: the leaf PTE, its level (0 = 4 KiB page) and its physical address. */
export interface InspectedPte {
  pte: bigint;
  level: number;
  pteAddr: number;
}

/** The only memory access an inspection walk needs. */
export interface PteReader {
  readonly size: number;
  read64(pa: number): bigint;
}

/**
 * Walks the Sv39 tree rooted at physical page `rootPpn` for virtual address `va`, for display
 * and for the kernel's own lookups. Side-effect free: sets no A/D bits and raises no fault.
 *
 * Returns the valid leaf PTE that maps `va` (any level; check `level` for superpages and
 * `pteFlags` for permissions), or `undefined` when `va` is not canonical, a PTE on the path is
 * invalid (V clear, or W set without R), a table pointer lies outside physical memory, or the
 * walk runs out of levels without reaching a leaf. Misaligned superpages are returned as found
 * (the MMU would fault on them); the caller can check `ptePpn` alignment.
 */
export function walkForInspection(mem: PteReader, rootPpn: number, va: number): InspectedPte | undefined {
  if (!isCanonicalSv39(va)) return undefined;
  let tablePpn = rootPpn;
  for (let level = SV39_LEVELS - 1; level >= 0; level--) {
    const pteAddr = tablePpn * PAGE_SIZE + vpn(va, level) * PTE_SIZE;
    if (pteAddr + PTE_SIZE > mem.size) return undefined;
    const pte = mem.read64(pteAddr);
    const flags = pteFlags(pte);
    if ((flags & PTE_V) === 0 || ((flags & PTE_W) !== 0 && (flags & PTE_R) === 0)) return undefined;
    if (pteIsLeaf(flags)) return { pte, level, pteAddr };
    tablePpn = ptePpn(pte);
  }
  return undefined;
}
