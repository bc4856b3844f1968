import { ECALL_BYTES, REG_A0, REG_SP, REG_TP } from './abi';
import { EAGAIN, EINVAL, ENOMEM } from './errno';
import { futexExitCleanup } from './futex';
import { initAdopt, initChildExited } from './init';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import { Process, Thread } from './process';
import type { FileTable } from './files';
import type { FsInfo } from './vfs/fsinfo';
import { RLIMIT_NPROC } from './rlimit';
import { SIGCHLD, signaledStatus, signalName, validSignal } from './signal';
import { sendProcessSignal } from './signals/deliver';
import { CLD_EXITED, CLD_KILLED, SA_NOCLDWAIT, SIG_IGN, SS_DISABLE } from './signals/state';
import { call, pause, runToEnd, type Steps } from './steps/path';
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

/** The clone flags this kernel implements, by name; any other bit gives EINVAL. */
const CLONE_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [CLONE_VM, 'CLONE_VM'], [CLONE_FS, 'CLONE_FS'], [CLONE_FILES, 'CLONE_FILES'], [CLONE_SIGHAND, 'CLONE_SIGHAND'],
  [CLONE_VFORK, 'CLONE_VFORK'], [CLONE_PARENT, 'CLONE_PARENT'], [CLONE_THREAD, 'CLONE_THREAD'],
  [CLONE_SYSVSEM, 'CLONE_SYSVSEM'], [CLONE_SETTLS, 'CLONE_SETTLS'], [CLONE_PARENT_SETTID, 'CLONE_PARENT_SETTID'],
  [CLONE_CHILD_CLEARTID, 'CLONE_CHILD_CLEARTID'], [CLONE_DETACHED, 'CLONE_DETACHED'], [CLONE_CHILD_SETTID, 'CLONE_CHILD_SETTID'],
];
const SUPPORTED_CLONE_FLAGS = CLONE_FLAG_NAMES.reduce((all, [bit]) => all | bit, CSIGNAL);
/** wait4 status word: the terminating signal's bits, and where the exit code sits (wait(2)). */
const STATUS_SIGNAL_MASK = 0x7f;
const STATUS_CODE_SHIFT = 8;
const STATUS_CODE_MASK = 0xff;

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

/** Clone flags for a pause (`CLONE_VM|CLONE_THREAD|SIGCHLD`; unknown bits in hex; `0` for none). */
function cloneFlagText(flags: number): string {
  const names = CLONE_FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
  const unknown = flags & ~SUPPORTED_CLONE_FLAGS;
  if (unknown) names.push(`0x${(unknown >>> 0).toString(16)}`);
  const sig = flags & CSIGNAL;
  if (sig) names.push(validSignal(sig) ? signalName(sig) : String(sig));
  return names.join('|') || '0';
}

/**
 * clone(2) for the current thread `t`, whose ecall is at `sepc`: a new process (copy-on-write
 * or shared address space, copied or shared file table, fs info and signal handlers, per the
 * CLONE_* flags) or, with CLONE_THREAD, a new thread of the same process. Returns the child's id
 * (BLOCK with CLONE_VFORK: the caller sleeps until the child task execs or exits, then gets the
 * id), or -EINVAL (unsupported or inconsistent flags), -EAGAIN (RLIMIT_NPROC), -ENOMEM. The child
 * resumes after the ecall with a0 = 0, on `newsp` when it is not 0. The CSIGNAL byte is taken
 * unchecked, as Linux's legacy clone takes it: an exit signal above _NSIG is never sent (see
 * exitNotify), and the child is a "clone" child for wait4. Runs `kernelClone` with no pause.
 */
export function clone(k: Kernel, t: Thread, sepc: number, args: CloneArgs): SyscallResult {
  return runToEnd(kernelClone(k, t, sepc, args));
}

/**
 * clone as a steppable path (Linux kernel_clone): the flag check, copy_process (its own frame),
 * the child made visible to the kernel (`clone.attach`: before it, the child is in no list;
 * at the next pause it is in `k.procs`, its parent's children and the thread table), put on
 * the run queue (wake_up_new_task), the tid writes, and a vfork parent going to sleep.
 */
export function* kernelClone(k: Kernel, t: Thread, sepc: number, args: CloneArgs): Steps<SyscallResult> {
  const { flags } = args;
  const parent = t.process;
  const bad = badCloneFlags(flags);
  const decision = bad ? '-EINVAL' : flags & CLONE_THREAD ? 'a new thread of this process' : 'a new process';
  yield pause('clone.check_flags', { pid: parent.pid, tid: t.tid, facts: { cloneFlags: cloneFlagText(flags), decision } });
  if (bad) return -EINVAL;
  const child = yield* call('clone.call_copy_process', 'copyProcess', copyProcess(k, t, sepc, args));
  if (typeof child === 'number') return child;
  const facts = { childPid: child.process.pid, childTid: child.tid };
  yield pause('clone.attach', { pid: parent.pid, tid: t.tid, facts });
  attachTask(k, child, (flags & CLONE_THREAD) !== 0);
  yield pause('clone.wake_new_task', { pid: parent.pid, tid: t.tid, facts });
  k.sched.enqueue(child);
  if (flags & (CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
    yield pause('clone.set_tids', { pid: parent.pid, tid: t.tid, facts });
  }
  if (flags & CLONE_PARENT_SETTID) k.userMemory(parent).writeU32(args.ptid, child.tid);
  if (flags & CLONE_CHILD_SETTID) k.userMemory(child.process).writeU32(args.ctid, child.tid);
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = args.ctid;
  k.emit('fork', { parentPid: parent.pid, childPid: child.process.pid, childTid: child.tid, tid: t.tid, flags }, !!k.stopOn.fork);
  if (flags & CLONE_VFORK) {
    yield pause('clone.vfork_wait', { pid: parent.pid, tid: t.tid, facts });
    child.vforkParent = t;
    t.state = 'sleeping';
    t.wait = { kind: 'vfork', childTid: child.tid };
    return BLOCK;
  }
  return child.tid;
}

/**
 * Linux copy_process: the child task, not yet visible anywhere. For a new process: the
 * RLIMIT_NPROC check, then the address space, file table, fs info and signal handlers, each
 * shared or copied by its clone flag (a pause before each shows the decision); a CLONE_THREAD
 * child shares its process's. Returns the child, or -EAGAIN / -ENOMEM with nothing taken.
 */
function* copyProcess(k: Kernel, t: Thread, sepc: number, args: CloneArgs): Steps<Thread | number> {
  const { flags } = args;
  const parent = t.process;
  const thread = (flags & CLONE_THREAD) !== 0;
  let mm = parent.mm;
  if (!thread) {
    const limit = parent.rlimits[RLIMIT_NPROC].cur < BigInt(k.maxProcesses) ? Number(parent.rlimits[RLIMIT_NPROC].cur) : k.maxProcesses;
    const count = userProcessCount(k);
    const nprocDecision = count >= limit ? '-EAGAIN' : 'below the limit';
    yield pause('fork.nproc_check', { pid: parent.pid, facts: { processes: count, limit, decision: nprocDecision } });
    if (count >= limit) return -EAGAIN;
    const mmDecision = flags & CLONE_VM ? 'share (CLONE_VM)' : 'copy-on-write copy (dup_mmap)';
    yield pause('fork.copy_mm', { pid: parent.pid, facts: { decision: mmDecision, mmUsers: mm.users } });
    if (flags & CLONE_VM) mm.users++;
    else {
      const copy = yield* call('fork.call_dup_mmap', 'dupMmap', parent.mm.dupMmap());
      if (!copy) return -ENOMEM;
      mm = copy;
    }
  }
  const filesDecision = flags & CLONE_FILES ? 'share (CLONE_FILES)' : 'copy the table';
  yield pause('fork.copy_files', { pid: parent.pid, facts: { decision: filesDecision, tableUsers: t.files.users } });
  const files = taskFiles(t, flags);
  const fsDecision = flags & CLONE_FS ? 'share (CLONE_FS)' : 'copy cwd, root, umask';
  yield pause('fork.copy_fs', { pid: parent.pid, facts: { decision: fsDecision, fsUsers: t.fs.users } });
  const fs = taskFs(t, flags);
  let proc = parent;
  if (!thread) {
    const sighandDecision = flags & CLONE_SIGHAND ? 'share (CLONE_SIGHAND)' : 'copy the handlers';
    yield pause('fork.copy_sighand', { pid: parent.pid, facts: { decision: sighandDecision, handlerUsers: parent.sighand.users } });
    proc = newProcess(k, parent, flags, mm);
  }
  const ctx = k.hart.saveContext();
  ctx.pc = sepc + ECALL_BYTES;
  ctx.x[REG_A0] = 0n;
  if (args.newsp) ctx.x[REG_SP] = BigInt(args.newsp);
  if (flags & CLONE_SETTLS) ctx.x[REG_TP] = args.tls;
  yield pause('fork.new_task', { pid: parent.pid, facts: { childPc: BigInt(ctx.pc), childSp: ctx.x[REG_SP], childA0: 0 } });
  const child = new Thread(thread ? k.allocId() : proc.pid, proc, ctx, files, fs);
  child.sigBlocked = t.sigBlocked;
  child.nice = t.nice;
  child.pass = t.pass;
  if ((flags & (CLONE_VM | CLONE_VFORK)) !== CLONE_VM) child.altStack = { ...t.altStack };
  else child.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  return child;
}

/** The new process of a fork: ids, parent (CLONE_PARENT: the caller's), handlers, group, session, rlimits, exit signal. */
function newProcess(k: Kernel, parent: Process, flags: number, mm: Mm): Process {
  const ppid = flags & CLONE_PARENT ? parent.ppid : parent.pid;
  const proc = new Process(k.allocId(), ppid, parent.name, mm);
  if (flags & CLONE_SIGHAND) { proc.sighand = parent.sighand; parent.sighand.users++; } else proc.sighand = parent.sighand.clone();
  proc.pgid = parent.pgid;
  proc.sid = parent.sid;
  proc.rlimits = parent.rlimits.map((r) => ({ ...r }));
  proc.exitSignal = flags & CLONE_PARENT ? parent.exitSignal : flags & CSIGNAL;
  proc.startNs = k.clockNs;
  return proc;
}

/**
 * Makes a new task visible to the kernel (Linux copy_process's attach_pid and the parent's
 * children list): in its process's threads and the thread table, and for a new process in
 * `k.procs` and its parent's children. Not yet runnable (see kernelClone).
 */
function attachTask(k: Kernel, child: Thread, thread: boolean): void {
  const proc = child.process;
  proc.threads.push(child);
  k.threadsById.set(child.tid, child);
  if (thread) return;
  k.procs.set(proc.pid, proc);
  k.procs.get(proc.ppid)?.children.add(proc.pid);
  k.processesCreated++;
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

/** clear_child_tid and the robust futex list head of `t`, for the pause before mm_release's futex cleanup. */
function futexFacts(t: Thread): Record<string, bigint | number> {
  return { clearChildTid: userAddress(t.clearChildTid), robustList: userAddress(t.robustListHead) };
}

/** A user address as a pause shows it: a bigint (hex in the Kernel scope), or the number as it is when it is no address (NaN). */
function userAddress(va: number): bigint | number {
  return Number.isSafeInteger(va) && va >= 0 ? BigInt(va) : va;
}

/** Wakes every sleeping thread that `match` selects. */
export function wakeWaiters(k: Kernel, match: (t: Thread) => boolean): void {
  for (const t of k.threadsById.values()) if (t.state === 'sleeping' && match(t)) k.wake(t);
}

/** Ends one thread (exit(2)); the process exits with `status` when it was the last thread. Runs `doExit` with no pause. */
export function exitThread(k: Kernel, t: Thread, status: number): void {
  runToEnd(doExit(k, t, status));
}

/**
 * exit(2) of thread `t` as a steppable path (Linux do_exit): the last live thread takes the
 * whole process with it (doGroupExit); another one releases its own resources (exitTask) and dies.
 */
export function* doExit(k: Kernel, t: Thread, status: number): Steps<void> {
  const p = t.process;
  const live = p.liveThreads.length;
  const decision = live <= 1 ? 'last thread: the process exits' : 'only this thread ends';
  yield pause('exit.thread', { pid: p.pid, tid: t.tid, facts: { status, liveThreads: live, decision } });
  if (live <= 1) return yield* call('exit.call_group_exit', 'doGroupExit', doGroupExit(k, p, status, t));
  yield pause('exit.thread_mm_release', { pid: p.pid, tid: t.tid, facts: futexFacts(t) });
  futexExitCleanup(k, t);
  yield* call('exit.call_thread_exit_task', 'exitTask', exitTask(k, t));
  yield pause('exit.thread_dead', { pid: p.pid, tid: t.tid });
  taskDead(k, t);
}

/** Marks a thread dead and forgets it (its registers are gone; its CPU time stays with the process). */
export function killThread(k: Kernel, t: Thread): void {
  if (t.state === 'dead') return;
  runToEnd(exitTask(k, t));
  taskDead(k, t);
}

/**
 * A dying task lets go of what it holds (Linux mm_release's vfork_done, exit_files, exit_fs):
 * the vfork parent resumes, and the task's references on its file table and fs info go (the
 * last holder of a file table closes its files). The caller did the futex cleanup.
 */
function* exitTask(k: Kernel, t: Thread): Steps<void> {
  if (t.vforkParent) yield pause('exit.vfork_done', { tid: t.tid, facts: { vforkParent: t.vforkParent.tid } });
  vforkRelease(k, t);
  const decision = t.files.users > 1 ? 'drop a reference' : 'close every file';
  yield pause('exit.files', { tid: t.tid, facts: { tableUsers: t.files.users, decision } });
  t.files.release();
  yield pause('exit.fs', { tid: t.tid, facts: { fsUsers: t.fs.users } });
  t.fs.users--;
}

/** The task is gone (Linux do_task_dead): off the hart and the run queue, out of the thread table. */
function taskDead(k: Kernel, t: Thread): void {
  if (k.current === t) k.unload();
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
 * Runs `doGroupExit` with no pause.
 */
export function exitProcess(k: Kernel, p: Process, status: number): void {
  runToEnd(doGroupExit(k, p, status));
}

/**
 * exitProcess as a steppable path (Linux do_group_exit → do_exit). `self`, when given, is the
 * exiting thread running this path: it releases its resources in its place among the threads
 * but dies last (do_task_dead), after exit_notify, so the path can pause until the end.
 */
export function* doGroupExit(k: Kernel, p: Process, status: number, self?: Thread): Steps<void> {
  if (p.zombie) return;
  const tid = p.threads[0]?.tid ?? p.pid;
  const others = p.liveThreads.filter((t) => t !== self).length;
  yield pause('exit.zap_threads', { pid: p.pid, tid: self?.tid, facts: { status, otherThreads: others } });
  for (const t of p.threads) {
    if (t.state === 'dead') continue;
    if (t !== self) { futexExitCleanup(k, t); killThread(k, t); continue; }
    yield pause('exit.mm_release', { pid: p.pid, tid: t.tid, facts: futexFacts(t) });
    futexExitCleanup(k, t);
    yield* call('exit.call_exit_task', 'exitTask', exitTask(k, t));
  }
  const mmDecision = p.mm.users > 1 ? 'drop a reference (CLONE_VM)' : 'free the address space (mmput)';
  yield pause('exit.mm', { pid: p.pid, facts: { mmUsers: p.mm.users, decision: mmDecision } });
  p.mm.release();
  k.invalidateSatp();
  yield pause('exit.sighand', { pid: p.pid, facts: { handlerUsers: p.sighand.users } });
  p.sighand.users--;
  yield pause('exit.zombie', { pid: p.pid, facts: { status } });
  p.zombie = true;
  p.stopped = false;
  p.exitStatus = status;
  yield pause('exit.forget_original_parent', { pid: p.pid, facts: { children: p.children.size, newParent: k.initPid } });
  for (const cpid of p.children) {
    const c = k.procs.get(cpid);
    if (c && c.pid !== k.initPid) initAdopt(k, c);
  }
  p.children.clear();
  k.emit('exit', { pid: p.pid, tid, status }, !!k.stopOn.exit && !p.exitStopReported);
  yield* call('exit.call_exit_notify', 'exitNotify', exitNotify(k, p, status));
  if (!self) return;
  yield pause('exit.task_dead', { pid: p.pid, tid: self.tid });
  taskDead(k, self);
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

/**
 * Linux exit_notify / do_notify_parent: sends the exit signal and wakes the parent's wait4, or
 * releases the zombie at once when nobody will reap it (no live parent, or a parent ignoring
 * SIGCHLD); init reaps its children itself (init.ts).
 */
function* exitNotify(k: Kernel, p: Process, status: number): Steps<void> {
  const parent = k.procs.get(p.ppid);
  const orphan = !parent || parent.zombie;
  const act = parent?.sighand.get(SIGCHLD);
  const autoReap = !!act && p.exitSignal === SIGCHLD && (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT) !== 0);
  const decision = orphan ? 'no live parent: release now' : parent.pid === k.initPid ? 'init reaps it'
    : autoReap ? 'parent ignores SIGCHLD: release now' : 'zombie until the parent waits';
  yield pause('exit.notify_parent', { pid: p.pid, facts: { parent: p.ppid, exitSignal: p.exitSignal, decision } });
  if (orphan) return yield* call('exit.call_release_orphan', 'releaseTask', releaseTask(k, p));
  if (parent.pid === k.initPid) { initChildExited(k, p); return; }
  const sig = status & STATUS_SIGNAL_MASK;
  const code = (status >> STATUS_CODE_SHIFT) & STATUS_CODE_MASK;
  const info = { signo: p.exitSignal, code: sig ? CLD_KILLED : CLD_EXITED, pid: p.pid, uid: 0, status: sig || code, utime: 0 };
  // Linux do_notify_parent: only a valid signal is sent (legacy clone stores any CSIGNAL byte).
  if (validSignal(p.exitSignal)) {
    yield pause('exit.signal_parent', { pid: p.pid, signal: p.exitSignal, facts: { parent: parent.pid } });
    sendProcessSignal(k, parent, info);
  }
  if (autoReap) yield* call('exit.call_autoreap', 'releaseTask', releaseTask(k, p));
  yield pause('exit.wake_waiters', { pid: p.pid, facts: { parent: parent.pid } });
  wakeWaiters(k, (t) => t.process === parent && t.wait?.kind === 'child');
}

/** Death by signal: the process exits with the signal in its wait status. */
export function killProcess(k: Kernel, p: Process, sig: number): void {
  exitProcess(k, p, signaledStatus(sig));
}

/** Removes a zombie for good (wait4 collected it, or nobody will); its CPU time goes to the parent. Runs `releaseTask` with no pause. */
export function reap(k: Kernel, p: Process): void {
  runToEnd(releaseTask(k, p));
}

/**
 * reap as a steppable path (Linux release_task): the zombie leaves the process list (the
 * processes view no longer shows it after `release_task.unhash`), then its parent's children
 * and takes its CPU time to the parent's children total.
 */
export function* releaseTask(k: Kernel, p: Process): Steps<void> {
  yield pause('release_task.unhash', { pid: p.pid, facts: { parent: p.ppid, status: p.exitStatus ?? 0 } });
  k.procs.delete(p.pid);
  const parent = k.procs.get(p.ppid);
  if (!parent) return;
  yield pause('release_task.account', { pid: p.pid, facts: { parent: parent.pid, cpuInstructions: p.cpu.self + p.cpu.children } });
  parent.children.delete(p.pid);
  parent.cpu.children += p.cpu.self + p.cpu.children;
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
