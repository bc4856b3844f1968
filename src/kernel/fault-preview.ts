/**
 * What the page-fault path (fault.ts mmFaultPath) is about to decide for a fault, found without
 * changing anything: the debugger shows it when it stops at the trap, before the kernel acts
 * ("store to 0x… in [heap]: copy-on-write, frame shared by 2 processes"). It follows the path's
 * order (find_vma, stack growth, the access check, present or absent page, the kind of
 * mapping) over the same helpers; running out of frames ('oom') cannot be foreseen and is never
 * previewed.
 */
import { PAGE_SIZE, PTE_V, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import type { AccessKind, FaultDecision } from './api';
import { accessAllowed, fileIndex, stackGrowth } from './fault';
import { pageDown } from './layout';
import type { Mm } from './mm';
import { ptePresent } from './pagetable';

/**
 * The foreseen outcome of a fault: the decision, the VMA's display name (`[heap]`, a path;
 * undefined when no VMA covers the address and the stack cannot grow to it), and for a
 * copy-on-write break or a page found in memory, how many mappings share the frame now.
 */
export interface FaultPreview {
  decision: FaultDecision;
  vma?: string;
  sharedBy?: number;
}

/** The decision mmFaultPath would make for `access` at virtual address `va` in `mm`, with no side effect. */
export function previewFault(mm: Mm, va: number, access: AccessKind): FaultPreview {
  let vma = mm.find(va);
  let grows = false;
  if (!vma) {
    vma = stackGrowth(mm, va)?.stack;
    if (!vma) return { decision: 'segv' };
    grows = true;
  }
  const name = vma.name || '[anon]';
  if (!accessAllowed(vma, access)) return { decision: 'segv', vma: name };
  const page = pageDown(va);
  const pte = mm.pt.lookup(page);
  const { frames, pageCache } = mm.ctx;
  if (ptePresent(pte)) {
    // A PROT_NONE entry is first restored to the VMA's read-only flags, then the fault retried:
    // a write then breaks copy-on-write like any write to a read-only page.
    const protNone = !(pteFlags(pte) & PTE_V);
    if (access === 'write' && (protNone || !(pteFlags(pte) & PTE_W))) {
      const sharedBy = frames.refCount(ptePpn(pte));
      return { decision: vma.isShared ? 'shared' : sharedBy === 1 ? 'cow-reuse' : 'cow-copy', vma: name, sharedBy };
    }
    return { decision: 'spurious', vma: name };
  }
  if (vma.kind === 'vdso') return { decision: mm.ctx.vdsoPpn === undefined ? 'segv' : 'file', vma: name };
  if (vma.backing) {
    if (!vma.file && fileIndex(vma, page) * PAGE_SIZE >= vma.backing.size()) return { decision: 'sigbus', vma: name };
    if (vma.file && page + PAGE_SIZE > vma.fileEnd) return { decision: 'file', vma: name };
    const cached = pageCache.cachedPage(vma.backing, fileIndex(vma, page));
    if (!vma.isShared && access === 'write') return { decision: 'cow-copy', vma: name };
    return cached === undefined ? { decision: 'file', vma: name } : { decision: 'shared', vma: name, sharedBy: frames.refCount(cached) };
  }
  if (vma.shared) {
    const ppn = vma.shared.pages.get(vma.pgoff + (page - vma.start) / PAGE_SIZE);
    return ppn === undefined ? { decision: 'demand-zero', vma: name } : { decision: 'shared', vma: name, sharedBy: frames.refCount(ppn) };
  }
  return { decision: grows ? 'stack-grow' : 'demand-zero', vma: name };
}
