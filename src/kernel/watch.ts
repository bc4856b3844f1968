import { WATCH_READ, WATCH_WRITE, WatchList, type DataWatch } from '../emu/watch';
import type { StopReason } from '../emu/trap';
import type { WatchpointAccess, WatchpointRequest, WatchpointResult, WatchpointStop } from './api';
import { readMemory } from './inspect';
import type { Kernel } from './kernel';
import { TASK_SIZE } from './layout';
import type { Mm } from './mm';
import type { Process, Thread } from './process';
import { SYSCALL_NAMES } from './syscall/numbers';

/**
 * Data watchpoints per address space (the kernel side of src/emu/watch.ts).
 *
 * Watches belong to a process's address space (its Mm), so every thread of the process is
 * watched; Kernel.run installs the list of the running thread's Mm on the hart before each run.
 * - execve replaces the Mm: the watches of the old address space are gone (dropped, not moved).
 * - fork: the child's new Mm has none (gdb's detach-on-fork default).
 * - A watch on a page that is not resident (not yet touched, swapped to demand-zero, COW) is
 *   fine: watched pages are never cached in the TLB, so the access after the fault is checked.
 * - Kernel writes to user memory (UserMemory.write: copy_to_user of read(2), stat, wait4 ...)
 *   that touch a write watch stop the run once the syscall returns (Kernel.pendingStop), named
 *   by the syscall. Kernel reads (copy_from_user) are not reported, like Linux hardware
 *   watchpoints, which exclude kernel mode.
 * Bookkeeping never changes guest state: old/new bytes are read like the debugger's reads.
 */

/** Largest watched range in bytes (a watched page costs a slow path on each of its accesses). */
export const MAX_WATCH_BYTES = 1 << 20;

const KINDS: Record<WatchpointAccess, number> = { write: WATCH_WRITE, read: WATCH_READ, readWrite: WATCH_READ | WATCH_WRITE };

/** The kernel's data watchpoints, keyed by address space. */
export class KernelWatchpoints {
  private byMm = new WeakMap<Mm, WatchList>();

  /**
   * Replaces every watchpoint with `list`. Returns per entry ok or the error: no such (live)
   * process, a length outside 1..MAX_WATCH_BYTES or not an integer, a range outside user space
   * [0, TASK_SIZE), an unknown access kind. Entries in error are not installed; the others are.
   */
  set(procs: ReadonlyMap<number, Process>, list: readonly WatchpointRequest[]): WatchpointResult[] {
    const perMm = new Map<Mm, DataWatch[]>();
    const results = list.map((w): WatchpointResult => {
      const error = validate(procs, w);
      if (error !== undefined) return { id: w.id, ok: false, error };
      const mm = procs.get(w.pid)!.mm;
      const watches = perMm.get(mm) ?? [];
      watches.push({ id: w.id, address: w.address, length: w.length, kinds: KINDS[w.access] });
      perMm.set(mm, watches);
      return { id: w.id, ok: true };
    });
    this.byMm = new WeakMap();
    for (const [mm, watches] of perMm) this.byMm.set(mm, new WatchList(watches));
    return results;
  }

  /** The watches of address space `mm`, or undefined when it has none. */
  listFor(mm: Mm): WatchList | undefined {
    return this.byMm.get(mm);
  }
}

function validate(procs: ReadonlyMap<number, Process>, w: WatchpointRequest): string | undefined {
  const p = procs.get(w.pid);
  if (p === undefined || p.zombie) return `no such process: ${w.pid}`;
  if (KINDS[w.access] === undefined) return `unknown access kind: ${String(w.access)}`;
  if (!Number.isInteger(w.length) || w.length < 1 || w.length > MAX_WATCH_BYTES) return `length must be 1..${MAX_WATCH_BYTES} bytes`;
  if (!Number.isInteger(w.address) || w.address < 0 || w.address + w.length > TASK_SIZE) {
    return `range 0x${w.address.toString(16)}+${w.length} is not in user space`;
  }
  return undefined;
}

/** KernelStop for a hart `watchpoint` stop of thread `t`. */
export function userWatchStop(t: Thread, r: Extract<StopReason, { kind: 'watchpoint' }>): WatchpointStop {
  const stop: WatchpointStop = { kind: 'watchpoint', tid: t.tid, id: r.hit.id, address: r.hit.address, access: r.hit.access, pc: r.pc };
  if (r.hit.oldBytes !== undefined) stop.oldBytes = r.hit.oldBytes;
  if (r.newBytes !== undefined) stop.newBytes = r.newBytes;
  return stop;
}

/**
 * The hook UserMemory calls before the kernel writes `data` at user `va` of process `p`
 * (undefined when `p`'s address space has no write watch). A write touching a write watch
 * records a `watchpoint` stop as the kernel's pending stop (the first one wins), reported when
 * the syscall returns: tid and pc of the thread in the syscall (the current thread when it
 * belongs to `p`, else a thread of `p` blocked in one), the syscall named from `Thread.blocked`.
 */
export function kernelWriteHook(k: Kernel, p: Process, list: WatchList | undefined): ((va: number, data: Uint8Array) => void) | undefined {
  if (list === undefined || !list.watches.some((w) => (w.kinds & WATCH_WRITE) !== 0)) return undefined;
  return (va, data) => {
    const w = list.match(va, data.length, WATCH_WRITE);
    if (w === undefined || k.pendingStop !== undefined) return;
    const t = k.current?.process === p ? k.current : p.threads.find((x) => x.blocked !== undefined) ?? p.threads[0];
    if (t === undefined) return;
    const oldBytes = peek(k, p, w.address, w.length);
    const stop: WatchpointStop = {
      kind: 'watchpoint', tid: t.tid, id: w.id, address: Math.max(va, w.address), access: 'write',
      pc: t.blocked?.sepc ?? (t === k.current ? k.hart.pc : t.ctx.pc),
      byKernel: t.blocked !== undefined ? SYSCALL_NAMES.get(t.blocked.nr) ?? `syscall ${t.blocked.nr}` : 'kernel',
    };
    if (oldBytes !== undefined) {
      stop.oldBytes = oldBytes;
      const newBytes = oldBytes.slice();
      // the part of `data` that lands in the watched range
      const from = Math.max(va, w.address), to = Math.min(va + data.length, w.address + w.length);
      newBytes.set(data.subarray(from - va, to - va), from - w.address);
      stop.newBytes = newBytes;
    }
    k.pendingStop = stop;
  };
}

/** The watched bytes as the debugger reads them (no side effects), or undefined when one is unmapped. */
function peek(k: Kernel, p: Process, va: number, len: number): Uint8Array | undefined {
  const bytes = readMemory(k, p.pid, va, len);
  return bytes !== undefined && bytes.length === len ? bytes : undefined;
}
