import { PAGE_SIZE, PTE_V, pteFlags, ptePpn } from '../emu/sv39';
import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT } from './errno';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import type { Process, Thread } from './process';
import { BLOCK, type SyscallResult } from './syscall/args';
import { completeSyscall } from './syscall/restart';
import { REALTIME_BOOT_EPOCH_SEC } from './syscall/time';

/**
 * futex(2): user-space locks sleep in the kernel on a 32-bit word. A waiter sleeps only if the
 * word still holds the value it expects (checked atomically with going to sleep: our kernel runs
 * one thread at a time); a waker wakes up to n waiters of the same word. Waiters are keyed by
 * address space + virtual address for FUTEX_PRIVATE_FLAG (threads of one process) and by the
 * physical address otherwise (processes sharing a MAP_SHARED page), as Linux's get_futex_key.
 */
export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAKE_OP = 5;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
/** FUTEX_WAIT/WAKE match any waiter: the bitset of all ones. */
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
/** Robust futex word bits (futex(2), "Robust futexes"). */
export const FUTEX_WAITERS = 0x80000000;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;
/** Most robust-list entries walked at exit (Linux ROBUST_LIST_LIMIT). */
export const ROBUST_LIST_LIMIT = 2048;

const CMD_MASK = 0x7f;
const NSEC_PER_SEC = 1_000_000_000;

/** A small id per address space, for private futex keys. */
const mmIds = new WeakMap<Mm, number>();
let nextMmId = 1;

/**
 * The wait-queue key of the word at user `va` of `p`, or -EFAULT when no VMA covers it. As in
 * Linux's get_futex_key, only a word in a shared mapping (without FUTEX_PRIVATE_FLAG) is keyed
 * by its physical address (faulted in here); private memory is keyed by address space + address,
 * so a copy-on-write break cannot separate a waiter from its waker.
 */
export function futexKey(k: Kernel, p: Process, va: number, priv: boolean): string | number {
  const vma = p.mm.find(va);
  if (!vma) return -EFAULT;
  if (priv || !vma.isShared) {
    let id = mmIds.get(p.mm);
    if (id === undefined) { id = nextMmId++; mmIds.set(p.mm, id); }
    return `m${id}:${va}`;
  }
  if (typeof readWord(k, p, va) === 'number') return -EFAULT;
  const page = va - (va % PAGE_SIZE);
  const pte = p.mm.pt.lookup(page);
  if (!(pteFlags(pte) & PTE_V)) return -EFAULT;
  return `p${ptePpn(pte) * PAGE_SIZE + (va - page)}`;
}

/** Reads the aligned 32-bit word at user `va` (faulting it in), or -EFAULT/-EINVAL as a number. */
function readWord(k: Kernel, p: Process, va: number): { value: number } | number {
  if (!Number.isFinite(va) || va % 4 !== 0) return -EINVAL;
  const b = k.userMemory(p).read(va, 4);
  if (typeof b === 'number') return b;
  return { value: new DataView(b.buffer).getUint32(0, true) };
}

/**
 * Virtual-time deadline from a timespec at `tsPtr` (relative, or absolute on CLOCK_MONOTONIC, or
 * on CLOCK_REALTIME when `epochSec` is its boot epoch); -EFAULT/-EINVAL as numbers.
 */
function deadline(k: Kernel, p: Process, tsPtr: number, absolute: boolean, epochSec: number): number | { at: number } {
  const um = k.userMemory(p);
  const sec = um.readU64(tsPtr);
  const nsec = um.readU64(tsPtr + 8);
  if (typeof sec === 'number' || typeof nsec === 'number') return -EFAULT;
  if (BigInt.asIntN(64, sec) < 0n || nsec >= BigInt(NSEC_PER_SEC)) return -EINVAL;
  const ns = (Number(sec) - (absolute ? epochSec : 0)) * NSEC_PER_SEC + Number(nsec);
  return { at: absolute ? ns : k.clockNs + ns };
}

/**
 * FUTEX_WAIT / FUTEX_WAIT_BITSET: sleeps while *uaddr == val. -EAGAIN when the word differs,
 * -ETIMEDOUT when the timeout (relative for WAIT, absolute for WAIT_BITSET) passes, 0 when woken.
 */
export function futexWait(k: Kernel, t: Thread, uaddr: number, val: number, tsPtr: number, bitset: number, op: number): SyscallResult {
  const cmd = op & CMD_MASK;
  if (cmd === FUTEX_WAIT_BITSET && bitset === 0) return -EINVAL;
  const word = readWord(k, t.process, uaddr);
  if (typeof word === 'number') return word;
  if (word.value !== (val >>> 0)) return -EAGAIN;
  const key = futexKey(k, t.process, uaddr, !!(op & FUTEX_PRIVATE_FLAG));
  if (typeof key === 'number') return key;
  let untilNs: number | undefined;
  if (tsPtr) {
    const d = deadline(k, t.process, tsPtr, cmd === FUTEX_WAIT_BITSET, op & FUTEX_CLOCK_REALTIME ? REALTIME_BOOT_EPOCH_SEC : 0);
    if (typeof d === 'number') return d;
    if (d.at <= k.clockNs) return -ETIMEDOUT;
    untilNs = d.at;
  }
  t.state = 'sleeping';
  t.wait = { kind: 'futex', key, bitset: cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : bitset >>> 0, untilNs, timeoutResult: -ETIMEDOUT };
  return BLOCK;
}

/** Wakes up to `n` waiters on `key` whose bitset intersects `bitset`, oldest first; returns how many. */
export function futexWakeKey(k: Kernel, key: string, n: number, bitset = FUTEX_BITSET_MATCH_ANY): number {
  let woken = 0;
  for (const w of k.threadsById.values()) {
    if (woken >= n) break;
    if (w.state === 'sleeping' && w.wait?.kind === 'futex' && w.wait.key === key && (w.wait.bitset & bitset) !== 0) {
      completeSyscall(k, w, 0);
      woken++;
    }
  }
  return woken;
}

/** FUTEX_WAKE / FUTEX_WAKE_BITSET on user `uaddr` of `p`: the number of waiters woken, or -errno. */
export function futexWake(k: Kernel, p: Process, uaddr: number, n: number, bitset: number, op: number): number {
  if (!Number.isFinite(uaddr) || uaddr % 4 !== 0) return -EINVAL;
  if ((op & CMD_MASK) === FUTEX_WAKE_BITSET && bitset === 0) return -EINVAL;
  const key = futexKey(k, p, uaddr, !!(op & FUTEX_PRIVATE_FLAG));
  if (typeof key === 'number') return key;
  return futexWakeKey(k, key, Math.max(0, n), bitset >>> 0);
}

/**
 * FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wakes up to `nWake` waiters on uaddr and moves up to
 * `nMove` others to uaddr2. CMP_REQUEUE first checks *uaddr == val (-EAGAIN otherwise).
 * Returns the number woken (plus, for CMP_REQUEUE, the number requeued).
 */
export function futexRequeue(k: Kernel, t: Thread, uaddr: number, nWake: number, nMove: number, uaddr2: number, val: number, op: number): number {
  const cmd = op & CMD_MASK;
  const priv = !!(op & FUTEX_PRIVATE_FLAG);
  if (cmd === FUTEX_CMP_REQUEUE) {
    const word = readWord(k, t.process, uaddr);
    if (typeof word === 'number') return word;
    if (word.value !== (val >>> 0)) return -EAGAIN;
  }
  const from = futexKey(k, t.process, uaddr, priv);
  const to = futexKey(k, t.process, uaddr2, priv);
  if (typeof from === 'number' || typeof to === 'number') return -EFAULT;
  const woken = futexWakeKey(k, from, Math.max(0, nWake));
  let moved = 0;
  for (const w of k.threadsById.values()) {
    if (moved >= nMove) break;
    if (w.state === 'sleeping' && w.wait?.kind === 'futex' && w.wait.key === from) { w.wait.key = to; moved++; }
  }
  return cmd === FUTEX_CMP_REQUEUE ? woken + moved : woken;
}

/** futex(2) entry point: dispatches `op` (the argument order of the raw syscall). */
export function doFutex(k: Kernel, t: Thread, uaddr: number, op: number, val: number, timeoutOrVal2: number, uaddr2: number, val3: number): SyscallResult {
  switch (op & CMD_MASK) {
    case FUTEX_WAIT: return futexWait(k, t, uaddr, val, timeoutOrVal2, FUTEX_BITSET_MATCH_ANY, op);
    case FUTEX_WAIT_BITSET: return futexWait(k, t, uaddr, val, timeoutOrVal2, val3, op);
    case FUTEX_WAKE: return futexWake(k, t.process, uaddr, val, FUTEX_BITSET_MATCH_ANY, op);
    case FUTEX_WAKE_BITSET: return futexWake(k, t.process, uaddr, val, val3, op);
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
      return futexRequeue(k, t, uaddr, val, timeoutOrVal2, uaddr2, val3, op);
    default: return -ENOSYS;
  }
}

/**
 * Exit-time cleanup of thread `t` (Linux mm_release + exit_robust_list): robust futexes it still
 * holds get FUTEX_OWNER_DIED (and one waiter woken), then *clear_child_tid is zeroed and one
 * waiter on it woken — how pthread_join learns a thread ended. Bad user memory is ignored.
 */
export function futexExitCleanup(k: Kernel, t: Thread): void {
  const p = t.process;
  if (t.robustListHead) walkRobustList(k, t);
  if (t.clearChildTid) {
    const addr = t.clearChildTid;
    t.clearChildTid = 0;
    if (k.userMemory(p).writeU32(addr, 0) === 0) {
      const key = futexKey(k, p, addr, false);
      if (typeof key === 'string') futexWakeKey(k, key, 1);
    }
  }
}

/** struct robust_list_head { next; long futex_offset; list_op_pending } walked as futex(2) describes. */
function walkRobustList(k: Kernel, t: Thread): void {
  const um = k.userMemory(t.process);
  const head = t.robustListHead;
  const next = um.readU64(head);
  const offset = um.readU64(head + 8);
  if (typeof next === 'number' || typeof offset === 'number') return;
  const off = Number(BigInt.asIntN(64, offset));
  let entry = next;
  for (let i = 0; i < ROBUST_LIST_LIMIT && entry !== BigInt(head) && entry !== 0n; i++) {
    const addr = Number(entry) + off;
    const word = readWord(k, t.process, addr);
    if (typeof word === 'number') return;
    if ((word.value & FUTEX_TID_MASK) === t.tid) {
      um.writeU32(addr, (word.value & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
      const key = futexKey(k, t.process, addr, false);
      if ((word.value & FUTEX_WAITERS) && typeof key === 'string') futexWakeKey(k, key, 1);
    }
    const n = um.readU64(Number(entry));
    if (typeof n === 'number') return;
    entry = n;
  }
}
