import { PAGE_SIZE, PTE_V, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import type { AccessKind, FaultDecision } from './api';
import { STACK_GUARD_GAP_BYTES, STACK_LIMIT_BYTES, pageDown } from './layout';
import type { Mm } from './mm';
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
 *  3. a present page written without PTE_W in a writable VMA: copy-on-write break — 'cow-reuse'
 *     (the frame has one holder: made writable in place) or 'cow-copy' (private copy);
 *  4. a present page that already allows the access: 'spurious' (resolved meanwhile);
 *  5. an absent page: 'file' (filled from the file image) or 'demand-zero'.
 * 'oom' when a frame is needed and none is free (nothing is changed then).
 */
export function handleMmFault(mm: Mm, va: number, access: AccessKind): FaultResult {
  let vma = mm.find(va);
  let grew = false;
  if (!vma) {
    vma = growStack(mm, va);
    if (!vma) return { decision: 'segv' };
    grew = true;
  }
  if (!accessAllowed(vma, access)) return { decision: 'segv', vma };
  const page = pageDown(va);
  const pte = mm.pt.lookup(page);
  if (pteFlags(pte) & PTE_V) {
    if (access === 'write' && !(pteFlags(pte) & PTE_W)) return { decision: breakCow(mm, vma, page, pte), vma };
    mm.ctx.flushTlb();
    return { decision: 'spurious', vma };
  }
  const decision = fillPage(mm, vma, page);
  return { decision: grew && decision === 'demand-zero' ? 'stack-grow' : decision, vma };
}

/** True when the VMA's protection allows `access` (RISC-V: no implicit read of execute-only pages). */
function accessAllowed(vma: Vma, access: AccessKind): boolean {
  const need = access === 'write' ? VM_WRITE : access === 'execute' ? VM_EXEC : VM_READ;
  return (vma.flags & need) !== 0;
}

/**
 * Extends the grows-down VMA just above `va` so it covers `va`'s page (Linux expand_stack),
 * when the new size stays within STACK_LIMIT_BYTES and the VMA below keeps its guard gap.
 */
function growStack(mm: Mm, va: number): Vma | undefined {
  const stack = mm.findAbove(va);
  if (!stack || !(stack.flags & VM_GROWSDOWN)) return undefined;
  const newStart = pageDown(va);
  if (stack.end - newStart > STACK_LIMIT_BYTES) return undefined;
  const below = mm.prev(stack);
  if (below && newStart - below.end < STACK_GUARD_GAP_BYTES) return undefined;
  stack.start = newStart;
  return stack;
}

/** Breaks copy-on-write sharing of the present page at `page` (Linux do_wp_page / wp_page_copy). */
function breakCow(mm: Mm, vma: Vma, page: number, pte: bigint): FaultDecision {
  const { frames, mem } = mm.ctx;
  const old = ptePpn(pte);
  const flags = vma.pteFlags(true);
  if (vma.isShared || frames.refCount(old) === 1) {
    mm.pt.setFlags(page, flags | (pteFlags(pte) & ~PTE_W));
    mm.ctx.flushTlb();
    return 'cow-reuse';
  }
  const copy = frames.alloc();
  if (copy === undefined) return 'oom';
  mem.copy(copy * PAGE_SIZE, old * PAGE_SIZE, PAGE_SIZE);
  mm.pt.replace(page, copy, flags);
  frames.put(old);
  mm.ctx.flushTlb();
  return 'cow-copy';
}

/** Maps a frame for the absent page at `page`: from the shared object, the file, or zeroed. */
function fillPage(mm: Mm, vma: Vma, page: number): FaultDecision {
  const { frames, mem } = mm.ctx;
  if (vma.shared) {
    const index = vma.pgoff + (page - vma.start) / PAGE_SIZE;
    let ppn = vma.shared.pages.get(index);
    const fresh = ppn === undefined;
    if (fresh) {
      ppn = frames.alloc();
      if (ppn === undefined) return 'oom';
      vma.shared.pages.set(index, ppn);
    }
    frames.get(ppn!);
    if (!mm.pt.map(page, ppn!, vma.pteFlags(true))) { frames.put(ppn!); return 'oom'; }
    return fresh ? 'demand-zero' : 'shared';
  }
  const ppn = frames.alloc();
  if (ppn === undefined) return 'oom';
  let decision: FaultDecision = 'demand-zero';
  if (vma.file) {
    const fileStart = vma.fileOffset + (page - vma.start);
    const bytes = Math.max(0, Math.min(PAGE_SIZE, vma.fileEnd - page, vma.file.data.length - fileStart));
    if (bytes > 0) mem.writeBytes(ppn * PAGE_SIZE, vma.file.data.subarray(fileStart, fileStart + bytes));
    decision = 'file';
  }
  if (!mm.pt.map(page, ppn, vma.pteFlags(true))) { frames.put(ppn); return 'oom'; }
  return decision;
}
