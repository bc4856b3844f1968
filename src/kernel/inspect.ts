import {
  PAGE_SIZE, PTES_PER_TABLE, PTE_R, PTE_V, PTE_SIZE, SV39_LEVELS, levelPageSize, pteFlags, pteIsLeaf, ptePpn,
  walkForInspection,
} from '../emu/sv39';
import type { PageTableEntryInfo, PageTableInfo, ProcessInfo, RegisterSnapshot, ThreadInfo, VmaInfo } from './api';
import { XLEN_REGS } from './abi';
import type { Kernel } from './kernel';
import type { Process } from './process';
import { vmaRoles } from './inspect-maps';
import { VM_READ } from './vma';

/**
 * Read-only views of kernel state for the debugger, the CLI and /proc. Nothing here changes
 * guest state: page tables are read without setting A/D bits and without faulting pages in.
 */

/** Every process (live and zombie), by pid. */
export function processes(k: Kernel): ProcessInfo[] {
  const running = k.current?.tid;
  return [...k.procs.values()].sort((a, b) => a.pid - b.pid).map((p) => ({
    pid: p.pid,
    ppid: p.ppid,
    name: p.name,
    state: p.state(running),
    exitStatus: p.zombie ? p.exitStatus : undefined,
    tids: p.liveThreads.map((t) => t.tid),
    brk: p.zombie ? 0 : p.mm.brk,
  }));
}

/** Every live thread, named "pid N · name" (the main thread) or "pid N · name (tid T)". */
export function threads(k: Kernel): ThreadInfo[] {
  return [...k.threadsById.values()].filter((t) => t.state !== 'dead').sort((a, b) => a.tid - b.tid).map((t) => ({
    tid: t.tid,
    pid: t.process.pid,
    name: t.tid === t.process.pid ? `pid ${t.process.pid} · ${t.process.name}` : `pid ${t.process.pid} · ${t.process.name} (tid ${t.tid})`,
  }));
}

/** Registers of thread `tid` (live from the hart when it is the current thread), or undefined. */
export function registers(k: Kernel, tid: number): RegisterSnapshot | undefined {
  const t = k.threadsById.get(tid);
  if (!t || t.state === 'dead') return undefined;
  if (t === k.current) {
    const x: bigint[] = [];
    for (let i = 0; i < XLEN_REGS; i++) x.push(k.hart.getX(i));
    const f: bigint[] = [];
    for (let i = 0; i < XLEN_REGS; i++) f.push(k.hart.getF(i));
    return { pc: k.hart.pc, x, f, fcsr: k.hart.fcsr };
  }
  return { pc: t.ctx.pc, x: [...t.ctx.x], f: [...t.ctx.f], fcsr: t.ctx.fcsr };
}

/**
 * The VMAs of process `pid` in address order (/proc/<pid>/maps), each with its role for a
 * student (inspect-maps.ts vmaRoles), or undefined for no such live process.
 */
export function vmas(k: Kernel, pid: number): VmaInfo[] | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  const roles = vmaRoles(k, p);
  return p.mm.vmas.map((v, i) => ({
    start: v.start, end: v.end, perms: v.perms, kind: v.kind, name: v.name,
    residentPages: p.mm.residentPages(v.start, v.end),
    role: roles[i].role,
    ...(roles[i].tid !== undefined ? { roleTid: roles[i].tid } : {}),
  }));
}

/**
 * The guest path of the executable whose loaded segment (a PT_LOAD mapping made by execve) holds
 * virtual address `va` in thread `tid`'s address space; undefined when the thread does not exist
 * or `va` lies in anything else (anonymous memory, an mmap'ed file, the stack, the vDSO). The
 * debugger uses it to apply a program's breakpoints only to processes running that program.
 */
export function executableAt(k: Kernel, tid: number, va: number): string | undefined {
  const t = k.threadsById.get(tid);
  if (!t || t.state === 'dead') return undefined;
  return t.process.mm.find(va)?.file?.path;
}

/**
 * One table page of `pid`'s Sv39 page table: the root when `ppn` is omitted, otherwise the
 * table page with that physical page number, which must be part of this process's tree
 * (undefined otherwise, so a display can never be pointed at arbitrary memory).
 */
export function pageTable(k: Kernel, pid: number, ppn?: number): PageTableInfo | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  const root = p.mm.pt.rootPpn;
  const found = ppn === undefined || ppn === root ? { level: SV39_LEVELS - 1, vaBase: 0 } : findTable(k, root, SV39_LEVELS - 1, 0, ppn);
  if (!found) return undefined;
  const table = ppn ?? root;
  const span = levelPageSize(found.level);
  const entries: PageTableEntryInfo[] = [];
  for (let i = 0; i < PTES_PER_TABLE; i++) {
    const pte = k.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
    const flags = pteFlags(pte);
    if (!(flags & PTE_V)) continue;
    const vaStart = found.vaBase + i * span;
    entries.push({ index: i, vaStart, vaEnd: vaStart + span, flags: flags & 0xff, leaf: pteIsLeaf(flags) || found.level === 0, ppn: ptePpn(pte), pte });
  }
  return { pid, ppn: table, level: found.level, vaBase: found.vaBase, entries };
}

/** Depth-first search for table page `target` below `table`; its level and the va its entry 0 maps. */
function findTable(k: Kernel, table: number, level: number, vaBase: number, target: number): { level: number; vaBase: number } | undefined {
  if (level === 0) return undefined;
  const span = levelPageSize(level);
  for (let i = 0; i < PTES_PER_TABLE; i++) {
    const pte = k.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
    const flags = pteFlags(pte);
    if (!(flags & PTE_V) || pteIsLeaf(flags)) continue;
    const next = ptePpn(pte);
    if (next === target) return { level: level - 1, vaBase: vaBase + i * span };
    const deeper = findTable(k, next, level - 1, vaBase + i * span, target);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * What the page at virtual `page` of `p` would hold if it were faulted in now, without
 * faulting it in: the page cache's or the shared object's frame when there is one (else the
 * file's bytes), for an ELF segment zeros from its `fileEnd` on, zeros for anonymous memory.
 * Undefined when no readable VMA covers it. This is what a debugger (gdb through ptrace) sees
 * for a page not yet touched.
 */
export function peekAbsentPage(k: Kernel, p: Process, page: number): Uint8Array | undefined {
  const vma = p.mm.find(page);
  if (!vma || !(vma.flags & VM_READ)) return undefined;
  const frame = (ppn: number | undefined): Uint8Array | undefined => ppn === undefined ? undefined : k.mem.readBytes(ppn * PAGE_SIZE, PAGE_SIZE);
  if (vma.kind === 'vdso') return frame(k.mmCtx.vdsoPpn);
  if (vma.backing) {
    const index = (vma.fileOffset + (page - vma.start)) / PAGE_SIZE;
    const cached = k.mmCtx.pageCache.cachedPage(vma.backing, index);
    const out = new Uint8Array(PAGE_SIZE);
    out.set(cached !== undefined ? frame(cached)! : vma.backing.readAt(index * PAGE_SIZE, PAGE_SIZE).subarray(0, PAGE_SIZE));
    if (vma.file) out.fill(0, Math.max(0, Math.min(PAGE_SIZE, vma.fileEnd - page)));
    return out;
  }
  if (vma.shared) {
    const ppn = vma.shared.pages.get(vma.pgoff + (page - vma.start) / PAGE_SIZE);
    return ppn === undefined ? new Uint8Array(PAGE_SIZE) : frame(ppn);
  }
  return new Uint8Array(PAGE_SIZE);
}

/**
 * Up to `len` bytes of `pid`'s memory from virtual address `va` as the process would read
 * them, stopping at the first unreadable page (so the result may be shorter than `len`, even
 * empty). Pages not yet faulted in are read through peekAbsentPage: nothing is allocated,
 * mapped or marked accessed. Undefined for no such live process.
 */
export function peekMemory(k: Kernel, pid: number, va: number, len: number): Uint8Array | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  const out = new Uint8Array(Math.max(0, len));
  let done = 0;
  while (done < len) {
    const addr = va + done;
    const off = addr % PAGE_SIZE;
    const n = Math.min(len - done, PAGE_SIZE - off);
    const hit = walkForInspection(k.mem, p.mm.pt.rootPpn, addr);
    let bytes: Uint8Array | undefined;
    if (hit && (pteFlags(hit.pte) & PTE_R)) bytes = k.mem.readBytes(ptePpn(hit.pte) * PAGE_SIZE + off, n);
    else if (!hit || !(pteFlags(hit.pte) & PTE_V)) bytes = peekAbsentPage(k, p, addr - off)?.subarray(off, off + n);
    if (!bytes) break;
    out.set(bytes, done);
    done += n;
  }
  return out.subarray(0, done);
}

/**
 * Up to `len` bytes of `pid`'s memory from virtual address `va`, stopping at the first page
 * that is not resident and readable (so the result may be shorter than `len`, even empty).
 * Undefined for no such live process.
 */
export function readMemory(k: Kernel, pid: number, va: number, len: number): Uint8Array | undefined {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return undefined;
  const out: number[] = [];
  let addr = va;
  while (out.length < len) {
    const hit = walkForInspection(k.mem, p.mm.pt.rootPpn, addr);
    if (!hit || !(pteFlags(hit.pte) & PTE_R)) break;
    const off = addr % PAGE_SIZE;
    const n = Math.min(len - out.length, PAGE_SIZE - off);
    const bytes = k.mem.readBytes(ptePpn(hit.pte) * PAGE_SIZE + off, n);
    for (const b of bytes) out.push(b);
    addr += n;
  }
  return new Uint8Array(out);
}
