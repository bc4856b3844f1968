import { PAGE_SIZE, PTES_PER_TABLE, PTE_SIZE, PTE_V, SV39_LEVELS, levelPageSize, pteFlags, pteIsLeaf, ptePpn } from '../emu/sv39';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import { ptePresent } from './pagetable';

/**
 * The physical-memory picture for the debugger: what every frame of guest RAM is used for,
 * how many holders it has and who maps it. Read-only, and computed from the kernel's own
 * structures rather than by scanning memory: the frame allocator's reference counts (one pass
 * over the frames), each address space's page-table tree (table pages and present leaves),
 * the page cache's files and the shared anonymous objects. Cost O(frames + table pages * 512),
 * i.e. O(frames + mapped pages): a few milliseconds for 1 GiB of RAM.
 */

/**
 * What a frame holds. `anon`: user anonymous memory (private pages, copy-on-write copies,
 * shared anonymous objects); `file`: a page-cache page of a mapped file; `page-table`: an Sv39
 * table page of some address space; `vdso`: the kernel's signal-trampoline frame; `kernel`:
 * held by the kernel for anything else (frame 0, reserved at boot so a zero PTE names no
 * frame; a frame a paused kernel path has allocated but not yet mapped).
 */
export type FrameUse = 'free' | 'anon' | 'file' | 'page-table' | 'vdso' | 'kernel';

/** One holder of a frame: a process, and for a mapped frame the virtual page (byte address) it is mapped at. */
export interface FrameOwner {
  pid: number;
  /** Virtual byte address of the page mapping the frame; absent for page-table pages. */
  va?: number;
}

/**
 * A run of `count` consecutive frames from physical page `ppn` with the same use, reference
 * count and owners, where owner `{ pid, va }` maps frame `ppn + i` at `va + i * PAGE_SIZE`.
 */
export interface FrameRun {
  ppn: number;
  count: number;
  use: FrameUse;
  /** Reference count of each frame (the allocator's: page cache and every PTE hold one each). */
  refs: number;
  /** Processes whose page tables map (or are made of) these frames, by pid then address. */
  owners: FrameOwner[];
}

/** Every frame of guest RAM, as runs in physical order. */
export interface FrameMap {
  totalFrames: number;
  inUse: number;
  /** Frames per use (sums to totalFrames). */
  byUse: Record<FrameUse, number>;
  runs: FrameRun[];
}

const USES: readonly FrameUse[] = ['free', 'anon', 'file', 'page-table', 'vdso', 'kernel'];
const enum Code { Unknown = 0, Anon = 1, File = 2, PageTable = 3, Vdso = 4 }
const CODE_USE: readonly FrameUse[] = ['kernel', 'anon', 'file', 'page-table', 'vdso'];

/** What one address space's tree holds: its table pages and its present leaves (frame, virtual page). */
interface MmFrames {
  tables: number[];
  leafPpns: number[];
  leafVas: number[];
}

/** Collects the table pages and present leaves (PROT_NONE ones too) of `mm`'s Sv39 tree. */
function collectMm(k: Kernel, mm: Mm, total: number): MmFrames {
  const out: MmFrames = { tables: [], leafPpns: [], leafVas: [] };
  const visit = (table: number, level: number, base: number): void => {
    out.tables.push(table);
    const span = levelPageSize(level);
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const pte = k.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
      const flags = pteFlags(pte);
      const va = base + i * span;
      if (level === 0) {
        if (ptePresent(pte)) { out.leafPpns.push(ptePpn(pte)); out.leafVas.push(va); }
      } else if (flags & PTE_V) {
        const ppn = ptePpn(pte);
        if (!pteIsLeaf(flags)) { if (ppn < total) visit(ppn, level - 1, va); continue; }
        // a superpage (the kernel maps none, but show one as the frames it covers)
        for (let j = 0; j < span / PAGE_SIZE && ppn + j < total; j++) { out.leafPpns.push(ppn + j); out.leafVas.push(va + j * PAGE_SIZE); }
      }
    }
  };
  visit(mm.pt.rootPpn, SV39_LEVELS - 1, 0);
  return out;
}

/** The frame map of the whole machine (see the header). Changes nothing. */
export function frameMap(k: Kernel): FrameMap {
  const total = k.frames.total;
  const code = new Uint8Array(total);
  const owners = new Map<number, FrameOwner[]>();
  const own = (ppn: number, owner: FrameOwner): void => {
    const list = owners.get(ppn);
    if (list) list.push(owner); else owners.set(ppn, [owner]);
  };
  const mark = (ppn: number, c: Code): void => { if (ppn < total && code[ppn] === Code.Unknown) code[ppn] = c; };

  if (k.mmCtx.vdsoPpn !== undefined) mark(k.mmCtx.vdsoPpn, Code.Vdso);
  for (const f of k.mmCtx.pageCache.cachedFiles()) for (const ppn of f.pages.values()) mark(ppn, Code.File);
  const seen = new Map<Mm, MmFrames>();
  for (const p of [...k.procs.values()].sort((a, b) => a.pid - b.pid)) {
    if (p.zombie) continue;
    let m = seen.get(p.mm);
    if (!m) {
      m = collectMm(k, p.mm, total);
      seen.set(p.mm, m);
      for (const v of p.mm.vmas) if (v.shared) for (const ppn of v.shared.pages.values()) mark(ppn, Code.Anon);
    }
    for (const t of m.tables) { mark(t, Code.PageTable); own(t, { pid: p.pid }); }
    for (let i = 0; i < m.leafPpns.length; i++) { mark(m.leafPpns[i], Code.Anon); own(m.leafPpns[i], { pid: p.pid, va: m.leafVas[i] }); }
  }
  for (const list of owners.values()) list.sort((a, b) => a.pid - b.pid || (a.va ?? 0) - (b.va ?? 0));
  return buildRuns(k, total, code, owners);
}

/** True when frame `ppn`'s owners continue `run`'s (same pids, each virtual page one further on). */
function continues(run: FrameRun, next: FrameOwner[] | undefined): boolean {
  const list = next ?? [];
  if (list.length !== run.owners.length) return false;
  for (let i = 0; i < list.length; i++) {
    const a = run.owners[i], b = list[i];
    if (a.pid !== b.pid) return false;
    if ((a.va === undefined) !== (b.va === undefined)) return false;
    if (a.va !== undefined && b.va !== a.va + run.count * PAGE_SIZE) return false;
  }
  return true;
}

function buildRuns(k: Kernel, total: number, code: Uint8Array, owners: Map<number, FrameOwner[]>): FrameMap {
  const byUse = Object.fromEntries(USES.map((u) => [u, 0])) as Record<FrameUse, number>;
  const runs: FrameRun[] = [];
  let last: FrameRun | undefined;
  for (let ppn = 0; ppn < total; ppn++) {
    const refs = k.frames.refCount(ppn);
    const use: FrameUse = refs === 0 ? 'free' : CODE_USE[code[ppn]];
    byUse[use]++;
    const list = owners.get(ppn);
    if (last && last.use === use && last.refs === refs && continues(last, list)) { last.count++; continue; }
    last = { ppn, count: 1, use, refs, owners: list ?? [] };
    runs.push(last);
  }
  return { totalFrames: total, inUse: k.frames.inUse, byUse, runs };
}
