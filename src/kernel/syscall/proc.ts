import { ECHILD, EFAULT, EINVAL, EPERM, ESRCH } from '../errno';
import { doFutex } from '../futex';
import type { Kernel } from '../kernel';
import { doExit, doGroupExit, kernelClone, processGroup, releaseTask, stopBeforeExit, unshare } from '../lifecycle';
import type { Process, Thread } from '../process';
import { SIGCHLD, WCONTINUED_STATUS, exitedStatus } from '../signal';
import { call, pause } from '../steps/path';
import { BLOCK, NO_RETURN, REPLAY, int, ptr, type SteppedSyscall, type SyscallHandler } from './args';
import * as nr from './numbers';
import { rusageBytes } from './rusage';

/** wait4(2) options. */
export const WNOHANG = 0x1;
export const WUNTRACED = 0x2;
export const WCONTINUED = 0x8;
export const __WNOTHREAD = 0x20000000;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000;
/** sizeof(struct robust_list_head) on riscv64: next, futex_offset, list_op_pending. */
export const ROBUST_LIST_HEAD_BYTES = 24;

/** exit(2): ends the calling thread (the process too when it is the last one). Linux do_exit. */
const sysExit: SteppedSyscall = {
  fn: 'doExit',
  steps: function* (k, t, a) {
    const status = exitedStatus(int(a[0]));
    if (t.process.liveThreads.length <= 1 && stopBeforeExit(k, t, status)) return REPLAY;
    yield* doExit(k, t, status);
    return NO_RETURN;
  },
};

/** exit_group(2): ends every thread of the process with the given status. Linux do_group_exit. */
const sysExitGroup: SteppedSyscall = {
  fn: 'doGroupExit',
  steps: function* (k, t, a) {
    const status = exitedStatus(int(a[0]));
    if (stopBeforeExit(k, t, status)) return REPLAY;
    yield* doGroupExit(k, t.process, status, t);
    return NO_RETURN;
  },
};

/** clone(2), riscv64 argument order: flags, newsp, parent_tid, tls, child_tid. Linux kernel_clone. */
const sysClone: SteppedSyscall = {
  fn: 'kernelClone',
  steps: (k, t, a, sepc) =>
    kernelClone(k, t, sepc, { flags: Number(a[0] & 0xffffffffn), newsp: ptr(a[1]), ptid: ptr(a[2]), tls: a[3], ctid: ptr(a[4]) }),
};

/** True when child `c` matches wait4's pid selector for a caller in process group `pgid`. */
function pidMatches(c: Process, pid: number, pgid: number): boolean {
  if (pid > 0) return c.pid === pid;
  if (pid === 0) return c.pgid === pgid;
  if (pid === -1) return true;
  return c.pgid === -pid;
}

/** __WALL waits for every child; __WCLONE only for "clone" children (exit signal not SIGCHLD); default the others. */
function typeMatches(c: Process, options: number): boolean {
  if (options & __WALL) return true;
  const cloneChild = c.exitSignal !== SIGCHLD;
  return options & __WCLONE ? cloneChild : !cloneChild;
}

/** wait4 options this kernel knows; any other bit gives EINVAL. */
const WAIT4_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;
/** INT_MIN: a pid selector whose group (-pid) cannot be represented; wait4 refuses it (EINVAL). */
const PID_SELECTOR_MIN = -0x80000000;

/**
 * wait4(2): reports a child matching `pid` (> 0: that child; 0: the caller's process group;
 * -1: any; < -1: group -pid) and the __WALL/__WCLONE selector: a zombie (reaped), or with
 * WUNTRACED a stopped child, or with WCONTINUED a continued one. Stores the status word at
 * `wstatus` and the child's struct rusage (CPU time from its instruction count) at `rusage`
 * when they are not NULL, and returns the child's pid. With nothing to report: 0 under WNOHANG,
 * else the caller sleeps until a child changes state. -ECHILD when no child matches, -EINVAL for
 * unknown options, -EFAULT for a bad pointer (a zombie is reaped all the same, as on Linux).
 * Steppable (Linux do_wait): it pauses before the scan of the caller's children, at its
 * outcome, in release_task for a zombie (exit.ts releaseTask), before the status is
 * stored, and before the caller goes to sleep.
 */
const sysWait4: SteppedSyscall = {
  fn: 'kernelWait4',
  steps: function* (k, t, a) {
    const pid = int(a[0]);
    const statusPtr = ptr(a[1]);
    const options = int(a[2]) >>> 0;
    const rusagePtr = ptr(a[3]);
    const self = t.process;
    const bad = (options & ~WAIT4_OPTIONS) !== 0 || pid === PID_SELECTOR_MIN;
    const scan = { selector: pid, options: BigInt(options), children: self.children.size, decision: bad ? '-EINVAL' : 'scan the children' };
    yield pause('wait4.scan', { pid: self.pid, tid: t.tid, facts: scan });
    if (bad) return -EINVAL;
    const candidates = [...self.children].map((c) => k.procs.get(c)!)
      .filter((c) => c && pidMatches(c, pid, self.pgid) && typeMatches(c, options));
    const zombie = candidates.find((c) => c.zombie);
    const stopped = (options & WUNTRACED)
      ? candidates.find((c) => c.stopped && c.stateReport !== undefined && c.stateReport !== WCONTINUED_STATUS) : undefined;
    const continued = (options & WCONTINUED) ? candidates.find((c) => c.stateReport === WCONTINUED_STATUS) : undefined;
    const changed = stopped ?? continued;
    const decision = candidates.length === 0 ? '-ECHILD' : zombie ? 'reap the zombie' : changed ? 'report a stop or continue'
      : options & WNOHANG ? 'nothing yet: 0 (WNOHANG)' : 'sleep until a child changes state';
    const childPid = (zombie ?? changed)?.pid ?? 0;
    yield pause('wait4.found', { pid: self.pid, tid: t.tid, facts: { candidates: candidates.length, childPid, decision } });
    if (candidates.length === 0) return -ECHILD;
    const um = k.userMemory(self);
    const report = (c: Process, status: number): number => {
      if (statusPtr && um.writeU32(statusPtr, status) !== 0) return -EFAULT;
      if (rusagePtr && um.write(rusagePtr, rusageBytes(c.cpu.self + c.cpu.children)) !== 0) return -EFAULT;
      return c.pid;
    };
    if (zombie) {
      yield* call('wait4.call_release_task', 'releaseTask', releaseTask(k, zombie));
      const status = zombie.exitStatus ?? 0;
      yield pause('wait4.report_zombie', { pid: self.pid, tid: t.tid, facts: { childPid: zombie.pid, status, wstatus: a[1] } });
      return report(zombie, status);
    }
    if (changed) {
      const status = changed.stateReport!;
      yield pause('wait4.report_change', { pid: self.pid, tid: t.tid, facts: { childPid: changed.pid, status, wstatus: a[1] } });
      changed.stateReport = undefined;
      return report(changed, status);
    }
    if (options & WNOHANG) return 0;
    yield pause('wait4.sleep', { pid: self.pid, tid: t.tid });
    t.state = 'sleeping';
    t.wait = { kind: 'child' };
    return BLOCK;
  },
};

/** set_tid_address(2): remembers where to clear the tid at exit; returns the caller's tid. */
const sysSetTidAddress: SyscallHandler = (_k, t, a) => {
  t.clearChildTid = ptr(a[0]);
  return t.tid;
};

/** set_robust_list(2): records the thread's robust futex list head; -EINVAL for a wrong length. */
const sysSetRobustList: SyscallHandler = (_k, t, a) => {
  if (Number(a[1]) !== ROBUST_LIST_HEAD_BYTES || a[1] !== BigInt(ROBUST_LIST_HEAD_BYTES)) return -EINVAL;
  t.robustListHead = ptr(a[0]);
  t.robustListLen = ROBUST_LIST_HEAD_BYTES;
  return 0;
};

/** get_robust_list(2): the head and length of thread `pid`'s list (0 = the caller); -ESRCH, -EFAULT. */
const sysGetRobustList: SyscallHandler = (k, t, a) => {
  const tid = int(a[0]);
  const target = tid === 0 ? t : k.threadsById.get(tid);
  if (!target || target.state === 'dead') return -ESRCH;
  const um = k.userMemory(t.process);
  if (um.writeU64(ptr(a[1]), BigInt(target.robustListHead)) !== 0) return -EFAULT;
  if (um.writeU64(ptr(a[2]), BigInt(target.robustListLen)) !== 0) return -EFAULT;
  return 0;
};

/** The live process `pid` names (0 = the caller's). */
function processById(k: Kernel, t: Thread, pid: number): Process | undefined {
  const p = pid === 0 ? t.process : k.procs.get(pid);
  return p && !p.zombie ? p : undefined;
}

/**
 * setpgid(2): moves process `pid` (0 = caller; the caller or one of its children) into group
 * `pgid` (0 = its own pid). -EINVAL for a negative pgid, -ESRCH for anyone else, -EPERM for a
 * session leader, another session, or a group that does not exist in the session.
 */
const sysSetpgid: SyscallHandler = (k, t, a) => {
  const pid = int(a[0]);
  let pgid = int(a[1]);
  if (pgid < 0) return -EINVAL;
  const self = t.process;
  const target = pid === 0 ? self : k.procs.get(pid);
  if (!target || target.zombie || (target !== self && target.ppid !== self.pid)) return -ESRCH;
  if (target.sid === target.pid) return -EPERM;
  if (target.sid !== self.sid) return -EPERM;
  if (pgid === 0) pgid = target.pid;
  if (pgid !== target.pid && !processGroup(k, pgid).some((q) => q.sid === self.sid)) return -EPERM;
  target.pgid = pgid;
  return 0;
};

/** setsid(2): a new session and group led by the caller; -EPERM when it already leads a group. */
const sysSetsid: SyscallHandler = (k, t) => {
  const p = t.process;
  if ([...k.procs.values()].some((q) => q.pgid === p.pid && !q.zombie)) return -EPERM;
  p.sid = p.pid;
  p.pgid = p.pid;
  return p.pid;
};

/** futex(2): uaddr, futex_op, val, timeout (or val2), uaddr2, val3. */
const sysFutex: SyscallHandler = (k, t, a) =>
  doFutex(k, t, ptr(a[0]), int(a[1]), int(a[2]), ptr(a[3]), ptr(a[4]), int(a[5]));

/** Process-identity, lifecycle and futex syscalls and their handlers. */
export const procSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_set_tid_address, sysSetTidAddress],
  [nr.SYS_set_robust_list, sysSetRobustList],
  [nr.SYS_get_robust_list, sysGetRobustList],
  [nr.SYS_unshare, (_k, t, a) => unshare(t, int(a[0]))],
  [nr.SYS_futex, sysFutex],
  [nr.SYS_getpid, (_k, t) => t.process.pid],
  [nr.SYS_getppid, (_k, t) => t.process.ppid],
  [nr.SYS_gettid, (_k, t) => t.tid],
  [nr.SYS_setpgid, sysSetpgid],
  [nr.SYS_getpgid, (k, t, a) => processById(k, t, int(a[0]))?.pgid ?? -ESRCH],
  [nr.SYS_getsid, (k, t, a) => processById(k, t, int(a[0]))?.sid ?? -ESRCH],
  [nr.SYS_setsid, sysSetsid],
];

/** Syscalls of this file whose handler is a steppable path (dispatch.ts runs them unwatched or stepped). */
export const procSteppedSyscalls: [number, SteppedSyscall][] = [
  [nr.SYS_exit, sysExit],
  [nr.SYS_exit_group, sysExitGroup],
  [nr.SYS_clone, sysClone],
  [nr.SYS_wait4, sysWait4],
];
