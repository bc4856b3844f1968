import { USER_HZ } from '../auxv';
import { EFAULT, EINVAL, ESRCH } from '../errno';
import { NS_PER_INSTRUCTION, type Kernel } from '../kernel';
import type { Thread } from '../process';
import { MAX_NICE, MIN_NICE } from '../sched';
import { BLOCK, int, ptr, type SyscallHandler, type SyscallResult } from './args';
import * as nr from './numbers';
import { TIMER_ABSTIME } from './restart';

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
export const CLOCK_TAI = 11;
/**
 * CLOCK_REALTIME at boot, in whole seconds since the Epoch: 2024-01-01 00:00:00 UTC. A fixed
 * date (no host clock: runs stay deterministic) recent enough for programs that sanity-check
 * the date. Kept apart from the nanosecond clock because Epoch nanoseconds exceed 2^53.
 */
export const REALTIME_BOOT_EPOCH_SEC = 1_704_067_200;

/** Seconds to add to the virtual clock for `clock` (REALTIME_BOOT_EPOCH_SEC for wall clocks, else 0). */
export function epochOffsetSec(clock: number): number {
  return clock === CLOCK_REALTIME || clock === CLOCK_REALTIME_COARSE || clock === CLOCK_TAI ? REALTIME_BOOT_EPOCH_SEC : 0;
}

/** Bytes of struct timespec / struct timeval on riscv64 (two 64-bit fields). */
const TIMESPEC_BYTES = 16;
const NS_PER_USEC = 1000;

/** The reading of clock `clock` for thread `t` in ns, or undefined for an unknown clock. */
function readClock(k: Kernel, t: Thread, clock: number): number | undefined {
  switch (clock) {
    case CLOCK_PROCESS_CPUTIME_ID: return t.process.cpu.self * NS_PER_INSTRUCTION;
    case CLOCK_THREAD_CPUTIME_ID: return t.instructions * NS_PER_INSTRUCTION;
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME: case CLOCK_TAI:
      return k.clockNs;
    default: return undefined;
  }
}

/** Two 64-bit words (timespec, timeval) as little-endian bytes. */
function pair(a: number, b: number): Uint8Array {
  const out = new Uint8Array(TIMESPEC_BYTES);
  const v = new DataView(out.buffer);
  v.setBigInt64(0, BigInt(a), true);
  v.setBigInt64(8, BigInt(b), true);
  return out;
}

/** A timespec for `ns` nanoseconds plus `epochSec` whole seconds. */
function timespec(ns: number, epochSec = 0): Uint8Array {
  return pair(Math.floor(ns / NSEC_PER_SEC) + epochSec, ns % NSEC_PER_SEC);
}

/**
 * Reads a struct timespec as nanoseconds after subtracting `epochSec` seconds (an absolute
 * CLOCK_REALTIME time becomes virtual-clock time); -EFAULT / -EINVAL (negative or tv_nsec out of
 * range).
 */
function readTimespec(k: Kernel, t: Thread, va: number, epochSec = 0): number | { ns: number } {
  const um = k.userMemory(t.process);
  const sec = um.readU64(va);
  const nsec = um.readU64(va + 8);
  if (typeof sec === 'number' || typeof nsec === 'number') return -EFAULT;
  if (BigInt.asIntN(64, sec) < 0n || nsec >= BigInt(NSEC_PER_SEC)) return -EINVAL;
  return { ns: (Number(sec) - epochSec) * NSEC_PER_SEC + Number(nsec) };
}

/**
 * The sleep of nanosleep/clock_nanosleep on virtual time: the thread sleeps until the clock
 * passes an absolute deadline kept in `t.blocked` across the re-executed ecall. 0 when it has
 * passed; EINTR (with the remaining time) comes from the signal path (restart.ts).
 */
function sleepUntil(k: Kernel, t: Thread, reqPtr: number, absolute: boolean, epochSec = 0): SyscallResult {
  const b = t.blocked!;
  if (b.deadlineNs === undefined) {
    const req = readTimespec(k, t, reqPtr, absolute ? epochSec : 0);
    if (typeof req === 'number') return req;
    b.deadlineNs = absolute ? req.ns : k.clockNs + req.ns;
  }
  if (k.clockNs >= b.deadlineNs) return 0;
  t.state = 'sleeping';
  t.wait = { kind: 'timer', untilNs: b.deadlineNs };
  return BLOCK;
}

/** nanosleep(2): relative sleep on CLOCK_MONOTONIC. -EINVAL bad timespec, -EFAULT bad pointer. */
const sysNanosleep: SyscallHandler = (k, t, a) => sleepUntil(k, t, ptr(a[0]), false);

/** clock_nanosleep(2): relative or TIMER_ABSTIME; -EINVAL for a CPU-time or unknown clock. */
const sysClockNanosleep: SyscallHandler = (k, t, a) => {
  const clock = int(a[0]);
  if (clock === CLOCK_THREAD_CPUTIME_ID || clock === CLOCK_PROCESS_CPUTIME_ID || readClock(k, t, clock) === undefined) return -EINVAL;
  return sleepUntil(k, t, ptr(a[2]), (int(a[1]) & TIMER_ABSTIME) !== 0, epochOffsetSec(clock));
};

/**
 * clock_gettime(2): monotonic clocks read virtual time since boot, wall clocks the same plus
 * REALTIME_BOOT_EPOCH_SEC, CPU-time clocks the instruction counts.
 */
const sysClockGettime: SyscallHandler = (k, t, a) => {
  const now = readClock(k, t, int(a[0]));
  if (now === undefined) return -EINVAL;
  return k.userMemory(t.process).write(ptr(a[1]), timespec(now, epochOffsetSec(int(a[0]))));
};

/**
 * clock_getres(2): every clock ticks once per retired instruction (NS_PER_INSTRUCTION; read at
 * call time, not at module load, because kernel.ts and this file import each other). `res` may
 * be NULL.
 */
const sysClockGetres: SyscallHandler = (k, t, a) => {
  if (readClock(k, t, int(a[0])) === undefined) return -EINVAL;
  if (ptr(a[1]) === 0) return 0;
  return k.userMemory(t.process).write(ptr(a[1]), timespec(NS_PER_INSTRUCTION));
};

/** gettimeofday(2): tv from CLOCK_REALTIME (boot epoch + virtual time), tz (if given) all zeros (UTC). */
const sysGettimeofday: SyscallHandler = (k, t, a) => {
  const um = k.userMemory(t.process);
  const now = k.clockNs;
  if (ptr(a[0]) && um.write(ptr(a[0]), pair(Math.floor(now / NSEC_PER_SEC) + REALTIME_BOOT_EPOCH_SEC, Math.floor((now % NSEC_PER_SEC) / NS_PER_USEC))) !== 0) return -EFAULT;
  if (ptr(a[1]) && um.write(ptr(a[1]), new Uint8Array(8)) !== 0) return -EFAULT;
  return 0;
};

/** Clock ticks (USER_HZ per second) in `ns` nanoseconds. */
function ticks(ns: number): number {
  return Math.floor((ns * USER_HZ) / NSEC_PER_SEC);
}

/**
 * times(2): struct tms { tms_utime, tms_stime, tms_cutime, tms_cstime } in clock ticks, user time
 * from retired instructions, system time 0. Returns ticks since boot; `buf` may be NULL.
 */
const sysTimes: SyscallHandler = (k, t, a) => {
  const cpu = t.process.cpu;
  if (ptr(a[0])) {
    const b = new Uint8Array(32);
    const v = new DataView(b.buffer);
    v.setBigInt64(0, BigInt(ticks(cpu.self * NS_PER_INSTRUCTION)), true);
    v.setBigInt64(16, BigInt(ticks(cpu.children * NS_PER_INSTRUCTION)), true);
    if (k.userMemory(t.process).write(ptr(a[0]), b) !== 0) return -EFAULT;
  }
  return ticks(k.clockNs);
};

/** setpriority(2)/getpriority(2) `which`. */
export const PRIO_PROCESS = 0;
export const PRIO_PGRP = 1;
export const PRIO_USER = 2;
/** getpriority(2)'s raw result is 20 - nice (1..40), so it is never negative. */
const NICE_BIAS = 20;

/**
 * The threads `which`/`who` select (Linux: PRIO_PROCESS names one task by tid, 0 = the caller;
 * PRIO_PGRP every thread of a process group, 0 = the caller's; PRIO_USER every thread: all run as
 * uid 0). Undefined for a bad `which`.
 */
function prioTargets(k: Kernel, t: Thread, which: number, who: number): Thread[] | undefined {
  const live = [...k.threadsById.values()].filter((x) => x.state !== 'dead');
  if (which === PRIO_PROCESS) return who === 0 ? [t] : live.filter((x) => x.tid === who);
  if (which === PRIO_PGRP) return live.filter((x) => x.process.pgid === (who === 0 ? t.process.pgid : who));
  if (which === PRIO_USER) return who === 0 ? live : [];
  return undefined;
}

/** setpriority(2): sets the nice value (clamped to -20..19) of the selected threads; -ESRCH when none. */
const sysSetpriority: SyscallHandler = (k, t, a) => {
  const targets = prioTargets(k, t, int(a[0]), int(a[1]));
  if (!targets) return -EINVAL;
  if (targets.length === 0) return -ESRCH;
  const nice = Math.max(MIN_NICE, Math.min(MAX_NICE, int(a[2])));
  for (const x of targets) x.nice = nice;
  return 0;
};

/** getpriority(2), raw: 20 - (lowest nice among the selected threads); -ESRCH when none. */
const sysGetpriority: SyscallHandler = (k, t, a) => {
  const targets = prioTargets(k, t, int(a[0]), int(a[1]));
  if (!targets) return -EINVAL;
  if (targets.length === 0) return -ESRCH;
  return NICE_BIAS - Math.min(...targets.map((x) => x.nice));
};

/** Bytes of the CPU mask sched_getaffinity reports (one long: this machine has one hart). */
const CPUMASK_BYTES = 8;

/** sched_getaffinity(2): CPU 0 only; returns the mask size; -EINVAL when `len` is too small. */
const sysSchedGetaffinity: SyscallHandler = (k, t, a) => {
  if (int(a[0]) !== 0 && !k.threadsById.has(int(a[0]))) return -ESRCH;
  if (Number(a[1]) < CPUMASK_BYTES) return -EINVAL;
  const mask = new Uint8Array(CPUMASK_BYTES);
  mask[0] = 1;
  return k.userMemory(t.process).write(ptr(a[2]), mask) || CPUMASK_BYTES;
};

/** Time and scheduling syscalls. */
export const timeSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_nanosleep, sysNanosleep],
  [nr.SYS_clock_nanosleep, sysClockNanosleep],
  [nr.SYS_clock_gettime, sysClockGettime],
  [nr.SYS_clock_getres, sysClockGetres],
  [nr.SYS_gettimeofday, sysGettimeofday],
  [nr.SYS_times, sysTimes],
  [nr.SYS_sched_yield, (k) => { k.yieldCurrent(); return 0; }],
  [nr.SYS_setpriority, sysSetpriority],
  [nr.SYS_getpriority, sysGetpriority],
  [nr.SYS_sched_getaffinity, sysSchedGetaffinity],
  [nr.SYS_sched_setaffinity, () => 0],
  [nr.SYS_sched_getscheduler, () => 0],
  [nr.SYS_sched_get_priority_max, () => 0],
  [nr.SYS_sched_get_priority_min, () => 0],
];
