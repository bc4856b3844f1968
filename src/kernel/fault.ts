import { PAGE_SIZE, PTE_A, PTE_D, PTE_V, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import type { AccessKind, FaultDecision } from './api';
import { STACK_GUARD_GAP_BYTES, STACK_LIMIT_BYTES, pageDown } from './layout';
import type { Mm } from './mm';
import { ptePresent } from './pagetable';
import { call, pause, runToEnd, type Steps } from './steps/path';
import { VM_EXEC, VM_GROWSDOWN, VM_READ, VM_WRITE, type Vma } from './vma';

/** Result of one page fault: what the kernel decided and the VMA involved (its display name). */
export interface FaultResult {
  decision: FaultDecision;
  vma?: Vma;
}

/**
 * Resolves a user page fault at virtual address `va` for an `access` (Linux handle_mm_fault,
 * reached from do_page_fault after find_vma). In order:
 *  1. no VMA covers `va`: grow a VM_GROWSDOWN stack down to it when it lies within the stack
 *     limit and above the guard gap, else 'segv';
 *  2. the VMA forbids the access: 'segv';
 *  3. a present page written without PTE_W in a writable VMA: in a shared mapping the page is
 *     made writable in place ('shared'; a file page becomes dirty); in a private one
 *     copy-on-write is broken — 'cow-reuse' (the frame has one holder: made writable in place)
 *     or 'cow-copy' (private copy);
 *  4. a present page that already allows the access: 'spurious' (resolved meanwhile);
 *  5. an absent page: 'file' (read from the file or ELF image), 'shared' (found in the page
 *     cache or shared object), 'demand-zero', or 'sigbus' for a file page wholly past the end
 *     of the file (mmap(2): SIGBUS).
 * 'oom' when a frame is needed and none can be found, even after the OOM killer ran (nothing is
 * changed then). Runs the steppable path `mmFaultPath` to its end with no pause.
 */
export function handleMmFault(mm: Mm, va: number, access: AccessKind): FaultResult {
  return runToEnd(mmFaultPath(mm, va, access));
}

/** handleMmFault as a steppable path (steps/path.ts): pauses at each statement that decides or changes something. */
export function* mmFaultPath(mm: Mm, va: number, access: AccessKind): Steps<FaultResult> {
  let vma = mm.find(va);
  yield pause('fault.find_vma', { address: va, access, vma: vmaView(vma) });
  let grew = false;
  if (!vma) {
    vma = yield* call('fault.call_grow_stack', 'growStack', growStack(mm, va));
    if (!vma) return { decision: 'segv' };
    grew = true;
  }
  const allowed = accessAllowed(vma, access);
  yield pause('fault.access_check', { access, vma: vmaView(vma), allowed });
  if (!allowed) return { decision: 'segv', vma };
  const page = pageDown(va);
  const pte = mm.pt.lookup(page);
  if (ptePresent(pte)) {
    if (!(pteFlags(pte) & PTE_V)) {
      // A PROT_NONE entry in a VMA that now allows the access (mprotect raced): restore it.
      yield pause('fault.prot_none_restore', { page, pteBefore: pte });
      mm.pt.setFlags(page, vma.pteFlags(false) | (pteFlags(pte) & (PTE_A | PTE_D)));
      mm.ctx.flushTlb('PROT_NONE restore');
      return yield* call('fault.call_retry', 'handleMmFault', mmFaultPath(mm, va, access));
    }
    if (access === 'write' && !(pteFlags(pte) & PTE_W)) {
      return { decision: yield* call('fault.call_break_cow', 'breakCow', breakCow(mm, vma, page, pte)), vma };
    }
    yield pause('fault.spurious', { page, pteBefore: pte, decision: 'spurious' });
    mm.ctx.flushTlb('spurious fault');
    return { decision: 'spurious', vma };
  }
  const decision = yield* call('fault.call_fill_page', 'fillPage', fillPage(mm, vma, page, access));
  return { decision: grew && decision === 'demand-zero' ? 'stack-grow' : decision, vma };
}

/** The VMA as a pause shows it (`/proc/<pid>/maps` terms), or undefined. */
function vmaView(vma: Vma | undefined): { start: number; end: number; perms: string; name: string } | undefined {
  return vma && { start: vma.start, end: vma.end, perms: vma.perms, name: vma.name };
}

/** True when the VMA's protection allows `access` (RISC-V: no implicit read of execute-only pages). */
export function accessAllowed(vma: Vma, access: AccessKind): boolean {
  const need = access === 'write' ? VM_WRITE : access === 'execute' ? VM_EXEC : VM_READ;
  return (vma.flags & need) !== 0;
}

/**
 * Extends the grows-down VMA just above `va` so it covers `va`'s page (Linux expand_stack),
 * when the new size stays within STACK_LIMIT_BYTES and the VMA below keeps its guard gap.
 */
function* growStack(mm: Mm, va: number): Steps<Vma | undefined> {
  const growth = stackGrowth(mm, va);
  if (!growth) return undefined;
  const { stack, newStart } = growth;
  yield pause('stack.grow', { address: va, vma: vmaView(stack), oldStart: stack.start, newStart });
  stack.start = newStart;
  return stack;
}

/**
 * Whether the grows-down VMA just above `va` may extend down to `va`'s page (expand_stack's
 * checks: STACK_LIMIT_BYTES, the guard gap to the VMA below): the stack and its new start
 * (a page-aligned virtual address), or undefined. Changes nothing.
 */
export function stackGrowth(mm: Mm, va: number): { stack: Vma; newStart: number } | undefined {
  const stack = mm.findAbove(va);
  if (!stack || !(stack.flags & VM_GROWSDOWN)) return undefined;
  const newStart = pageDown(va);
  if (stack.end - newStart > STACK_LIMIT_BYTES) return undefined;
  const below = mm.prev(stack);
  if (below && newStart - below.end < STACK_GUARD_GAP_BYTES) return undefined;
  return { stack, newStart };
}

/**
 * Breaks copy-on-write sharing of the present page at `page` (Linux do_wp_page / wp_page_copy).
 * A shared mapping writes its frame in place (a shared file page becomes dirty); a private
 * one reuses a frame it alone holds, else copies it.
 */
function* breakCow(mm: Mm, vma: Vma, page: number, pte: bigint): Steps<FaultDecision> {
  const { frames, mem } = mm.ctx;
  const old = ptePpn(pte);
  const flags = vma.pteFlags(true);
  const refCount = frames.refCount(old);
  yield pause('cow.refcount', { page, pteBefore: pte, oldFrame: old, refCount });
  if (vma.isShared || refCount === 1) {
    const decision: FaultDecision = vma.isShared ? 'shared' : 'cow-reuse';
    if (vma.isShared && vma.backing) mm.ctx.pageCache.markDirty(vma.backing, fileIndex(vma, page));
    yield pause('cow.reuse', { page, pteBefore: pte, oldFrame: old, refCount, decision });
    mm.pt.setFlags(page, flags | (pteFlags(pte) & (PTE_A | PTE_D)));
    yield pause('cow.reuse_flush', { page, pteAfter: mm.pt.lookup(page), decision });
    mm.ctx.flushTlb('cow-reuse');
    return decision;
  }
  const copy = mm.allocFrame('cow');
  if (copy === undefined) return 'oom';
  yield pause('cow.copy', { page, oldFrame: old, newFrame: copy, refCount: frames.refCount(old), decision: 'cow-copy' });
  mem.copy(copy * PAGE_SIZE, old * PAGE_SIZE, PAGE_SIZE);
  yield pause('cow.pte_install', { page, pteBefore: pte, oldFrame: old, newFrame: copy });
  mm.pt.replace(page, copy, flags);
  yield pause('cow.put_old', { page, pteAfter: mm.pt.lookup(page), oldFrame: old, newFrame: copy, refCount: frames.refCount(old) });
  frames.put(old);
  yield pause('cow.flush', { page, pteAfter: mm.pt.lookup(page), oldFrame: old, refCount: frames.refCount(old), decision: 'cow-copy' });
  mm.ctx.flushTlb('cow-copy');
  return 'cow-copy';
}

/** Page index in the file of the mapped file page at `page` (VMA with `backing`). */
export function fileIndex(vma: Vma, page: number): number {
  return (vma.fileOffset + (page - vma.start)) / PAGE_SIZE;
}

/** Maps `ppn` (one reference already held for the mapping) or gives the reference back: 'oom' on failure. */
function* install(mm: Mm, page: number, ppn: number, flags: number, decision: FaultDecision): Steps<FaultDecision> {
  yield pause('fault.pte_install', { page, pteBefore: mm.pt.lookup(page), newFrame: ppn, refCount: mm.ctx.frames.refCount(ppn), decision });
  if (mm.pt.map(page, ppn, flags)) {
    yield pause('fault.pte_installed', { page, pteAfter: mm.pt.lookup(page), newFrame: ppn, decision });
    return decision;
  }
  mm.ctx.frames.put(ppn);
  return 'oom';
}

/** Maps a frame for the absent page at `page`: vDSO, ELF segment, page cache, shared object, or zeroed. */
function* fillPage(mm: Mm, vma: Vma, page: number, access: AccessKind): Steps<FaultDecision> {
  const { frames } = mm.ctx;
  if (vma.kind === 'vdso') {
    const ppn = mm.ctx.vdsoPpn;
    if (ppn === undefined) return 'segv';
    frames.get(ppn);
    return yield* call('fill.call_install_vdso', 'install', install(mm, page, ppn, vma.pteFlags(false), 'file'));
  }
  if (vma.backing && vma.file) return yield* call('fill.call_elf_page', 'fillElfPage', fillElfPage(mm, vma, page, access));
  if (vma.backing) {
    const pastEnd = fileIndex(vma, page) * PAGE_SIZE >= vma.backing.size();
    yield pause('fill.file_size_check', { page, access, decision: pastEnd ? 'sigbus' : undefined });
    if (pastEnd) return 'sigbus';
    return yield* call('fill.call_file_page', 'fillFilePage', fillFilePage(mm, vma, page, access));
  }
  if (vma.shared) {
    const index = vma.pgoff + (page - vma.start) / PAGE_SIZE;
    let ppn = vma.shared.pages.get(index);
    const fresh = ppn === undefined;
    if (fresh) {
      ppn = mm.allocFrame('page-fault');
      if (ppn === undefined) return 'oom';
      vma.shared.pages.set(index, ppn);
    }
    yield pause('fill.shared_object', { page, newFrame: ppn, refCount: frames.refCount(ppn!), decision: fresh ? 'demand-zero' : 'shared' });
    frames.get(ppn!);
    return yield* call('fill.call_install_shared', 'install', install(mm, page, ppn!, vma.pteFlags(true), fresh ? 'demand-zero' : 'shared'));
  }
  const ppn = mm.allocFrame('page-fault');
  if (ppn === undefined) return 'oom';
  yield pause('fill.demand_zero', { page, newFrame: ppn, refCount: frames.refCount(ppn), decision: 'demand-zero' });
  return yield* call('fill.call_install_zero', 'install', install(mm, page, ppn, vma.pteFlags(true), 'demand-zero'));
}

/**
 * A page of an ELF segment (binfmt_elf's private file mapping of the executable). A page wholly
 * below `fileEnd` is a private file page (fillFilePage): every process running the binary maps
 * the page cache's frame, read-only, and a write copies it. The page holding `fileEnd` (the
 * .bss tail of the segment's last file page, which Linux clears with padzero) and any page past
 * it are private from the start: the file's bytes below `fileEnd`, zeros above, mapped with the
 * VMA's permissions ('file'). No SIGBUS: the loader checked that segments lie in the file.
 */
function* fillElfPage(mm: Mm, vma: Vma, page: number, access: AccessKind): Steps<FaultDecision> {
  if (page + PAGE_SIZE <= vma.fileEnd) return yield* call('elf.call_file_page', 'fillFilePage', fillFilePage(mm, vma, page, access));
  const bytes = Math.max(0, vma.fileEnd - page);
  let cached: number | undefined;
  if (bytes > 0) {
    cached = mm.ctx.pageCache.page(vma.backing!, fileIndex(vma, page), () => mm.allocFrame('page-cache'))?.ppn;
    if (cached === undefined) return 'oom';
  }
  const ppn = mm.allocFrame('page-fault');
  if (ppn === undefined) return 'oom';
  yield pause('elf.bss_page', { page, oldFrame: cached, newFrame: ppn, decision: 'file' });
  if (cached !== undefined) mm.ctx.mem.copy(ppn * PAGE_SIZE, cached * PAGE_SIZE, bytes);
  return yield* call('elf.call_install', 'install', install(mm, page, ppn, vma.pteFlags(true), 'file'));
}

/**
 * A page of an mmap'ed file or an ELF segment (Linux filemap_fault): the page cache's frame,
 * mapped directly — writable at once only for a write to a shared mapping (which marks it
 * dirty); a private mapping maps it read-only and copies on its first write (for a write fault,
 * right away). 'file' when the page was read from the file now, 'shared' when it was cached.
 */
function* fillFilePage(mm: Mm, vma: Vma, page: number, access: AccessKind): Steps<FaultDecision> {
  const backing = vma.backing!;
  const index = fileIndex(vma, page);
  const cached = mm.ctx.pageCache.page(backing, index, () => mm.allocFrame('page-cache'));
  if (!cached) return 'oom';
  const decision: FaultDecision = cached.fresh ? 'file' : 'shared';
  yield pause('file.page_cache', { page, access, oldFrame: cached.ppn, refCount: mm.ctx.frames.refCount(cached.ppn), decision });
  if (vma.isShared) {
    if (access === 'write') mm.ctx.pageCache.markDirty(backing, index);
    mm.ctx.frames.get(cached.ppn);
    return yield* call('file.call_install_shared', 'install', install(mm, page, cached.ppn, vma.pteFlags(access === 'write'), decision));
  }
  if (access !== 'write') {
    mm.ctx.frames.get(cached.ppn);
    return yield* call('file.call_install_read', 'install', install(mm, page, cached.ppn, vma.pteFlags(false), decision));
  }
  const copy = mm.allocFrame('cow');
  if (copy === undefined) return 'oom';
  yield pause('file.private_copy', { page, oldFrame: cached.ppn, newFrame: copy, decision: 'cow-copy' });
  mm.ctx.mem.copy(copy * PAGE_SIZE, cached.ppn * PAGE_SIZE, PAGE_SIZE);
  return yield* call('file.call_install_copy', 'install', install(mm, page, copy, vma.pteFlags(true), 'cow-copy'));
}
