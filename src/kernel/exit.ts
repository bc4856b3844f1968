/**
 * The exit and wait side of the process lifecycle (Linux kernel/exit.c): exit(2) and
 * exit_group(2) as steppable paths (do_exit, do_group_exit, exit_notify with
 * forget_original_parent), death by signal, and release_task when a zombie is reaped.
 * fork/clone and unshare are in lifecycle.ts.
 */
import { futexExitCleanup } from './futex';
import { initAdopt, initChildExited } from './init';
import type { Kernel } from './kernel';
import type { Process, Thread } from './process';
import { SIGCHLD, signaledStatus, statusExitCode, statusTermSignal, validSignal } from './signal';
import { sendProcessSignal } from './signals/deliver';
import { CLD_EXITED, CLD_KILLED, SA_NOCLDWAIT, SIG_IGN } from './signals/state';
import { call, pause, runToEnd, type Steps } from './steps/path';
import { completeSyscall } from './syscall/restart';

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
  const sig = statusTermSignal(status);
  const code = statusExitCode(status);
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
