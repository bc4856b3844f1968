import { REG_A0, REG_RA, REG_SP } from '../abi';
import type { Kernel } from '../kernel';
import { killProcess } from '../lifecycle';
import type { Process, Thread } from '../process';
import {
  SIGBUS, SIGCHLD, SIGCONT, SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGSTOP, SIGSYS, SIGTRAP, SIGTSTP, SIGTTIN, SIGTTOU,
  SIGRTMIN, WCONTINUED_STATUS, defaultAction, signalName, validSignal, signaledStatus, stoppedStatus,
} from '../signal';
import type { KernelEventRecord } from '../api';
import { interruptSyscall } from '../syscall/restart';
import { call, pause, runToEnd, type Steps } from '../steps/path';
import { encodeFrame, frameAddress, sigreturnTrampoline, UC_OFFSET, userAddress } from './frame';
import {
  CLD_CONTINUED, CLD_STOPPED, SA_NOCLDSTOP, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_SIGINFO, SIG_DFL, SIG_IGN,
  SI_KERNEL, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK, UNBLOCKABLE, firstSignal, sigmask,
  type AltStack, type SigAction, type SigInfo, type SigSet,
} from './state';

/**
 * Signal generation and delivery (Linux kernel/signal.c: send_signal, complete_signal,
 * get_signal; arch/riscv/kernel/signal.c: handle_signal, setup_rt_frame). Generation queues a
 * signal on a process or thread and wakes a thread that can take it; delivery happens when a
 * thread is about to return to user mode: the kernel's run loop calls `deliverSignals` before
 * running a thread whose pending set has an unblocked signal.
 */

/** Synchronous (fault) signals are taken before others, as Linux's SYNCHRONOUS_MASK. */
const SYNCHRONOUS: SigSet = sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS);
const STOP_SIGNALS: SigSet = sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);

/** True when `sig` with this disposition does nothing at all (SIG_IGN, or SIG_DFL whose action is ignore). */
function ignoredAction(sig: number, act: SigAction): boolean {
  if (act.handler === SIG_IGN) return true;
  const d = defaultAction(sig);
  return act.handler === SIG_DFL && (d === 'ign' || d === 'cont');
}

/** True when thread `t` can take `sig` now: not blocked, or waited for in rt_sigtimedwait. */
function wantsSignal(t: Thread, sig: number): boolean {
  if (t.state === 'dead') return false;
  const bit = sigmask(sig);
  return !(t.sigBlocked & bit) || !!((t.sigwaitSet ?? 0n) & bit);
}

/** Wakes a sleeping thread so it can take a signal (a vfork parent waits for its child only). */
function signalWake(k: Kernel, t: Thread): void {
  if (t.state === 'sleeping' && t.wait?.kind !== 'vfork') k.wake(t);
}

/**
 * Side effects at generation time (Linux prepare_signal): SIGCONT resumes a stopped process and
 * discards pending stop signals; a stop signal discards a pending SIGCONT. Returns false when the
 * signal is to be dropped (zombie target, or ignored and not blocked by every thread).
 */
function prepareSignal(k: Kernel, p: Process, sig: number): boolean {
  if (p.zombie || p.liveThreads.length === 0) return false;
  if (sig === SIGCONT) {
    p.sigPending.discard(STOP_SIGNALS);
    for (const t of p.threads) t.sigPending.discard(STOP_SIGNALS);
    if (p.stopped) continueProcess(k, p);
  } else if (STOP_SIGNALS & sigmask(sig)) {
    p.sigPending.discard(sigmask(SIGCONT));
    for (const t of p.threads) t.sigPending.discard(sigmask(SIGCONT));
  }
  const act = p.sighand.get(sig);
  const blockedEverywhere = p.liveThreads.every((t) => t.sigBlocked & sigmask(sig));
  return !(ignoredAction(sig, act) && !blockedEverywhere);
}

/** True when delivering `sig` to `t` would end its process (SIG_DFL terminate/core, or SIGKILL). */
function fatalNow(t: Thread, sig: number): boolean {
  if (sig === SIGKILL) return true;
  const act = t.process.sighand.get(sig);
  const d = defaultAction(sig);
  return act.handler === SIG_DFL && (d === 'term' || d === 'core') && !(t.sigBlocked & sigmask(sig));
}

/**
 * Sends a signal to process `p` (kill(2) with pid > 0, SIGCHLD, SIGPIPE...): queued on the
 * process, taken by the first thread that does not block it (the main thread preferred), which
 * is woken. A signal whose default action kills ends the process at once (Linux's group exit
 * fast path); SIGKILL always does, even a stopped process. A number outside 1.._NSIG is dropped
 * (callers check it; this keeps the signal tables from ever being indexed with one).
 */
export function sendProcessSignal(k: Kernel, p: Process, info: SigInfo): void {
  const sig = info.signo;
  if (!validSignal(sig) || !prepareSignal(k, p, sig)) return;
  const target = p.liveThreads.find((t) => wantsSignal(t, sig) && t.wait?.kind !== 'vfork') ??
    p.liveThreads.find((t) => wantsSignal(t, sig));
  if (target && fatalNow(target, sig) && !debuggerWatchesDeath(k)) { killProcess(k, p, sig); return; }
  p.sigPending.add(info, sig >= SIGRTMIN);
  if (target) signalWake(k, target);
}

/** Sends a signal to one thread (tgkill(2), tkill(2)); it stays pending while the thread blocks it. */
export function sendThreadSignal(k: Kernel, t: Thread, info: SigInfo): void {
  const sig = info.signo;
  if (t.state === 'dead' || !validSignal(sig) || !prepareSignal(k, t.process, sig)) return;
  if (wantsSignal(t, sig) && fatalNow(t, sig) && !debuggerWatchesDeath(k)) { killProcess(k, t.process, sig); return; }
  t.sigPending.add(info, sig >= SIGRTMIN);
  if (wantsSignal(t, sig)) signalWake(k, t);
}

/**
 * A synchronous signal from a fault of thread `t` (Linux force_sig_info): if the signal is
 * blocked or ignored, the disposition is reset to SIG_DFL and the signal unblocked, so the fault
 * either reaches a handler or kills the process. Delivered before the thread runs again.
 */
export function forceSignal(t: Thread, info: SigInfo): void {
  const sig = info.signo;
  const act = t.process.sighand.get(sig);
  const bit = sigmask(sig);
  if (act.handler === SIG_IGN || (t.sigBlocked & bit)) {
    t.sigBlocked &= ~bit;
    if (act.handler === SIG_IGN) act.handler = SIG_DFL;
  }
  t.sigPending.add(info, false);
}

/** True when `t` has a signal it could take now (the run loop's fast check). */
export function signalPending(t: Thread): boolean {
  const ready = t.sigPending.set | t.process.sigPending.set;
  return ready !== 0n && (ready & ~(t.sigBlocked | (t.sigwaitSet ?? 0n))) !== 0n;
}

/** Picks the next signal of `ready`: synchronous ones first, then the lowest number. */
function pickSignal(ready: SigSet): number {
  return firstSignal(ready & SYNCHRONOUS) || firstSignal(ready);
}

/**
 * Delivers the pending, unblocked signals of the current thread `t` (loaded on the hart), as
 * Linux does on the way back to user mode: ignored ones are dropped, default actions kill or
 * stop the process, and each caught one pushes a signal frame and enters its handler (several
 * handlers nest, the last pushed running first). Returns false when `t` can no longer run
 * (killed or stopped). Runs the steppable path `deliverSignalsPath` to its end with no pause.
 */
export function deliverSignals(k: Kernel, t: Thread): boolean {
  return runToEnd(deliverSignalsPath(k, t));
}

/**
 * deliverSignals as a steppable path (steps/path.ts; Linux get_signal + handle_signal): pauses
 * at each signal picked (its number, the ready set, the action: ignore, term, core, stop or
 * handler), before a default action stops or kills the process, and in handleSignal
 * (setup_rt_frame) before the frame is written and the handler entered.
 */
export function* deliverSignalsPath(k: Kernel, t: Thread): Steps<boolean> {
  const p = t.process;
  for (;;) {
    if (t.state === 'dead' || p.zombie || p.stopped) return false;
    const ready = (t.sigPending.set | p.sigPending.set) & ~(t.sigBlocked | (t.sigwaitSet ?? 0n));
    if (ready === 0n) return true;
    const sig = pickSignal(ready);
    const act = p.sighand.get(sig);
    const action = ignoredAction(sig, act) ? 'ignore' : act.handler === SIG_DFL ? defaultAction(sig) : 'handler';
    yield pause('signal.get_signal', { pid: p.pid, tid: t.tid, signal: sig, facts: { name: signalName(sig), ready, action, handler: act.handler } });
    if (act.handler === SIG_DFL && isFatalDefault(sig) && stopBeforeFatalSignal(k, t, sig)) return false;
    const info = (t.sigPending.set & sigmask(sig) ? t.sigPending.take(sig) : p.sigPending.take(sig)) ?? { signo: sig, code: SI_KERNEL };
    t.signalStopReported = 0;
    if (action === 'ignore') continue;
    if (act.handler === SIG_DFL) {
      if (action === 'stop') {
        yield pause('signal.do_signal_stop', { pid: p.pid, signal: sig, facts: { threads: p.liveThreads.length } });
        stopProcess(k, p, sig);
        return false;
      }
      yield pause('signal.do_group_exit', { pid: p.pid, signal: sig, facts: { action, threads: p.liveThreads.length } });
      killProcess(k, p, sig);
      return false;
    }
    if (!(yield* call('signal.call_handle_signal', 'handleSignal', handleSignal(k, t, info, act)))) return false;
  }
}

/** True when the default action of `sig` ends the process (term or core; SIGKILL included). */
function isFatalDefault(sig: number): boolean {
  const d = defaultAction(sig);
  return d === 'term' || d === 'core';
}

/** True when a debugger watches for processes dying (the `signal` or `exit` filter), so deaths take the slow path. */
function debuggerWatchesDeath(k: Kernel): boolean {
  return !!k.stopOn.signal || !!k.stopOn.exit;
}

/**
 * The debugger's stop before `sig` kills `t`'s process (gdb's "Program received signal"):
 * with the `signal` filter a signal stop, else with the `exit` filter an exit stop, each
 * reported once; the signal stays pending and kills the process when the run resumes.
 * Returns true when it asked for the stop.
 */
function stopBeforeFatalSignal(k: Kernel, t: Thread, sig: number): boolean {
  const p = t.process;
  const signalStop = !!k.stopOn.signal && t.signalStopReported !== sig;
  const exitStop = !!k.stopOn.exit && !p.exitStopReported;
  if (!signalStop && !exitStop) return false;
  t.signalStopReported = sig;
  p.exitStopReported = true;
  const event: KernelEventRecord = signalStop
    ? { name: 'signal', data: { pid: p.pid, tid: t.tid, signal: sig, reason: `${signalName(sig)}: the default action ends the process` } }
    : { name: 'exit', data: { pid: p.pid, tid: t.tid, status: signaledStatus(sig) } };
  k.stopBefore({ kind: 'event', tid: t.tid, event });
  return true;
}

/** sas_ss_flags(): SS_DISABLE without a stack, SS_ONSTACK while `sp` is on it, else 0. */
export function altStackFlags(alt: AltStack, sp: number): number {
  if (alt.size === 0 || (alt.flags & SS_DISABLE)) return SS_DISABLE;
  return sp > alt.sp && sp - alt.sp <= alt.size ? SS_ONSTACK : 0;
}

/**
 * Enters the handler of `act` for signal `info.signo` on thread `t` (Linux handle_signal +
 * setup_rt_frame): an interrupted syscall gets -EINTR or is set to restart, the frame goes on
 * the alternate stack when SA_ONSTACK asks and the thread is not already on it, the signal (and
 * sa_mask) is blocked while the handler runs. A frame that cannot be written kills the process
 * with SIGSEGV. Returns false in that case. A steppable stage: pauses before the syscall is
 * interrupted, before the frame is written (its address, the stack it is on) and before the
 * registers are set (pc = handler, ra = the vDSO restorer, sp = the frame).
 */
function* handleSignal(k: Kernel, t: Thread, info: SigInfo, act: SigAction): Steps<boolean> {
  const sig = info.signo;
  if (t.blocked) {
    yield pause('signal.interrupt_syscall', { tid: t.tid, signal: sig, nr: t.blocked.nr, facts: { restart: (act.flags & SA_RESTART) !== 0 } });
    interruptSyscall(k, t, act.flags);
  }
  const ctx = k.hart.saveContext();
  const userSp = userAddress(ctx.x[REG_SP]);
  let sp = userSp;
  const alt = t.altStack;
  const stack = { sp: alt.sp, size: alt.size, flags: altStackFlags(alt, sp) };
  const onAltStack = (act.flags & SA_ONSTACK) !== 0 && stack.flags === 0;
  if (onAltStack) sp = alt.sp + alt.size;
  const mask = t.savedSigmask ?? t.sigBlocked;
  const frame = frameAddress(sp);
  const handler = userAddress(act.handler);
  yield pause('signal.setup_rt_frame', {
    tid: t.tid, signal: sig,
    facts: { frame: BigInt(frame), userSp: BigInt(userSp), altStack: onAltStack, savedPc: BigInt(ctx.pc), savedMask: mask, pc: BigInt(handler), ra: BigInt(sigreturnTrampoline()) },
  });
  if (alt.flags & SS_AUTODISARM) t.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  t.savedSigmask = undefined;
  const um = k.userMemory(t.process);
  if (um.write(frame, encodeFrame(ctx, { info, mask, stack })) !== 0) {
    yield pause('signal.frame_fault', { pid: t.process.pid, signal: SIGSEGV, facts: { frame: BigInt(frame) } });
    killProcess(k, t.process, SIGSEGV);
    return false;
  }
  const blocked = (t.sigBlocked | act.mask | (act.flags & SA_NODEFER ? 0n : sigmask(sig))) & ~UNBLOCKABLE;
  yield pause('signal.enter_handler', { tid: t.tid, signal: sig, facts: { pc: BigInt(handler), sp: BigInt(frame), a0: sig, a1: BigInt(frame), a2: BigInt(frame + UC_OFFSET), blocked } });
  const h = k.hart;
  h.pc = handler;
  h.setX(REG_RA, BigInt(sigreturnTrampoline()));
  h.setX(REG_SP, BigInt(frame));
  h.setX(REG_A0, BigInt(sig));
  h.setX(REG_A0 + 1, BigInt(frame));
  h.setX(REG_A0 + 2, BigInt(frame + UC_OFFSET));
  t.skipBreakpointOnce = false;
  t.sigBlocked = blocked;
  if (act.flags & SA_RESETHAND) { act.handler = SIG_DFL; act.flags &= ~SA_SIGINFO; }
  return true;
}

/**
 * Stops every thread of `p` (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU default action): none runs until
 * SIGCONT. The parent can see it with wait4(WUNTRACED) and gets SIGCHLD (CLD_STOPPED) unless it
 * set SA_NOCLDSTOP.
 */
export function stopProcess(k: Kernel, p: Process, sig: number): void {
  p.stopped = true;
  for (const t of p.threads) {
    if (k.current === t) k.unload();
    k.sched.remove(t);
  }
  p.stateReport = stoppedStatus(sig);
  notifyParent(k, p, { signo: SIGCHLD, code: CLD_STOPPED, pid: p.pid, status: sig, uid: 0 });
}

/** Resumes a stopped process (SIGCONT): its runnable threads are queued again; the parent is told. */
export function continueProcess(k: Kernel, p: Process): void {
  p.stopped = false;
  for (const t of p.threads) if (t.state === 'runnable') k.sched.enqueue(t);
  p.stateReport = WCONTINUED_STATUS;
  notifyParent(k, p, { signo: SIGCHLD, code: CLD_CONTINUED, pid: p.pid, status: SIGCONT, uid: 0 });
}

/** Tells the parent about a stop/continue: wakes its wait4 and sends SIGCHLD unless SA_NOCLDSTOP. */
function notifyParent(k: Kernel, p: Process, info: SigInfo): void {
  const parent = k.procs.get(p.ppid);
  if (!parent || parent.zombie) return;
  for (const t of parent.threads) if (t.state === 'sleeping' && t.wait?.kind === 'child') k.wake(t);
  if (!(parent.sighand.get(SIGCHLD).flags & SA_NOCLDSTOP)) sendProcessSignal(k, parent, info);
}
