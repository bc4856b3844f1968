import { REG_A0 } from '../abi';
import { EINTR } from '../errno';
import { afterEcall, type Kernel } from '../kernel';
import type { BlockedSyscall, Thread } from '../process';
import { SA_RESTART } from '../signals/state';
import { ptr } from './args';
import * as nr from './numbers';

/**
 * What happens to a blocked syscall when a signal handler interrupts it (signal(7),
 * "Interruption of system calls and library functions by signal handlers"): calls like read,
 * write, wait4 and futex without a timeout restart after the handler when it was installed with
 * SA_RESTART, and fail with EINTR otherwise; sleeps, signal waits and timed waits always fail
 * with EINTR.
 */
const NEVER_RESTARTED = new Set([
  nr.SYS_nanosleep, nr.SYS_clock_nanosleep, nr.SYS_rt_sigsuspend, nr.SYS_rt_sigtimedwait,
]);
/** ppoll(2) and pselect6(2) numbers (never restarted either). */
const SYS_pselect6 = 72;
const SYS_ppoll = 73;
/** futex(2) operation bits: the command is the low 7 bits. */
const FUTEX_CMD_MASK = 0x7f;
const FUTEX_WAIT = 0;
const FUTEX_WAIT_BITSET = 9;

/** True when `b` restarts after a handler installed with SA_RESTART. */
export function restartable(b: BlockedSyscall): boolean {
  if (NEVER_RESTARTED.has(b.nr) || b.nr === SYS_ppoll || b.nr === SYS_pselect6) return false;
  if (b.nr === nr.SYS_futex) {
    const cmd = Number(b.args[1] & BigInt(FUTEX_CMD_MASK));
    return !((cmd === FUTEX_WAIT || cmd === FUTEX_WAIT_BITSET) && b.args[3] !== 0n);
  }
  return true;
}

/**
 * Hooks run when a call is interrupted with EINTR: nanosleep(2) and clock_nanosleep(2) (relative)
 * store the unslept time in `*rem` when it is not NULL.
 */
const ON_EINTR = new Map<number, (k: Kernel, t: Thread, b: BlockedSyscall) => void>([
  [nr.SYS_nanosleep, (k, t, b) => writeRemaining(k, t, b, ptr(b.args[1]))],
  [nr.SYS_clock_nanosleep, (k, t, b) => { if (!(Number(b.args[1]) & TIMER_ABSTIME)) writeRemaining(k, t, b, ptr(b.args[3])); }],
]);
/** clock_nanosleep(2) flag: the request is an absolute time. */
export const TIMER_ABSTIME = 1;
const NSEC_PER_SEC = 1_000_000_000;

function writeRemaining(k: Kernel, t: Thread, b: BlockedSyscall, rem: number): void {
  if (!rem || b.deadlineNs === undefined) return;
  const left = Math.max(0, b.deadlineNs - k.clockNs);
  const um = k.userMemory(t.process);
  um.writeU64(rem, BigInt(Math.floor(left / NSEC_PER_SEC)));
  um.writeU64(rem + 8, BigInt(left % NSEC_PER_SEC));
}

/**
 * A signal handler is about to run on thread `t` (loaded on the hart) while `t` sits in a
 * blocked syscall: either leave pc on the ecall so the call restarts after rt_sigreturn
 * (SA_RESTART and a restartable call), or finish the call with -EINTR. `saFlags` are the
 * handler's sa_flags. The thread is no longer blocked afterwards.
 */
export function interruptSyscall(k: Kernel, t: Thread, saFlags: number): void {
  const b = t.blocked;
  if (!b) return;
  t.blocked = undefined;
  t.wait = undefined;
  t.sigwaitSet = undefined;
  if ((saFlags & SA_RESTART) && restartable(b)) {
    k.hart.pc = b.sepc;
    return;
  }
  ON_EINTR.get(b.nr)?.(k, t, b);
  k.hart.setX(REG_A0, BigInt.asUintN(64, BigInt(-EINTR)));
  k.hart.pc = afterEcall(b.sepc);
}

/**
 * Finishes the blocked syscall of sleeping thread `t` from outside with result `value`
 * (FUTEX_WAKE waking a waiter, a vfork child exec'ing, a timeout): a0 = value, pc past the ecall,
 * and the thread is runnable again.
 */
export function completeSyscall(k: Kernel, t: Thread, value: number): void {
  const b = t.blocked;
  if (t.state !== 'sleeping' || !b) return;
  t.blocked = undefined;
  t.sigwaitSet = undefined;
  t.ctx.x[REG_A0] = BigInt.asUintN(64, BigInt(value));
  t.ctx.pc = afterEcall(b.sepc);
  t.skipBreakpointOnce = false;
  k.wake(t);
}
