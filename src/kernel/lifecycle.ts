import { ECALL_BYTES, REG_A0, REG_SP, REG_TP } from './abi';
import { EAGAIN, EINVAL, ENOMEM } from './errno';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import { Process, Thread } from './process';
import type { FileTable } from './files';
import type { FsInfo } from './vfs/fsinfo';
import { RLIMIT_NPROC } from './rlimit';
import { signalName, validSignal } from './signal';
import { SS_DISABLE } from './signals/state';
import { call, pause, runToEnd, type Steps } from './steps/path';
import { BLOCK, type SyscallResult } from './syscall/args';

/**
 * The exit side (exit(2), exit_group(2), death by signal, release_task, wakeWaiters) lives in
 * exit.ts; re-exported here for the modules that import it from lifecycle.ts.
 */
export {
  doExit, doGroupExit, exitProcess, exitThread, killProcess, killThread, reap, releaseTask, stopBeforeExit,
  vforkRelease, wakeWaiters,
} from './exit';

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
  // A Fork/clone filter stopped at the clone's entry, before this (kernel.ts steppedSyscall): the event is for listeners.
  k.emit('fork', { parentPid: parent.pid, childPid: child.process.pid, childTid: child.tid, tid: t.tid, flags });
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
