import { PAGE_SIZE } from '../../emu/sv39';
import { DEFAULT_UMASK } from './fsinfo';
import type { Kernel } from '../kernel';
import type { Process } from '../process';
import type { ProcessState } from '../api';
import { SIG_IGN, sigmask } from '../signals/state';
import { DirInode, Inode, S_IFREG, SymlinkInode, makeDev } from './inode';

/**
 * procfs (proc(5)): /proc/self, /proc/<pid>/{maps,status,stat,comm} and /proc/meminfo, in
 * Linux's formats. Directories are computed from the kernel's process table on every lookup;
 * file contents are generated when the file is opened (see SnapshotFile).
 */

/** st_dev of every procfs inode (Linux gives proc an anonymous device: major 0). */
export const PROC_DEV = makeDev(0, 0x15);
/** st_dev of the root tmpfs, as /proc/<pid>/maps prints it for file mappings. */
export const ROOT_DEV = makeDev(0, 0x1a);
/** PROC_SUPER_MAGIC (statfs(2) f_type of /proc). */
export const PROC_SUPER_MAGIC = 0x9fa0;
/** Linux's USER_HZ: clock ticks per second in /proc/<pid>/stat. */
export const USER_HZ = 100;
/** Column where /proc/<pid>/maps puts the name: show_map_vma pads to 25 + 6 * sizeof(void *) - 1, then a space. */
export const MAPS_NAME_PAD = 25 + 6 * 8 - 1;

/** Inode numbers inside procfs (its own device): the root, then fixed files, then per-pid entries. */
const PROC_ROOT_INO = 1;
const PROC_SELF_INO = 2;
const PROC_MEMINFO_INO = 3;
const PROC_PID_INO_BASE = 0x1000;
/** Files of each /proc/<pid> directory, in listing order. */
const PID_FILES = ['comm', 'maps', 'stat', 'status'] as const;
type PidFile = typeof PID_FILES[number];

/** A generated read-only file: `generate` runs when it is opened. */
export class ProcFileInode extends Inode {
  constructor(ino: number, nowNs: number, readonly generate: () => string) {
    super(ino, S_IFREG | 0o444, nowNs);
    this.dev = PROC_DEV;
  }

  override get readOnlyFs(): boolean {
    return true;
  }
}

/** /proc/self: a symlink whose target is the reading process's pid. */
class ProcSelfInode extends SymlinkInode {
  constructor(nowNs: number) {
    super(PROC_SELF_INO, nowNs, '');
    this.dev = PROC_DEV;
  }

  override readlink(p?: Process): string {
    return String(p?.pid ?? 0);
  }

  override size(): number {
    return 0;
  }

  override get readOnlyFs(): boolean {
    return true;
  }
}

/** /proc/<pid>: the per-process files. Refuses changes, like every procfs directory. */
class ProcPidDirInode extends DirInode {
  constructor(private readonly k: Kernel, readonly pid: number, parent: DirInode) {
    super(PROC_PID_INO_BASE + pid * 16, 0o555, k.clockNs, parent);
    this.name = String(pid);
    this.dev = PROC_DEV;
  }

  override get readOnlyFs(): boolean {
    return true;
  }

  /** Procfs directories are made on every lookup: the path comes from the pid. */
  override path(): string {
    return `/proc/${this.pid}`;
  }

  override lookup(name: string): Inode | undefined {
    const i = PID_FILES.indexOf(name as PidFile);
    if (i < 0 || !this.k.procs.has(this.pid)) return undefined;
    return new ProcFileInode(this.ino + 1 + i, this.k.clockNs, () => pidFile(this.k, this.pid, name as PidFile));
  }

  override list(): [string, Inode][] {
    return PID_FILES.map((n) => [n, this.lookup(n)!] as [string, Inode]).filter(([, i]) => i);
  }
}

/** /proc itself: meminfo, self and one directory per process. */
export class ProcRootInode extends DirInode {
  constructor(private readonly k: Kernel, nowNs: number) {
    super(PROC_ROOT_INO, 0o555, nowNs);
    this.dev = PROC_DEV;
  }

  override get readOnlyFs(): boolean {
    return true;
  }

  override lookup(name: string): Inode | undefined {
    if (name === 'self') return new ProcSelfInode(this.k.clockNs);
    if (name === 'meminfo') return new ProcFileInode(PROC_MEMINFO_INO, this.k.clockNs, () => meminfo(this.k));
    if (!/^[1-9][0-9]*$/.test(name)) return undefined;
    const pid = Number(name);
    return this.k.procs.has(pid) ? new ProcPidDirInode(this.k, pid, this) : undefined;
  }

  override list(): [string, Inode][] {
    const out: [string, Inode][] = [];
    for (const name of ['meminfo', 'self']) out.push([name, this.lookup(name)!]);
    for (const pid of [...this.k.procs.keys()].sort((a, b) => a - b)) out.push([String(pid), this.lookup(String(pid))!]);
    return out;
  }
}

/** Contents of /proc/<pid>/<name>; empty when the process is gone. */
function pidFile(k: Kernel, pid: number, name: PidFile): string {
  const p = k.procs.get(pid);
  if (!p) return '';
  switch (name) {
    case 'comm': return p.name + '\n';
    case 'maps': return p.zombie ? '' : maps(p);
    case 'stat': return stat(k, p);
    case 'status': return status(k, p);
  }
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * /proc/<pid>/maps, one line per VMA as fs/proc/task_mmu.c show_map_vma prints it:
 * `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu `, then, when the VMA has a name, spaces up to
 * column MAPS_NAME_PAD, one more space and the name. Anonymous VMAs show offset 0, device
 * 00:00 and inode 0.
 */
export function maps(p: Process): string {
  let out = '';
  for (const v of p.mm.vmas) {
    const file = (v as { backing?: { ino: number } }).backing ?? (v.file as { ino?: number } | undefined);
    const isFile = v.kind === 'file' || !!(v as { backing?: unknown }).backing;
    const ino = isFile ? file?.ino ?? 0 : 0;
    const dev = isFile && ino ? ROOT_DEV : 0;
    const offset = isFile ? v.fileOffset : 0;
    const major = (dev >> 8) & 0xfff;
    const minor = (dev & 0xff) | ((dev >> 12) & ~0xff);
    let line = `${hex(v.start, 8)}-${hex(v.end, 8)} ${v.perms} ${hex(offset, 8)} ${hex(major, 2)}:${hex(minor, 2)} ${ino} `;
    if (v.name) line = line.padEnd(MAPS_NAME_PAD, ' ') + ' ' + v.name;
    out += line + '\n';
  }
  return out;
}

/** Sizes in kB that /proc/<pid>/status reports (Linux task_mem). */
function memCounters(p: Process): Record<string, number> {
  const kb = (bytes: number): number => Math.floor(bytes / 1024);
  const c = { size: 0, rss: 0, anon: 0, file: 0, shmem: 0, data: 0, stk: 0, exe: 0 };
  if (p.zombie) return c;
  for (const v of p.mm.vmas) {
    const bytes = v.end - v.start;
    const resident = p.mm.residentPages(v.start, v.end) * PAGE_SIZE;
    c.size += kb(bytes);
    c.rss += kb(resident);
    if (v.shared) c.shmem += kb(resident);
    else if (v.kind === 'file' || (v as { backing?: unknown }).backing) c.file += kb(resident);
    else c.anon += kb(resident);
    if (v.kind === 'stack') c.stk += kb(bytes);
    else if (v.perms[1] === 'w' && v.perms[3] === 'p') c.data += kb(bytes);
    else if (v.perms[2] === 'x' && v.kind === 'file') c.exe += kb(bytes);
  }
  return c;
}

/** The /proc/<pid>/stat letter and the "State:" text of each process state (fs/proc/array.c task_state_array). */
const PROC_STATES: Record<ProcessState, [string, string]> = {
  running: ['R', 'R (running)'],
  runnable: ['R', 'R (running)'],
  sleeping: ['S', 'S (sleeping)'],
  stopped: ['T', 'T (stopped)'],
  zombie: ['Z', 'Z (zombie)'],
};

/** Linux's "State:" text and /proc/<pid>/stat letter for a process (Process.state, as the Processes view shows it). */
function stateOf(k: Kernel, p: Process): [string, string] {
  return PROC_STATES[p.state(k.current?.tid)];
}

/** Signal sets of a process as 64-bit masks: pending, shared pending, blocked, ignored, caught. */
function signalSets(p: Process): bigint[] {
  const main = p.liveThreads[0];
  const sh = (p as { sighand?: { actions: { handler: bigint }[] } }).sighand;
  let ign = 0n;
  let cgt = 0n;
  for (let sig = 1; sh && sig < sh.actions.length; sig++) {
    const h = sh.actions[sig].handler;
    if (h === SIG_IGN) ign |= sigmask(sig);
    else if (h > SIG_IGN) cgt |= sigmask(sig);
  }
  const pnd = (main as { sigPending?: { set: bigint } } | undefined)?.sigPending?.set ?? 0n;
  const shd = (p as { sigPending?: { set: bigint } }).sigPending?.set ?? 0n;
  const blk = (main as { sigBlocked?: bigint } | undefined)?.sigBlocked ?? 0n;
  return [pnd, shd, blk, ign, cgt];
}

/** /proc/<pid>/status (proc(5)): tab-separated fields, sizes as "%8lu kB". */
export function status(k: Kernel, p: Process): string {
  const m = memCounters(p);
  const kbLine = (label: string, v: number): string => `${label}:\t${String(v).padStart(8)} kB\n`;
  const sig = signalSets(p).map((s) => hex(Number(BigInt.asUintN(64, s) >> 32n), 8) + hex(Number(BigInt.asUintN(32, s)), 8));
  const leader = p.zombie ? undefined : p.leader;
  const fds = leader ? leader.files.openFds() : [];
  const fdSize = Math.max(64, 2 ** Math.ceil(Math.log2((fds[fds.length - 1] ?? 0) + 1)));
  const pgid = (p as { pgid?: number }).pgid ?? p.pid;
  const sid = (p as { sid?: number }).sid ?? p.pid;
  return `Name:\t${p.name}\n` +
    `Umask:\t${(leader?.fs.umask ?? DEFAULT_UMASK).toString(8).padStart(4, '0')}\n` +
    `State:\t${stateOf(k, p)[1]}\n` +
    `Tgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nTracerPid:\t0\n` +
    'Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n' +
    `FDSize:\t${fdSize}\nGroups:\t\n` +
    `NStgid:\t${p.pid}\nNSpid:\t${p.pid}\nNSpgid:\t${pgid}\nNSsid:\t${sid}\n` +
    kbLine('VmPeak', m.size) + kbLine('VmSize', m.size) + kbLine('VmLck', 0) + kbLine('VmPin', 0) +
    kbLine('VmHWM', m.rss) + kbLine('VmRSS', m.rss) + kbLine('RssAnon', m.anon) + kbLine('RssFile', m.file) +
    kbLine('RssShmem', m.shmem) + kbLine('VmData', m.data) + kbLine('VmStk', m.stk) + kbLine('VmExe', m.exe) +
    kbLine('VmLib', 0) + kbLine('VmPTE', 0) + kbLine('VmSwap', 0) + kbLine('HugetlbPages', 0) +
    'CoreDumping:\t0\nTHP_enabled:\t0\n' +
    `Threads:\t${p.zombie ? 1 : p.liveThreads.length}\n` +
    'SigQ:\t0/0\n' +
    `SigPnd:\t${sig[0]}\nShdPnd:\t${sig[1]}\nSigBlk:\t${sig[2]}\nSigIgn:\t${sig[3]}\nSigCgt:\t${sig[4]}\n` +
    'CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n' +
    'CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n' +
    'Cpus_allowed:\t1\nCpus_allowed_list:\t0\n' +
    'voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n';
}

/** /proc/<pid>/stat (proc(5)): the 52 space-separated fields of fs/proc/array.c do_task_stat. */
export function stat(k: Kernel, p: Process): string {
  const ticks = (ns: number): number => Math.floor(ns / (1e9 / USER_HZ));
  const [pnd, shd, blk, ign, cgt] = signalSets(p);
  const vmas = p.zombie ? [] : p.mm.vmas;
  const code = vmas.filter((v) => v.kind === 'file' && v.perms[2] === 'x');
  const data = vmas.filter((v) => v.kind === 'file' && v.perms[1] === 'w');
  const vsize = vmas.reduce((s, v) => s + (v.end - v.start), 0);
  const rss = p.zombie ? 0 : p.mm.residentPages(0, 2 ** 38);
  const cpu = (p as { cpu?: { self: number; children: number } }).cpu ?? { self: 0, children: 0 };
  const nice = p.liveThreads[0] ? ((p.liveThreads[0] as { nice?: number }).nice ?? 0) : 0;
  const fields: (number | string | bigint)[] = [
    p.pid, `(${p.name})`, stateOf(k, p)[0], p.ppid, (p as { pgid?: number }).pgid ?? p.pid,
    (p as { sid?: number }).sid ?? p.pid, 0, -1, 0,
    p.minFlt, 0, 0, 0, // minflt (every fault is minor: no disk), cminflt, majflt, cmajflt
    ticks(cpu.self), 0, ticks(cpu.children), 0,
    20 + nice, nice, p.zombie ? 1 : p.liveThreads.length, 0,
    ticks((p as { startNs?: number }).startNs ?? 0), vsize, rss, '18446744073709551615',
    code[0]?.start ?? 0, code[0]?.end ?? 0, p.zombie ? 0 : p.mm.startStack, 0, 0,
    BigInt.asUintN(64, pnd | shd), BigInt.asUintN(64, blk), BigInt.asUintN(64, ign), BigInt.asUintN(64, cgt),
    0, 0, 0, (p as { exitSignal?: number }).exitSignal ?? 17, 0, 0, 0, 0, 0, 0,
    data[0]?.start ?? 0, data[0]?.end ?? 0, p.zombie ? 0 : p.mm.startBrk, 0, 0, 0, 0,
    p.zombie ? (p.exitStatus ?? 0) : 0,
  ];
  return fields.join(' ') + '\n';
}

/** /proc/meminfo (proc(5)): "%-16s%8lu kB" lines from the frame allocator (frames are 4 KiB pages). */
export function meminfo(k: Kernel): string {
  const kb = PAGE_SIZE / 1024;
  const total = k.frames.total * kb;
  const free = k.frames.available * kb;
  const line = (label: string, v: number): string => `${(label + ':').padEnd(16)}${String(v).padStart(8)} kB\n`;
  return line('MemTotal', total) + line('MemFree', free) + line('MemAvailable', free) + line('Buffers', 0) +
    line('Cached', 0) + line('SwapCached', 0) + line('Active', 0) + line('Inactive', 0) +
    line('SwapTotal', 0) + line('SwapFree', 0) + line('Dirty', 0) + line('Writeback', 0) +
    line('AnonPages', total - free) + line('Mapped', 0) + line('Shmem', 0);
}
