import { EFAULT, EINVAL } from '../errno';
import { BLOCK, int, ptr, type SyscallHandler } from './args';
import * as nr from './numbers';

/** Nanoseconds per second (struct timespec's tv_nsec must stay below it). */
export const NSEC_PER_SEC = 1_000_000_000;
/** clock_gettime(2) clock ids. */
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
/** Bytes of struct timespec on riscv64 (two 64-bit fields). */
const TIMESPEC_BYTES = 16;

/**
 * nanosleep(2) on virtual time: the thread sleeps until the clock (retired instructions, plus
 * skipped idle time) passes the deadline. Returns 0; -EINVAL for a bad timespec, -EFAULT for a
 * bad pointer. The deadline is kept across the re-executed ecall so a woken sleeper finishes.
 */
const sysNanosleep: SyscallHandler = (k, t, a) => {
  if (t.sleepDeadlineNs !== undefined) {
    if (k.clockNs >= t.sleepDeadlineNs) { t.sleepDeadlineNs = undefined; return 0; }
  } else {
    const um = k.userMemory(t.process);
    const sec = um.readU64(ptr(a[0]));
    const nsec = um.readU64(ptr(a[0]) + 8);
    if (typeof sec === 'number' || typeof nsec === 'number') return -EFAULT;
    if (BigInt.asIntN(64, sec) < 0n || nsec >= BigInt(NSEC_PER_SEC)) return -EINVAL;
    t.sleepDeadlineNs = k.clockNs + Number(sec) * NSEC_PER_SEC + Number(nsec);
  }
  t.state = 'sleeping';
  t.wait = { kind: 'timer', untilNs: t.sleepDeadlineNs };
  return BLOCK;
};

/** clock_gettime(2): every clock reads virtual time since boot. -EINVAL for an unknown clock. */
const sysClockGettime: SyscallHandler = (k, t, a) => {
  const clock = int(a[0]);
  if (clock < CLOCK_REALTIME || clock > CLOCK_BOOTTIME) return -EINVAL;
  const now = k.clockNs;
  const b = new Uint8Array(TIMESPEC_BYTES);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(Math.floor(now / NSEC_PER_SEC)), true);
  v.setBigUint64(8, BigInt(now % NSEC_PER_SEC), true);
  return k.userMemory(t.process).write(ptr(a[1]), b);
};

/** Time and scheduling syscalls. */
export const timeSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_nanosleep, sysNanosleep],
  [nr.SYS_clock_gettime, sysClockGettime],
  [nr.SYS_sched_yield, (k) => { k.yieldCurrent(); return 0; }],
];
