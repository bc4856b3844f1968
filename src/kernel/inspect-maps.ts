import { PAGE_SIZE, PTE_V, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import type { VmaRole } from './api';
import type { Kernel } from './kernel';
import { TASK_SIZE } from './layout';
import type { Mm } from './mm';
import type { Process } from './process';
import { REG_SP } from './abi';
import { VM_EXEC, VM_READ, VM_WRITE, type Vma } from './vma';

/**
 * The Memory Map view's facts, read-only: what each VMA is for a student (vmaRole), and the
 * resident pages of a virtual range with their frames, reference counts and the other
 * processes mapping the same frames (vmaPages). Page tables are read without setting A/D
 * bits, nothing is faulted in.
 */

/** What vmaRole says about one VMA: its role, and for a thread stack the thread. */
export interface VmaRoleInfo {
  role: VmaRole;
  tid?: number;
}

/** The stack pointer of every live thread of a process using `mm` (threads and CLONE_VM children), by tid. */
function stackPointers(k: Kernel, mm: Mm): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of k.threadsById.values()) {
    if (t.state === 'dead' || t.process.zombie || t.process.mm !== mm) continue;
    const sp = t === k.current ? k.hart.getX(REG_SP) : t.ctx.x[REG_SP];
    out.set(t.tid, Number(BigInt.asUintN(64, sp)));
  }
  return out;
}

/** Role of an ELF segment's file pages by permission: executable, read-only or writable data. */
function segmentRole(v: Vma): VmaRole {
  if (v.flags & VM_EXEC) return 'text';
  return v.flags & VM_WRITE ? 'data' : 'rodata';
}

/**
 * The role of every VMA of process `p`, in `p.mm.vmas` order (see VmaRole in api.ts). A .bss
 * area is private anonymous memory that starts where an ELF segment's file pages end (the
 * loader maps it so, and it stays .bss when a thread runs on a static array there); a thread
 * stack is other anonymous memory holding a live thread's sp.
 */
export function vmaRoles(k: Kernel, p: Process): VmaRoleInfo[] {
  const sps = stackPointers(k, p.mm);
  const vmas = p.mm.vmas;
  return vmas.map((v, i): VmaRoleInfo => {
    switch (v.kind) {
      case 'heap': return { role: 'heap' };
      case 'stack': return { role: 'stack' };
      case 'vdso': return { role: 'vdso' };
      case 'file':
        if (v.file) return { role: segmentRole(v) };
        return { role: v.isShared ? 'shared-file' : 'file' };
      default: break;
    }
    if (v.shared) return { role: 'shared-anon' };
    if (!(v.flags & (VM_READ | VM_WRITE | VM_EXEC))) return { role: 'guard' };
    // .bss first: a thread may run on a static array there, the area stays the program's .bss
    const below = vmas[i - 1];
    if (below && below.end === v.start && below.file && !v.backing) return { role: 'bss' };
    for (const [tid, sp] of sps) if (sp >= v.start && sp <= v.end) return { role: 'thread-stack', tid };
    return { role: 'anon' };
  });
}

/** Another process mapping a listed frame, at virtual byte address `va`. */
export interface FrameSharer {
  pid: number;
  va: number;
}

/** One resident page of a range (a present leaf PTE: valid, or resident behind PROT_NONE). */
export interface VmaPage {
  /** Virtual byte address of the page. */
  va: number;
  /** Physical page number of its frame. */
  ppn: number;
  /** The leaf PTE as read. */
  pte: bigint;
  /** Its low 8 flag bits (PTE_V ... PTE_D). */
  flags: number;
  /** The frame's reference count (frames.ts: each mapping and the page cache hold one). */
  refCount: number;
  /** The frame is a page-cache page of a file (one of refCount is the cache's). */
  pageCache: boolean;
  /**
   * Copy-on-write pending: the VMA allows writes and is private but the PTE has no W, so the
   * first store faults and the kernel copies the page (or, at reference count 1, reuses it).
   */
  cow: boolean;
  /** Other processes whose page tables map the same frame, by pid then address. */
  sharedWith: FrameSharer[];
}

/** What vmaPages returns. */
export interface VmaPages {
  /** Resident pages in the range, all of them. */
  resident: number;
  /** The first `max` of them, in address order. */
  pages: VmaPage[];
  /** Resident pages not listed (resident - pages.length). */
  more: number;
}

/** Frames of the page cache (any cached file). */
function pageCacheFrames(k: Kernel, wanted: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (const f of k.mmCtx.pageCache.cachedFiles()) for (const ppn of f.pages.values()) if (wanted.has(ppn)) out.add(ppn);
  return out;
}

/**
 * Who else maps the frames in `wanted`: every other live process's present leaves (one walk
 * per address space, O(its mapped pages)), by frame.
 */
function sharers(k: Kernel, self: Process, wanted: ReadonlySet<number>): Map<number, FrameSharer[]> {
  const out = new Map<number, FrameSharer[]>();
  const leaves = new Map<Mm, Array<[number, number]>>();
  for (const q of [...k.procs.values()].sort((a, b) => a.pid - b.pid)) {
    if (q === self || q.zombie) continue;
    let list = leaves.get(q.mm);
    if (!list) {
      const found: Array<[number, number]> = [];
      q.mm.pt.forEachLeaf(0, TASK_SIZE, (va, pte) => { if (wanted.has(ptePpn(pte))) found.push([ptePpn(pte), va]); });
      leaves.set(q.mm, found);
      list = found;
    }
    for (const [ppn, va] of list) {
      const entry = out.get(ppn);
      if (entry) entry.push({ pid: q.pid, va }); else out.set(ppn, [{ pid: q.pid, va }]);
    }
  }
  return out;
}

/**
 * The resident pages of process `pid` in [start, end) (virtual bytes, clipped to the user
 * address space), the first `max` listed with frame, flags, reference count, copy-on-write
 * state and the other processes mapping the frame. Undefined for no such live process.
 * Read-only; cost O(resident pages in the range + mapped pages of the other processes).
 */
export function vmaPages(k: Kernel, pid: number, start: number, end: number, max: number): VmaPages | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  const lo = Math.max(0, Math.floor(start / PAGE_SIZE) * PAGE_SIZE);
  const hi = Math.min(TASK_SIZE, end);
  const pages: VmaPage[] = [];
  let resident = 0;
  p.mm.pt.forEachLeaf(lo, hi, (va, pte) => {
    resident++;
    if (pages.length >= max) return;
    const flags = pteFlags(pte) & 0xff;
    const vma = p.mm.find(va);
    const cow = !!vma && (flags & PTE_V) !== 0 && !(flags & PTE_W) && (vma.flags & VM_WRITE) !== 0 && !vma.isShared;
    pages.push({ va, ppn: ptePpn(pte), pte, flags, refCount: k.frames.refCount(ptePpn(pte)), pageCache: false, cow, sharedWith: [] });
  });
  const wanted = new Set(pages.map((pg) => pg.ppn));
  const cached = pageCacheFrames(k, wanted);
  const others = sharers(k, p, wanted);
  for (const pg of pages) {
    pg.pageCache = cached.has(pg.ppn);
    pg.sharedWith = others.get(pg.ppn) ?? [];
  }
  return { resident, pages, more: resident - pages.length };
}

/**
 * The frame behind virtual page `va` of process `pid` and its PAGE_SIZE bytes, for a hex dump:
 * any present leaf (PROT_NONE and execute-only pages too, as the kernel sees them). Undefined
 * for no such live process or no resident page there. Read-only.
 */
export function pageBytes(k: Kernel, pid: number, va: number): { va: number; ppn: number; bytes: Uint8Array } | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie || !(va >= 0 && va < TASK_SIZE)) return undefined;
  const page = Math.floor(va / PAGE_SIZE) * PAGE_SIZE;
  let found: { va: number; ppn: number; bytes: Uint8Array } | undefined;
  p.mm.pt.forEachLeaf(page, page + PAGE_SIZE, (at, pte) => {
    // a superpage leaf reports its base: the frame of `page` lies further in
    const ppn = ptePpn(pte) + (page - at) / PAGE_SIZE;
    found = { va: page, ppn, bytes: k.mem.readBytes(ppn * PAGE_SIZE, PAGE_SIZE) };
  });
  return found;
}
