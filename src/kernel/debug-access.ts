/**
 * What a debugger may change in a stopped guest, and the trap state it may read: writes to a
 * thread's registers and to a process's memory (DAP setVariable / setExpression / writeMemory),
 * and the supervisor CSRs of the thread's last trap. Reads that change nothing live in
 * inspect.ts; everything here is an explicit user action.
 */
import { XLEN_REGS } from './abi';
import { EFAULT, ESRCH } from './errno';
import type { Kernel } from './kernel';
import type { Thread } from './process';

/** Number of FP registers f0..f31 (D extension). */
export const FLEN_REGS = 32;

/** A register a debugger can write: x1..x31 by number, f0..f31 as raw 64-bit patterns, or the pc. */
export type RegisterTarget = { kind: 'x'; index: number } | { kind: 'f'; index: number } | { kind: 'pc' };

/** The live thread `tid`, or undefined. */
function liveThread(k: Kernel, tid: number): Thread | undefined {
  const t = k.threadsById.get(tid);
  return t && t.state !== 'dead' ? t : undefined;
}

/**
 * Sets one register of stopped thread `tid` to `value` (an unsigned 64-bit pattern; the pc a
 * virtual address). Writes to x0 are ignored, as the hardware does. Returns 0 or -ESRCH.
 */
export function setRegister(k: Kernel, tid: number, target: RegisterTarget, value: bigint): number {
  const t = liveThread(k, tid);
  if (!t) return -ESRCH;
  const v = BigInt.asUintN(64, value);
  const onHart = k.current === t;
  if (target.kind === 'pc') {
    if (onHart) k.hart.pc = Number(v); else t.ctx.pc = Number(v);
  } else if (target.kind === 'x') {
    if (target.index <= 0 || target.index >= XLEN_REGS) return 0;
    if (onHart) k.hart.setX(target.index, v); else t.ctx.x[target.index] = v;
  } else {
    if (target.index < 0 || target.index >= FLEN_REGS) return 0;
    if (onHart) k.hart.setF(target.index, v); else t.ctx.f[target.index] = v;
  }
  return 0;
}

/**
 * Writes `data` at virtual address `va` of process `pid` as the process itself could
 * (Linux access_process_vm for a debugger's write): pages are faulted in and copy-on-write
 * pages are broken first, so the write never shows in another process. Memory the process
 * may not write (code, read-only data, unmapped) gives -EFAULT with nothing written beyond
 * the bytes before the first such page. Returns the number of bytes written or -errno.
 */
export function writeMemory(k: Kernel, pid: number, va: number, data: Uint8Array): number {
  const p = k.procs.get(pid);
  if (!p || p.zombie) return -ESRCH;
  if (!Number.isSafeInteger(va) || va < 0) return -EFAULT;
  const r = k.userMemory(p).write(va, data);
  return r < 0 ? r : data.length;
}

/** Supervisor CSRs as the kernel saw them at a thread's last trap (privileged spec 4.1). */
export interface TrapCsrs {
  /** Cause of the last trap (Exception.*), 0 before the first trap. */
  scause: number;
  /** Faulting address or instruction bits of the last trap. */
  stval: number;
  /** Virtual pc of the trapping instruction. */
  sepc: number;
  /** sstatus on trap entry from U-mode: SPP = 0, SPIE = 1, FS = Dirty, UXL = 2 (64-bit). */
  sstatus: bigint;
  /** satp of the thread's address space: MODE = Sv39, ASID, root page-table PPN. */
  satp: bigint;
}

/** sstatus fields (privileged spec 4.1.1): SPIE bit 5, FS bits 14:13, UXL bits 33:32. */
const SSTATUS_SPIE = 1n << 5n;
const SSTATUS_FS_DIRTY = 3n << 13n;
const SSTATUS_UXL_64 = 2n << 32n;

/** The last trap's CSRs of thread `tid` (see TrapCsrs), or undefined for no such live thread. */
export function trapCsrs(k: Kernel, tid: number): TrapCsrs | undefined {
  const t = liveThread(k, tid);
  if (!t) return undefined;
  return {
    scause: t.lastScause,
    stval: t.lastStval,
    sepc: t.lastSepc,
    sstatus: SSTATUS_SPIE | SSTATUS_FS_DIRTY | SSTATUS_UXL_64,
    satp: t.process.zombie ? 0n : t.process.mm.satp,
  };
}
