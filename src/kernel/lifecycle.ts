import { REG_A0, REG_SP, REG_TP } from './abi';
import { EAGAIN, EINVAL, ENOMEM } from './errno';
import type { Kernel } from './kernel';
import { Process, Thread } from './process';
import { SIGKILL, signaledStatus } from './signal';

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

/**
 * clone(2) for the current thread `t`, whose ecall is at `sepc`: a new process (copy-on-write
 * address space, copied file table) or, with CLONE_VM | CLONE_THREAD, a new thread of the same
 * process. Returns the child's id, or -EINVAL (unsupported or inconsistent flags), -EAGAIN
 * (process limit), -ENOMEM. The child resumes after the ecall with a0 = 0.
 */
export function clone(k: Kernel, t: Thread, sepc: number, args: CloneArgs): number {
  const { flags } = args;
  if (flags & ~SUPPORTED_CLONE_FLAGS) return -EINVAL;
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
  const parent = t.process;
  const ctx = k.hart.saveContext();
  ctx.pc = sepc + 4;
  ctx.x[REG_A0] = 0n;
  if (args.newsp) ctx.x[REG_SP] = BigInt(args.newsp);
  if (flags & CLONE_SETTLS) ctx.x[REG_TP] = args.tls;
  const id = (): number => k.allocId();
  let child: Thread;
  if (flags & CLONE_THREAD) {
    child = new Thread(id(), parent, ctx);
    parent.threads.push(child);
    k.threadsById.set(child.tid, child);
    k.sched.enqueue(child);
  } else {
    if (k.procs.size >= k.maxProcesses) return -EAGAIN;
    const mm = flags & CLONE_VM ? parent.mm : parent.mm.fork();
    if (!mm) return -ENOMEM;
    if (flags & CLONE_VM) mm.users++;
    const files = flags & CLONE_FILES ? parent.files : parent.files.clone();
    if (flags & CLONE_FILES) files.users++;
    const pid = id();
    const ppid = flags & CLONE_PARENT ? parent.ppid : parent.pid;
    const proc = new Process(pid, ppid, parent.name, mm, files);
    k.procs.get(ppid)?.children.add(pid);
    child = new Thread(pid, proc, ctx);
    k.addProcess(proc, child);
  }
  const um = k.userMemory(t.process);
  if (flags & CLONE_PARENT_SETTID) um.writeU32(args.ptid, child.tid);
  if (flags & CLONE_CHILD_SETTID) k.userMemory(child.process).writeU32(args.ctid, child.tid);
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = args.ctid;
  k.emit('fork', { parentPid: parent.pid, childPid: child.process.pid, tid: t.tid, flags }, !!k.stopOn.fork);
  return child.tid;
}

/** Wakes every sleeping thread that `match` selects. */
export function wakeWaiters(k: Kernel, match: (t: Thread) => boolean): void {
  for (const t of k.threadsById.values()) if (t.state === 'sleeping' && match(t)) k.wake(t);
}

/** Ends one thread (exit(2)); the process exits with `status` when it was the last thread. */
export function exitThread(k: Kernel, t: Thread, status: number): void {
  const p = t.process;
  if (p.liveThreads.length <= 1) { exitProcess(k, p, status); return; }
  if (t.clearChildTid) {
    // set_tid_address(2): the kernel zeroes *clear_child_tid at exit (and futex-wakes it).
    k.userMemory(p).writeU32(t.clearChildTid, 0);
  }
  killThread(k, t);
}

/** Marks a thread dead and forgets it. */
function killThread(k: Kernel, t: Thread): void {
  if (k.current === t) k.unload();
  t.state = 'dead';
  k.sched.remove(t);
  k.threadsById.delete(t.tid);
}

/**
 * Ends a whole process with wait4 status `status` (exit_group(2), or death by signal): every
 * thread dies, its address space and file table lose this reference (freed by the last one),
 * its children go to the first process, and it becomes a zombie until its parent reaps it.
 * When the first process itself exits, every other process is killed and reaped: the run is over.
 */
export function exitProcess(k: Kernel, p: Process, status: number): void {
  if (p.zombie) return;
  const tid = p.threads[0]?.tid ?? p.pid;
  for (const t of p.threads) if (t.state !== 'dead') killThread(k, t);
  p.mm.release();
  k.invalidateSatp();
  p.files.release();
  p.zombie = true;
  p.exitStatus = status;
  const init = k.procs.get(k.initPid);
  for (const cpid of p.children) {
    const c = k.procs.get(cpid);
    if (!c) continue;
    if (init && init !== p) { c.ppid = init.pid; init.children.add(cpid); } else c.ppid = 0;
  }
  p.children.clear();
  k.emit('exit', { pid: p.pid, tid, status }, !!k.stopOn.exit);
  const parent = k.procs.get(p.ppid);
  if (parent && !parent.zombie) {
    // SIGCHLD's default action is to ignore it; what matters is waking a parent in wait4.
    wakeWaiters(k, (t) => t.process === parent && t.wait?.kind === 'child');
  } else {
    reap(k, p);
  }
  if (p.pid === k.initPid) {
    k.finalStatus = status;
    for (const other of [...k.procs.values()]) {
      if (!other.zombie) exitProcess(k, other, signaledStatus(SIGKILL));
    }
    for (const other of [...k.procs.values()]) reap(k, other);
  }
}

/** Death by signal: the process exits with the signal in its wait status. */
export function killProcess(k: Kernel, p: Process, sig: number): void {
  for (const t of p.threads) t.pendingSignal = 0;
  exitProcess(k, p, signaledStatus(sig));
}

/** Removes a zombie for good (wait4 collected it, or nobody will). */
export function reap(k: Kernel, p: Process): void {
  k.procs.delete(p.pid);
  k.procs.get(p.ppid)?.children.delete(p.pid);
}
