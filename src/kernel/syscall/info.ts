import { PAGE_SIZE } from '../../emu/sv39';
import { EFAULT, EINVAL, EPERM, ESRCH } from '../errno';
import type { Kernel } from '../kernel';
import type { Process, Thread } from '../process';
import { RLIM_NLIMITS, RLIMIT_NOFILE, type Rlimit } from '../rlimit';
import { int, ptr, size, type SyscallHandler } from './args';
import * as nr from './numbers';
import { RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, rusageBytes } from './rusage';

/** uname(2) fields: struct utsname is six NUL-padded char[65] arrays. */
export const UTSNAME_FIELD_BYTES = 65;
export const UNAME = {
  sysname: 'Linux',
  nodename: 'glasskernel',
  release: '6.1.0-glasskernel',
  version: '#1 SMP glasskernel',
  machine: 'riscv64',
  domainname: '(none)',
} as const;

/** uname(2): Linux on riscv64, a release string glibc accepts (>= its minimum kernel version). */
const sysUname: SyscallHandler = (k, t, a) => {
  const b = new Uint8Array(UTSNAME_FIELD_BYTES * 6);
  const enc = new TextEncoder();
  Object.values(UNAME).forEach((s, i) => b.set(enc.encode(s).subarray(0, UTSNAME_FIELD_BYTES - 1), i * UTSNAME_FIELD_BYTES));
  return k.userMemory(t.process).write(ptr(a[0]), b);
};

/** sizeof(struct sysinfo) on riscv64. */
export const SYSINFO_BYTES = 112;

/**
 * sysinfo(2): uptime (virtual seconds), load averages 0, RAM totals from the frame allocator
 * (mem_unit = PAGE_SIZE, so the RAM fields count frames), no swap, the number of processes.
 */
const sysSysinfo: SyscallHandler = (k, t, a) => {
  const b = new Uint8Array(SYSINFO_BYTES);
  const v = new DataView(b.buffer);
  const totalFrames = Math.floor(k.mem.size / PAGE_SIZE);
  v.setBigInt64(0, BigInt(Math.floor(k.clockNs / 1e9)), true);      // uptime
  v.setBigUint64(32, BigInt(totalFrames), true);                      // totalram
  v.setBigUint64(40, BigInt(Math.max(0, totalFrames - k.frames.inUse)), true); // freeram
  v.setUint16(80, Math.min(0xffff, k.procs.size), true);              // procs
  v.setUint32(104, PAGE_SIZE, true);                                  // mem_unit
  return k.userMemory(t.process).write(ptr(a[0]), b);
};

/** getrandom(2) flags. */
export const GRND_NONBLOCK = 0x1;
export const GRND_RANDOM = 0x2;
export const GRND_INSECURE = 0x4;
/** Most bytes one getrandom call returns (Linux caps a call at 32 MiB - 1; we cap lower to bound host copies). */
export const GETRANDOM_MAX_BYTES = 1 << 20;

/** getrandom(2): bytes from the kernel's seeded generator (the same every run); -EINVAL for bad flags. */
const sysGetrandom: SyscallHandler = (k, t, a) => {
  const flags = int(a[2]);
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) || (flags & GRND_RANDOM && flags & GRND_INSECURE)) return -EINVAL;
  const n = Math.min(size(a[1]), GETRANDOM_MAX_BYTES);
  return k.userMemory(t.process).write(ptr(a[0]), k.randomBytes(n)) || n;
};

/** Most fds a process may have (Linux fs.nr_open default): RLIMIT_NOFILE above it is -EPERM. */
export const NR_OPEN = 1 << 20;
/** sizeof(struct rlimit64): two u64 (rlim_cur, rlim_max). */
const RLIMIT_BYTES = 16;

/** Applies limit side effects: RLIMIT_NOFILE bounds the fd tables of the process's threads. */
function applyRlimit(p: Process, resource: number, lim: Rlimit): void {
  if (resource === RLIMIT_NOFILE) for (const t of p.liveThreads) t.files.limit = Number(lim.cur);
}

/**
 * prlimit64(2) core: reads the old limit into `oldPtr` and sets the new one from `newPtr` (either
 * may be 0) for process `pid` (0 = caller). -EINVAL bad resource or cur > max, -ESRCH no such
 * process, -EPERM RLIMIT_NOFILE beyond NR_OPEN, -EFAULT bad pointer. Everyone is root here, so
 * raising a hard limit is allowed.
 */
function prlimit(k: Kernel, t: Thread, pid: number, resource: number, newPtr: number, oldPtr: number): number {
  if (!(resource >= 0 && resource < RLIM_NLIMITS)) return -EINVAL;
  const p = pid === 0 ? t.process : k.procs.get(pid);
  if (!p || p.zombie) return -ESRCH;
  const um = k.userMemory(t.process);
  let next: Rlimit | undefined;
  if (newPtr) {
    const cur = um.readU64(newPtr);
    const max = um.readU64(newPtr + 8);
    if (typeof cur === 'number' || typeof max === 'number') return -EFAULT;
    if (cur > max) return -EINVAL;
    if (resource === RLIMIT_NOFILE && max > BigInt(NR_OPEN)) return -EPERM;
    next = { cur, max };
  }
  if (oldPtr) {
    const old = p.rlimits[resource];
    const b = new Uint8Array(RLIMIT_BYTES);
    new DataView(b.buffer).setBigUint64(0, old.cur, true);
    new DataView(b.buffer).setBigUint64(8, old.max, true);
    if (um.write(oldPtr, b) !== 0) return -EFAULT;
  }
  if (next) { p.rlimits[resource] = next; applyRlimit(p, resource, next); }
  return 0;
}

/** getrusage(2): RUSAGE_SELF, RUSAGE_CHILDREN (reaped ones), RUSAGE_THREAD; -EINVAL otherwise. */
const sysGetrusage: SyscallHandler = (k, t, a) => {
  const who = int(a[0]);
  const cpu = t.process.cpu;
  const n = who === RUSAGE_SELF ? cpu.self : who === RUSAGE_CHILDREN ? cpu.children : who === RUSAGE_THREAD ? t.instructions : undefined;
  if (n === undefined) return -EINVAL;
  return k.userMemory(t.process).write(ptr(a[1]), rusageBytes(n));
};

/** getresuid(2)/getresgid(2): real, effective and saved ids, all 0 (everyone is root). */
const sysGetres: SyscallHandler = (k, t, a) => {
  const um = k.userMemory(t.process);
  for (let i = 0; i < 3; i++) if (um.writeU32(ptr(a[i]), 0) !== 0) return -EFAULT;
  return 0;
};

/** System information, identity and resource-limit syscalls. */
export const infoSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_uname, sysUname],
  [nr.SYS_sysinfo, sysSysinfo],
  [nr.SYS_getrandom, sysGetrandom],
  [nr.SYS_prlimit64, (k, t, a) => prlimit(k, t, int(a[0]), int(a[1]), ptr(a[2]), ptr(a[3]))],
  [nr.SYS_getrlimit, (k, t, a) => prlimit(k, t, 0, int(a[0]), 0, ptr(a[1]))],
  [nr.SYS_setrlimit, (k, t, a) => prlimit(k, t, 0, int(a[0]), ptr(a[1]), 0)],
  [nr.SYS_getrusage, sysGetrusage],
  [nr.SYS_getuid, () => 0],
  [nr.SYS_geteuid, () => 0],
  [nr.SYS_getgid, () => 0],
  [nr.SYS_getegid, () => 0],
  [nr.SYS_getresuid, sysGetres],
  [nr.SYS_getresgid, sysGetres],
  [nr.SYS_getgroups, () => 0],
];
