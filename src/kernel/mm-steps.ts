/**
 * The steppable stages of Mm (Linux mm/vma.c, mm/mmap.c, mm/mprotect.c, mm/memory.c) that change
 * the VMA list and the page table of a range: __split_vma, vma_merge, do_vmi_munmap,
 * zap_pte_range, the VMA walk of mprotect and mprotect_fixup, and fork's dup_mmap /
 * copy_page_range. Each takes the address space it works on; Mm's methods of the same names
 * (and its plain splitAt, mergeRange, unmapRange, zapRange, mprotect, fork) run them.
 */
import { PTE_A, PTE_D, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import { EACCES, ENOMEM } from './errno';
import { Mm } from './mm';
import { call, pause, type Steps } from './steps/path';
import { VM_EXEC, VM_READ, VM_WRITE, canMerge, permsOf, vmaText, vmaView, type Vma } from './vma';

/** The vm_flags bits mprotect(2) sets (the rest of a VMA's flags stay). */
const VM_PROT_MASK = VM_READ | VM_WRITE | VM_EXEC;

/** What clearing the PTEs of a range did: present pages unmapped, frames freed (their last reference dropped). */
export interface ZapCounts {
  pages: number;
  framesFreed: number;
}

/**
 * Linux __split_vma as a steppable stage (steps/path.ts): when a VMA straddles `addr`, its
 * upper part [addr, end) becomes a new VMA right after it, with its own reference on the
 * backing object, and the VMA keeps [start, addr). Pauses before the split (the VMA and
 * where) and after it (both halves).
 */
export function* splitVma(mm: Mm, addr: number): Steps<void> {
  const v = mm.find(addr);
  if (!v || v.start === addr) return;
  yield pause('split.vma', { vma: vmaView(v), facts: { vmaBefore: vmaText(v), splitAt: BigInt(addr) } });
  const upper = v.slice(addr, v.end);
  mm.acquire(upper);
  v.end = addr;
  mm.vmas.splice(mm.vmas.indexOf(v) + 1, 0, upper);
  yield pause('split.done', { vma: vmaView(v), facts: { lower: vmaText(v), upper: vmaText(upper) } });
}

/**
 * Mm.mergeRange as a steppable stage (Linux vma_merge): pauses before each merge with the
 * lower VMA (which grows over the upper one) and the upper one (which goes, dropping its
 * reference on the backing object). No pause when nothing merges.
 */
export function* vmaMerge(mm: Mm, start: number, end: number): Steps<void> {
  for (let i = mm.vmas.length - 1; i > 0; i--) {
    const a = mm.vmas[i - 1];
    const b = mm.vmas[i];
    if (b.start < start || b.start > end || !canMerge(a, b)) continue;
    yield pause('merge.vma', { vma: vmaView(a), facts: { next: vmaText(b), mergedEnd: BigInt(b.end) } });
    a.end = b.end;
    mm.vmas.splice(i, 1);
    mm.releaseBacking(b);
  }
}

/**
 * Mm.unmapRange as a steppable stage (Linux do_vmi_align_munmap): __split_vma at each end, the
 * VMAs inside detached from the list, their present PTEs cleared one VMA at a time
 * (zapPteRange), one TLB flush, then each detached VMA removed (remove_vma: dirty shared file
 * pages written back, the reference on its backing object dropped). Pauses once per VMA.
 */
export function* doVmiMunmap(mm: Mm, start: number, end: number): Steps<void> {
  if (!(end > start)) return;
  yield* call('munmap.call_split_start', 'splitVma', splitVma(mm, start));
  yield* call('munmap.call_split_end', 'splitVma', splitVma(mm, end));
  const gone = mm.vmas.filter((v) => v.start >= start && v.end <= end);
  yield pause('munmap.detach', { vma: vmaView(gone[0]), facts: { vmasDetached: gone.length, start: BigInt(start), end: BigInt(end) } });
  // Leaf PTEs exist only inside VMAs: with none here, nothing is mapped.
  if (gone.length === 0) return;
  mm.vmas.splice(mm.vmas.indexOf(gone[0]), gone.length);
  const cleared: ZapCounts = { pages: 0, framesFreed: 0 };
  for (const v of gone) {
    const n = yield* call('munmap.call_zap', 'zapPteRange', zapPteRange(mm, v, v.start, v.end));
    cleared.pages += n.pages;
    cleared.framesFreed += n.framesFreed;
  }
  yield pause('munmap.flush', { facts: { pagesUnmapped: cleared.pages, framesFreed: cleared.framesFreed } });
  if (cleared.pages > 0) mm.ctx.flushTlb('munmap');
  for (const v of gone) {
    const writeback = v.backing !== undefined && v.isShared;
    yield pause('munmap.remove_vma', { vma: vmaView(v), facts: v.shared ? { writeback, sharedUsers: v.shared.users } : { writeback } });
    if (writeback) mm.ctx.pageCache.writeback(v.backing!);
    mm.releaseBacking(v);
  }
}

/**
 * Clears every present PTE of [start, end) (Linux zap_pte_range; `vma` is the VMA the range
 * lies in, undefined for a range across VMAs), dropping each mapping's frame reference: a
 * frame whose last reference that was is freed. Pauses once, before, with the first present
 * page's PTE, frame and reference count. No TLB flush: the caller flushes once.
 */
export function* zapPteRange(mm: Mm, vma: Vma | undefined, start: number, end: number): Steps<ZapCounts> {
  const { frames } = mm.ctx;
  const pages: number[] = [];
  mm.pt.forEachLeaf(start, end, (va) => pages.push(va));
  const pte = pages.length > 0 ? mm.pt.lookup(pages[0]) : undefined;
  const frame = pte !== undefined ? ptePpn(pte) : undefined;
  yield pause('zap.ptes', {
    vma: vmaView(vma), page: pages[0], pteBefore: pte, oldFrame: frame,
    refCount: frame !== undefined ? frames.refCount(frame) : undefined, facts: { ptesPresent: pages.length },
  });
  let framesFreed = 0;
  for (const va of pages) {
    const ppn = ptePpn(mm.pt.take(va));
    if (frames.refCount(ppn) === 1) framesFreed++;
    frames.put(ppn);
  }
  return { pages: pages.length, framesFreed };
}

/**
 * Mm.mprotect as a steppable stage (the VMA walk of Linux do_mprotect_pkey): the checks, a
 * __split_vma at each end, mprotectFixup on every VMA of the range, vma_merge, one TLB flush.
 */
export function* mprotectRange(mm: Mm, start: number, end: number, vmFlags: number): Steps<number> {
  const inRange = (): Vma[] => mm.vmas.filter((v) => v.start < end && v.end > start);
  const covered = mm.isCovered(start, end);
  const readOnlyFile = covered && (vmFlags & VM_WRITE) !== 0 && inRange().some((v) => !v.mayWrite);
  yield pause('mprotect.check', { facts: { start: BigInt(start), end: BigInt(end), newPerms: permsOf(vmFlags), covered, readOnlyFile } });
  if (!covered) return -ENOMEM;
  if (readOnlyFile) return -EACCES;
  yield* call('mprotect.call_split_start', 'splitVma', splitVma(mm, start));
  yield* call('mprotect.call_split_end', 'splitVma', splitVma(mm, end));
  let ptesChanged = 0;
  for (const v of inRange()) ptesChanged += yield* call('mprotect.call_fixup', 'mprotectFixup', mprotectFixup(mm, v, vmFlags));
  yield* call('mprotect.call_merge', 'vmaMerge', vmaMerge(mm, start, end));
  yield pause('mprotect.flush', { facts: { ptesChanged } });
  mm.ctx.flushTlb('mprotect');
  return 0;
}

/**
 * Gives VMA `v` the protection `vmFlags` (VM_READ/WRITE/EXEC; Linux mprotect_fixup after the
 * splits): the VMA's flags, then every present PTE of it (change_protection; PTE_W is kept
 * only where it was, PTE_A/PTE_D are kept). Returns the number of PTEs rewritten.
 */
export function* mprotectFixup(mm: Mm, v: Vma, vmFlags: number): Steps<number> {
  const newFlags = (v.flags & ~VM_PROT_MASK) | vmFlags;
  yield pause('mprotect.vma_flags', { vma: vmaView(v), facts: { oldPerms: v.perms, newPerms: permsOf(newFlags) } });
  v.flags = newFlags;
  yield pause('mprotect.change_ptes', { vma: vmaView(v), page: v.start, pteBefore: mm.pt.lookup(v.start) });
  let n = 0;
  mm.pt.forEachLeaf(v.start, v.end, (va, pte) => {
    const old = pteFlags(pte);
    mm.pt.setFlags(va, v.pteFlags((old & PTE_W) !== 0) | (old & (PTE_A | PTE_D)));
    n++;
  });
  return n;
}

/**
 * Mm.fork's copy as a steppable path (Linux dup_mmap): a pause once the child's empty address
 * space exists, then ONE pause per VMA, after its pages were copied (copy_page_range: pages
 * the child now maps, each frame's reference count raised by one, and how many private
 * writable pages were write-protected in the parent), and one before the TLB flush.
 */
export function* dupMmap(mm: Mm): Steps<Mm | undefined> {
  const child = Mm.create(mm.ctx, mm);
  yield pause('dup_mmap.create', { facts: { vmas: mm.vmas.length, decision: child ? 'empty address space made' : '-ENOMEM' } });
  if (!child) return undefined;
  child.startBrk = mm.startBrk;
  child.brk = mm.brk;
  child.mmapBase = mm.mmapBase;
  child.startStack = mm.startStack;
  let ok = true;
  for (const v of mm.vmas) {
    const copy = v.slice(v.start, v.end);
    mm.acquire(copy);
    child.vmas.push(copy);
    if (!ok) continue;
    const done = copyPageRange(mm, child, v);
    ok = done.ok;
    yield pause('dup_mmap.vma', { vma: vmaView(v), facts: {
      pages: done.pages, refsRaised: done.pages, writeProtected: done.writeProtected,
      decision: v.isShared ? 'shared: stays writable' : 'private: copy-on-write',
    } });
  }
  yield pause('dup_mmap.flush', { facts: { decision: ok ? 'copied' : '-ENOMEM: free the partial copy' } });
  mm.ctx.flushTlb('fork');
  if (!ok) { child.release(); return undefined; }
  return child;
}

/**
 * Linux copy_page_range for VMA `v` into `child`: maps each present page of `v` to the same
 * frame (one more reference); a private writable page loses PTE_W in the parent first, so the
 * first write on either side faults. `ok` false when a child table page could not be allocated.
 */
function copyPageRange(mm: Mm, child: Mm, v: Vma): { ok: boolean; pages: number; writeProtected: number } {
  let ok = true;
  let pages = 0;
  let writeProtected = 0;
  mm.pt.forEachLeaf(v.start, v.end, (va, pte) => {
    if (!ok) return;
    const ppn = ptePpn(pte);
    let flags = pteFlags(pte);
    if (!v.isShared && (flags & PTE_W)) {
      flags &= ~PTE_W;
      mm.pt.setFlags(va, flags);
      writeProtected++;
    }
    mm.ctx.frames.get(ppn);
    if (!child.pt.map(va, ppn, flags)) { mm.ctx.frames.put(ppn); ok = false; return; }
    pages++;
  });
  return { ok, pages, writeProtected };
}
