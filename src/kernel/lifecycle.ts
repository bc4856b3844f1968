import { REG_A0, REG_SP, REG_TP } from './abi';
import { EAGAIN, EINVAL, ENOMEM } from './errno';
import { futexExitCleanup } from './futex';
import { initAdopt, initChildExited } from './init';
import type { Kernel } from './kernel';
import { Process, Thread } from './process';
import type { FileTable } from './files';
import type { FsInfo } from './vfs/fsinfo';
import { RLIMIT_NPROC } from './rlimit';
import { SIGCHLD, signaledStatus, validSignal } from './signal';
import { sendProcessSignal } from './signals/deliver';
import { CLD_EXITED, CLD_KILLED, SA_NOCLDWAIT, SIG_IGN, SS_DISABLE } from './signals/state';
import { completeSyscall } from './syscall/restart';
import { BLOCK, type SyscallResult } from './syscall/args';

/** clone(2) flags (include/uapi/linux/sched.h). */
export const CSIGNAL = 0x000000ff;
export const CLONE_VM = 0x00000100;
export const CLONE_FS = 0x00000200;
export const CLONE_FILES = 0x00000400;
export const CLONE_SIGHAND = 0x00000800;
export const CLONE_VFORK = 0x00004000;
export const CLONE_PARENT = 0x00008000;
export const CLONE_THREAD = 0x00010000;
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_SETTLS = 0x00080000;
export const CLONE_PARENT_SETTID = 0x00100000;
export const CLONE_CHILD_CLEARTID = 0x00200000;
export const CLONE_DETACHED = 0x00400000;
export const CLONE_CHILD_SETTID = 0x01000000;

/** The clone flags this kernel implements; any other bit gives EINVAL. */
const SUPPORTED_CLONE_FLAGS = CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK |
  CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |
  CLONE_DETACHED | CLONE_CHILD_SETTID;

/** User pointers and values of a clone call (riscv64 argument order: flags, newsp, ptid, tls, ctid). */
export interface CloneArgs {
  flags: number;
  newsp: number;
  ptid: number;
  tls: bigint;
  ctid: number;
}

/** Processes that count against RLIMIT_NPROC: every process but init (the kernel's own, pid 1). */
export function userProcessCount(k: Kernel): number {
  return k.procs.size - (k.procs.has(k.initPid) ? 1 : 0);
}

/** Flag combinations clone(2) refuses with EINVAL. */
function badCloneFlags(flags: number): boolean {
  if (flags & ~SUPPORTED_CLONE_FLAGS) return true;
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return true;
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return true;
  return false;
}

/**
 * clone(2) for the current thread `t`, whose ecall is at `sepc`: a new process (copy-on-write
 * or shared address space, copied or shared file table, fs info and signal handlers, per the
 * CLONE_* flags) or, with CLONE_THREAD, a new thread of the same process. Returns the child's id
 * (BLOCK with CLONE_VFORK: the caller sleeps until the child task execs or exits, then gets the
 * id), or -EINVAL (unsupported or inconsistent flags), -EAGAIN (RLIMIT_NPROC), -ENOMEM. The child
 * resumes after the ecall with a0 = 0, on `newsp` when it is not 0. The CSIGNAL byte is taken
 * unchecked, as Linux's legacy clone takes it: an exit signal above _NSIG is never sent (see
 * notifyParentOfExit), and the child is a "clone" child for wait4.
 */
export function clone(k: Kernel, t: Thread, sepc: number, args: CloneArgs): SyscallResult {
  const { flags } = args;
  if (badCloneFlags(flags)) return -EINVAL;
  const parent = t.process;
  const ctx = k.hart.saveContext();
  ctx.pc = sepc + 4;
  ctx.x[REG_A0] = 0n;
  if (args.newsp) ctx.x[REG_SP] = BigInt(args.newsp);
  if (flags & CLONE_SETTLS) ctx.x[REG_TP] = args.tls;
  let child: Thread;
  if (flags & CLONE_THREAD) {
    child = new Thread(k.allocId(), parent, ctx, taskFiles(t, flags), taskFs(t, flags));
    parent.threads.push(child);
    k.threadsById.set(child.tid, child);
  } else {
    const made = cloneProcess(k, t, flags, ctx);
    if (typeof made === 'number') return made;
    child = made;
  }
  child.sigBlocked = t.sigBlocked;
  child.nice = t.nice;
  child.pass = t.pass;
  if ((flags & (CLONE_VM | CLONE_VFORK)) !== CLONE_VM) child.altStack = { ...t.altStack };
  else child.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  if (flags & CLONE_THREAD) { k.sched.enqueue(child); } else k.addProcess(child.process, child);
  if (flags & CLONE_PARENT_SETTID) k.userMemory(parent).writeU32(args.ptid, child.tid);
  if (flags & CLONE_CHILD_SETTID) k.userMemory(child.process).writeU32(args.ctid, child.tid);
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = args.ctid;
  k.emit('fork', { parentPid: parent.pid, childPid: child.process.pid, childTid: child.tid, tid: t.tid, flags }, !!k.stopOn.fork);
  if (flags & CLONE_VFORK) {
    child.vforkParent = t;
    t.state = 'sleeping';
    t.wait = { kind: 'vfork', childTid: child.tid };
    return BLOCK;
  }
  return child.tid;
}

/** The process half of clone: address space, files, fs, handlers, ids, rlimits. */
function cloneProcess(k: Kernel, t: Thread, flags: number, ctx: Thread['ctx']): Thread | number {
  const parent = t.process;
  const nproc = Number(parent.rlimits[RLIMIT_NPROC].cur < BigInt(k.maxProcesses) ? parent.rlimits[RLIMIT_NPROC].cur : BigInt(k.maxProcesses));
  if (userProcessCount(k) >= nproc) return -EAGAIN;
  const mm = flags & CLONE_VM ? parent.mm : parent.mm.fork();
  if (!mm) return -ENOMEM;
  if (flags & CLONE_VM) mm.users++;
  const pid = k.allocId();
  const ppid = flags & CLONE_PARENT ? parent.ppid : parent.pid;
  const proc = new Process(pid, ppid, parent.name, mm);
  if (flags & CLONE_SIGHAND) { proc.sighand = parent.sighand; parent.sighand.users++; } else proc.sighand = parent.sighand.clone();
  proc.pgid = parent.pgid;
  proc.sid = parent.sid;
  proc.rlimits = parent.rlimits.map((r) => ({ ...r }));
  proc.exitSignal = flags & CLONE_PARENT ? parent.exitSignal : flags & CSIGNAL;
  proc.startNs = k.clockNs;
  k.procs.get(ppid)?.children.add(pid);
  return new Thread(pid, proc, ctx, taskFiles(t, flags), taskFs(t, flags));
}

/** The new task's file table: the caller's, shared (CLONE_FILES), or a copy of it. */
function taskFiles(t: Thread, flags: number): FileTable {
  if (!(flags & CLONE_FILES)) return t.files.clone();
  t.files.users++;
  return t.files;
}

/** The new task's cwd/root/umask: the caller's, shared (CLONE_FS), or a copy of it. */
function taskFs(t: Thread, flags: number): FsInfo {
  if (!(flags & CLONE_FS)) return t.fs.clone();
  t.fs.users++;
  return t.fs;
}

/** Wakes every sleeping thread that `match` selects. */
export function wakeWaiters(k: Kernel, match: (t: Thread) => boolean): void {
  for (const t of k.threadsById.values()) if (t.state === 'sleeping' && match(t)) k.wake(t);
}

/** Ends one thread (exit(2)); the process exits with `status` when it was the last thread. */
export function exitThread(k: Kernel, t: Thread, status: number): void {
  const p = t.process;
  if (p.liveThreads.length <= 1) { exitProcess(k, p, status); return; }
  futexExitCleanup(k, t);
  killThread(k, t);
}

/** Marks a thread dead and forgets it (its registers are gone; its CPU time stays with the process). */
export function killThread(k: Kernel, t: Thread): void {
  if (t.state === 'dead') return;
  if (k.current === t) k.unload();
  vforkRelease(k, t);
  // The task's references go with it; the last holder of a file table closes its files.
  t.files.release();
  t.fs.users--;
  t.state = 'dead';
  t.wait = undefined;
  t.blocked = undefined;
  k.sched.remove(t);
  k.threadsById.delete(t.tid);
}

/**
 * Vfork child task `child` stopped using its parent's memory (it execs or exits; Linux
 * mm_release completing vfork_done): the parent thread's clone returns the child's id.
 */
export function vforkRelease(k: Kernel, child: Thread): void {
  const t = child.vforkParent;
  if (!t) return;
  child.vforkParent = undefined;
  if (t.wait?.kind === 'vfork' && t.wait.childTid === child.tid) completeSyscall(k, t, child.tid);
}

/**
 * Ends a whole process with wait4 status `status` (exit_group(2), or death by signal): every
 * thread dies (clear_child_tid and robust futexes handled first), the address space, file table,
 * fs info and handlers lose this reference (the last holder frees them), a vfork parent resumes
 * (each dying thread releases the parent that vforked it),
 * children go to init, and it becomes a zombie until its parent reaps it. The parent gets its
 * exit signal (SIGCHLD) and its wait4 wakes; a parent ignoring SIGCHLD (SIG_IGN / SA_NOCLDWAIT)
 * leaves no zombie. Init reaps its own children at once; the program's exit ends the run.
 */
export function exitProcess(k: Kernel, p: Process, status: number): void {
  if (p.zombie) return;
  const tid = p.threads[0]?.tid ?? p.pid;
  for (const t of p.threads) if (t.state !== 'dead') { futexExitCleanup(k, t); killThread(k, t); }
  p.mm.release();
  k.invalidateSatp();
  p.sighand.users--;
  p.zombie = true;
  p.stopped = false;
  p.exitStatus = status;
  for (const cpid of p.children) {
    const c = k.procs.get(cpid);
    if (c && c.pid !== k.initPid) initAdopt(k, c);
  }
  p.children.clear();
  k.emit('exit', { pid: p.pid, tid, status }, !!k.stopOn.exit && !p.exitStopReported);
  notifyParentOfExit(k, p, status);
}

/**
 * The `exit` filter's stop before thread `t`'s process exits with `status` (Linux
 * PTRACE_EVENT_EXIT: registers and memory can still be examined). Returns true when it asked
 * for the stop; the caller then leaves the exit to be redone when the run resumes.
 */
export function stopBeforeExit(k: Kernel, t: Thread, status: number): boolean {
  const p = t.process;
  if (!k.stopOn.exit || p.exitStopReported) return false;
  p.exitStopReported = true;
  k.stopBefore({ kind: 'event', tid: t.tid, event: { name: 'exit', data: { pid: p.pid, tid: t.tid, status } } });
  return true;
}

/** Sends the exit signal and wakes wait4, or reaps at once when nobody will (see exitProcess). */
function notifyParentOfExit(k: Kernel, p: Process, status: number): void {
  const parent = k.procs.get(p.ppid);
  if (!parent || parent.zombie) { reap(k, p); return; }
  if (parent.pid === k.initPid) { initChildExited(k, p); return; }
  const sig = status & 0x7f;
  const info = { signo: p.exitSignal, code: sig ? CLD_KILLED : CLD_EXITED, pid: p.pid, uid: 0, status: sig || (status >> 8) & 0xff, utime: 0 };
  const act = parent.sighand.get(SIGCHLD);
  const autoReap = p.exitSignal === SIGCHLD && (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT) !== 0);
  // Linux do_notify_parent: only a valid signal is sent (legacy clone stores any CSIGNAL byte).
  if (validSignal(p.exitSignal)) sendProcessSignal(k, parent, info);
  if (autoReap) reap(k, p);
  wakeWaiters(k, (t) => t.process === parent && t.wait?.kind === 'child');
}

/** Death by signal: the process exits with the signal in its wait status. */
export function killProcess(k: Kernel, p: Process, sig: number): void {
  exitProcess(k, p, signaledStatus(sig));
}

/** Removes a zombie for good (wait4 collected it, or nobody will); its CPU time goes to the parent. */
export function reap(k: Kernel, p: Process): void {
  k.procs.delete(p.pid);
  const parent = k.procs.get(p.ppid);
  if (parent) {
    parent.children.delete(p.pid);
    parent.cpu.children += p.cpu.self + p.cpu.children;
  }
}

/** unshare(2) flags this kernel implements. */
const UNSHARE_SUPPORTED = CLONE_FS | CLONE_FILES | CLONE_SYSVSEM;

/**
 * unshare(2): gives the calling thread its own copy of the fs info (CLONE_FS) and/or file
 * table (CLONE_FILES) when they are shared, with other threads of its process or with other
 * processes; CLONE_SYSVSEM is accepted (no System V semaphores). -EINVAL for any other flag.
 */
export function unshare(t: Thread, flags: number): number {
  if (flags & ~UNSHARE_SUPPORTED) return -EINVAL;
  if ((flags & CLONE_FS) && t.fs.users > 1) { t.fs.users--; t.fs = t.fs.clone(); }
  if ((flags & CLONE_FILES) && t.files.users > 1) {
    const copy = t.files.clone();
    t.files.release();
    t.files = copy;
  }
  return 0;
}

/** Processes of group `pgid` that are alive. */
export function processGroup(k: Kernel, pgid: number): Process[] {
  return [...k.procs.values()].filter((p) => p.pgid === pgid && !p.zombie);
}
