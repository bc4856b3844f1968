import { REG_A0, REG_SP } from '../abi';
import { EAGAIN, EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from '../errno';
import type { Kernel } from '../kernel';
import { killProcess, processGroup } from '../lifecycle';
import type { Process, Thread } from '../process';
import { SIGKILL, SIGSEGV, SIGSTOP, validSignal } from '../signal';
import { altStackFlags, sendProcessSignal, sendThreadSignal } from '../signals/deliver';
import { encodeSiginfo, readUcontext, UC_OFFSET, userAddress, type RestoredFrame } from '../signals/frame';
import { call, pause, type Steps } from '../steps/path';
import {
  MINSIGSTKSZ, SIGSET_BYTES, SIG_DFL, SIG_IGN, SI_TKILL, SI_USER, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
  UNBLOCKABLE, firstSignal, sigmask, type SigInfo, type SigSet,
} from '../signals/state';
import { defaultAction } from '../signal';
import { BLOCK, NO_RETURN, int, ptr, size, type SyscallHandler, type SteppedSyscall, type SyscallResult } from './args';
import * as nr from './numbers';

/** rt_sigprocmask(2) `how`. */
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;
/** sizeof(struct sigaction) for riscv64's kernel: handler, flags, mask (no sa_restorer). */
export const KERNEL_SIGACTION_BYTES = 24;
/** sizeof(stack_t): ss_sp, ss_flags (int, padded), ss_size. */
export const STACK_T_BYTES = 24;
const NSEC_PER_SEC = 1_000_000_000;

/** Reads a sigset_t; -EFAULT as a number. */
function readSigset(k: Kernel, t: Thread, va: number): SigSet | number {
  return k.userMemory(t.process).readU64(va);
}

/**
 * rt_sigaction(2): reads the new action (if any) before writing the old one, then installs it.
 * -EINVAL for a bad signal, a sigsetsize other than 8, or SIGKILL/SIGSTOP with a new action;
 * -EFAULT for a bad pointer. Setting a disposition that ignores the signal discards it where pending.
 */
const sysRtSigaction: SyscallHandler = (k, t, a) => {
  const sig = int(a[0]);
  const actPtr = ptr(a[1]);
  const oldPtr = ptr(a[2]);
  if (size(a[3]) !== SIGSET_BYTES || !validSignal(sig)) return -EINVAL;
  if (actPtr && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const um = k.userMemory(t.process);
  let next: { handler: bigint; flags: number; mask: SigSet } | undefined;
  if (actPtr) {
    const b = um.read(actPtr, KERNEL_SIGACTION_BYTES);
    if (typeof b === 'number') return b;
    const v = new DataView(b.buffer);
    next = { handler: v.getBigUint64(0, true), flags: Number(v.getBigUint64(8, true) & 0xffffffffn), mask: v.getBigUint64(16, true) & ~UNBLOCKABLE };
  }
  const act = t.process.sighand.get(sig);
  if (oldPtr) {
    const b = new Uint8Array(KERNEL_SIGACTION_BYTES);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, act.handler, true);
    v.setBigUint64(8, BigInt(act.flags >>> 0), true);
    v.setBigUint64(16, act.mask, true);
    if (um.write(oldPtr, b) !== 0) return -EFAULT;
  }
  if (next) {
    Object.assign(act, next);
    const ignores = next.handler === SIG_IGN || (next.handler === SIG_DFL && defaultAction(sig) === 'ign');
    if (ignores) discardEverywhere(k, t.process, sigmask(sig));
  }
  return 0;
};

/** Drops pending instances of `set` from every process sharing `p`'s handlers (POSIX: ignoring discards). */
function discardEverywhere(k: Kernel, p: Process, set: SigSet): void {
  for (const q of k.procs.values()) {
    if (q.sighand !== p.sighand) continue;
    q.sigPending.discard(set);
    for (const t of q.threads) t.sigPending.discard(set);
  }
}

/** rt_sigprocmask(2): SIG_BLOCK / SIG_UNBLOCK / SIG_SETMASK; SIGKILL and SIGSTOP are never blocked. */
const sysRtSigprocmask: SyscallHandler = (k, t, a) => {
  const how = int(a[0]);
  if (size(a[3]) !== SIGSET_BYTES) return -EINVAL;
  let set: SigSet | undefined;
  if (ptr(a[1])) {
    const s = readSigset(k, t, ptr(a[1]));
    if (typeof s === 'number') return s;
    if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return -EINVAL;
    set = s;
  }
  if (ptr(a[2]) && k.userMemory(t.process).writeU64(ptr(a[2]), t.sigBlocked) !== 0) return -EFAULT;
  if (set !== undefined) {
    const next = how === SIG_BLOCK ? t.sigBlocked | set : how === SIG_UNBLOCK ? t.sigBlocked & ~set : set;
    t.sigBlocked = next & ~UNBLOCKABLE;
  }
  return 0;
};

/** rt_sigpending(2): signals pending for the thread or process that the thread blocks. */
const sysRtSigpending: SyscallHandler = (k, t, a) => {
  if (size(a[1]) !== SIGSET_BYTES) return -EINVAL;
  const pending = (t.sigPending.set | t.process.sigPending.set) & t.sigBlocked;
  return k.userMemory(t.process).writeU64(ptr(a[0]), pending);
};

/**
 * rt_sigreturn(2): called by the vDSO trampoline when a handler returns, with sp at the
 * rt_sigframe: restores every register (pc included), the FP state, the signal mask and the
 * alternate stack saved in its ucontext (restoreSigcontext). An unreadable frame kills the
 * process with SIGSEGV. Returns NO_RETURN either way (the registers are the restored ones).
 */
function* rtSigreturn(k: Kernel, t: Thread): Steps<SyscallResult> {
  const frame = userAddress(k.hart.getX(REG_SP));
  const r = readUcontext(k.userMemory(t.process), frame + UC_OFFSET);
  yield pause('sigreturn.read_frame', {
    pid: t.process.pid, tid: t.tid,
    facts: typeof r === 'number' ? { frame: BigInt(frame), errno: -r } : { frame: BigInt(frame), pc: BigInt(r.ctx.pc), sp: r.ctx.x[REG_SP], mask: r.mask },
  });
  if (typeof r === 'number') { killProcess(k, t.process, SIGSEGV); return NO_RETURN; }
  yield* call('sigreturn.call_restore_sigcontext', 'restoreSigcontext', restoreSigcontext(k, t, r));
  return NO_RETURN;
}

/**
 * Linux restore_sigcontext + restore_altstack: thread `t` (on the hart) resumes with the
 * registers of `r`, its signal mask (SIGKILL and SIGSTOP never blocked) and its alternate stack.
 */
function* restoreSigcontext(k: Kernel, t: Thread, r: RestoredFrame): Steps<void> {
  yield pause('sigreturn.restore_regs', { tid: t.tid, facts: { pc: BigInt(r.ctx.pc), sp: r.ctx.x[REG_SP], a0: r.ctx.x[REG_A0] } });
  k.hart.restoreContext(r.ctx);
  const mask = r.mask & ~UNBLOCKABLE;
  yield pause('sigreturn.restore_mask', { tid: t.tid, facts: { maskBefore: t.sigBlocked, mask } });
  t.sigBlocked = mask;
  const disabled = (r.stack.flags & SS_DISABLE) !== 0 || r.stack.size === 0;
  yield pause('sigreturn.restore_altstack', { tid: t.tid, facts: { disabled, altSp: BigInt(r.stack.sp), altSize: r.stack.size } });
  t.altStack = disabled ? { sp: 0, size: 0, flags: SS_DISABLE } : { sp: r.stack.sp, size: r.stack.size, flags: r.stack.flags & SS_AUTODISARM };
}

/**
 * sigaltstack(2): reports the current alternate stack (flags SS_ONSTACK while on it, SS_DISABLE
 * when none) and installs a new one. -EPERM while running on it, -EINVAL for bad flags,
 * -ENOMEM for a stack smaller than MINSIGSTKSZ, -EFAULT for bad pointers.
 */
const sysSigaltstack: SyscallHandler = (k, t, a) => {
  const um = k.userMemory(t.process);
  const sp = Number(k.hart.getX(REG_SP) & 0x3f_ffff_ffffn);
  const cur = t.altStack;
  let next: typeof cur | undefined;
  if (ptr(a[0])) {
    const b = um.read(ptr(a[0]), STACK_T_BYTES);
    if (typeof b === 'number') return b;
    const v = new DataView(b.buffer);
    const ssSp = Number(v.getBigUint64(0, true) & 0x3f_ffff_ffffn);
    const flags = v.getInt32(8, true) >>> 0;
    const ssSize = Number(v.getBigUint64(16, true) & 0x1f_ffff_ffff_ffffn);
    if (altStackFlags(cur, sp) === SS_ONSTACK) return -EPERM;
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) return -EINVAL;
    if (mode === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
    else if (ssSize < MINSIGSTKSZ) return -ENOMEM;
    else next = { sp: ssSp, size: ssSize, flags: flags & SS_AUTODISARM };
  }
  if (ptr(a[1])) {
    const b = new Uint8Array(STACK_T_BYTES);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, BigInt(cur.sp), true);
    v.setInt32(8, altStackFlags(cur, sp) | (cur.flags & SS_AUTODISARM), true);
    v.setBigUint64(16, BigInt(cur.size), true);
    if (um.write(ptr(a[1]), b) !== 0) return -EFAULT;
  }
  if (next) t.altStack = next;
  return 0;
};

/** The processes kill(2)'s `pid` selects for a caller in process `self` (init excluded from -1). */
function killTargets(k: Kernel, self: Process, pid: number): Process[] {
  if (pid > 0) {
    const p = k.procs.get(pid) ?? k.threadsById.get(pid)?.process;
    return p ? [p] : [];
  }
  if (pid === 0) return processGroup(k, self.pgid);
  if (pid === -1) return [...k.procs.values()].filter((p) => p.pid !== k.initPid && p !== self && !p.zombie);
  return processGroup(k, -pid);
}

/**
 * kill(2): pid > 0 one process, 0 the caller's group, -1 every process but init and the caller,
 * < -1 group -pid. Signal 0 only checks existence. -EINVAL bad signal, -ESRCH nobody matched.
 */
const sysKill: SyscallHandler = (k, t, a) => {
  const pid = int(a[0]);
  const sig = int(a[1]);
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  if (pid === -0x80000000) return -ESRCH;
  const targets = killTargets(k, t.process, pid);
  if (targets.length === 0) return -ESRCH;
  if (sig === 0) return 0;
  const info: SigInfo = { signo: sig, code: SI_USER, pid: t.process.pid, uid: 0 };
  for (const p of targets) sendProcessSignal(k, p, { ...info });
  return 0;
};

/** tgkill(2) / tkill(2) core: thread `tid` (of process `tgid` unless it is undefined). */
function threadKill(k: Kernel, t: Thread, tgid: number | undefined, tid: number, sig: number): number {
  if (tid <= 0 || (tgid !== undefined && tgid <= 0) || (sig !== 0 && !validSignal(sig))) return -EINVAL;
  const target = k.threadsById.get(tid);
  if (!target || target.state === 'dead' || (tgid !== undefined && target.process.pid !== tgid)) return -ESRCH;
  if (sig !== 0) sendThreadSignal(k, target, { signo: sig, code: SI_TKILL, pid: t.process.pid, uid: 0 });
  return 0;
}

/**
 * rt_sigtimedwait(2): takes a pending signal of `set` (thread-directed first) without running its
 * handler, storing its siginfo when `info` is not NULL; returns the signal number. Otherwise
 * sleeps until one arrives (the set wakes the thread although blocked) or the timeout passes
 * (-EAGAIN; a zero timeout polls). A handled signal outside the set interrupts it (-EINTR).
 */
const sysRtSigtimedwait: SyscallHandler = (k, t, a) => {
  if (size(a[3]) !== SIGSET_BYTES) return -EINVAL;
  const s = readSigset(k, t, ptr(a[0]));
  if (typeof s === 'number') return s;
  const set = s & ~UNBLOCKABLE;
  const p = t.process;
  const sig = firstSignal(t.sigPending.set & set) || firstSignal(p.sigPending.set & set);
  if (sig) {
    const info = (t.sigPending.set & sigmask(sig) ? t.sigPending.take(sig) : p.sigPending.take(sig))!;
    t.sigwaitSet = undefined;
    if (ptr(a[1]) && k.userMemory(p).write(ptr(a[1]), encodeSiginfo(info)) !== 0) return -EFAULT;
    return sig;
  }
  const b = t.blocked!;
  if (ptr(a[2]) && b.deadlineNs === undefined) {
    const um = k.userMemory(p);
    const sec = um.readU64(ptr(a[2]));
    const nsec = um.readU64(ptr(a[2]) + 8);
    if (typeof sec === 'number' || typeof nsec === 'number') return -EFAULT;
    if (BigInt.asIntN(64, sec) < 0n || nsec >= BigInt(NSEC_PER_SEC)) return -EINVAL;
    b.deadlineNs = k.clockNs + Number(sec) * NSEC_PER_SEC + Number(nsec);
  }
  if (b.deadlineNs !== undefined && k.clockNs >= b.deadlineNs) { t.sigwaitSet = undefined; return -EAGAIN; }
  t.sigwaitSet = set;
  t.state = 'sleeping';
  t.wait = { kind: 'sigwait', set, untilNs: b.deadlineNs, timeoutResult: -EAGAIN };
  return BLOCK;
};

/**
 * rt_sigsuspend(2): replaces the mask with `*mask` and sleeps until a signal is delivered; the
 * handler's frame records the original mask, and the call always ends with -EINTR.
 */
const sysRtSigsuspend: SyscallHandler = (k, t, a) => {
  if (size(a[1]) !== SIGSET_BYTES) return -EINVAL;
  const s = readSigset(k, t, ptr(a[0]));
  if (typeof s === 'number') return s;
  if (t.savedSigmask === undefined) t.savedSigmask = t.sigBlocked;
  t.sigBlocked = s & ~UNBLOCKABLE;
  t.state = 'sleeping';
  t.wait = { kind: 'signal' };
  return BLOCK;
};

/** Signal syscalls and their handlers. */
export const signalSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_rt_sigaction, sysRtSigaction],
  [nr.SYS_rt_sigprocmask, sysRtSigprocmask],
  [nr.SYS_rt_sigpending, sysRtSigpending],
  [nr.SYS_rt_sigtimedwait, sysRtSigtimedwait],
  [nr.SYS_rt_sigsuspend, sysRtSigsuspend],
  [nr.SYS_sigaltstack, sysSigaltstack],
  [nr.SYS_kill, sysKill],
  [nr.SYS_tkill, (k, t, a) => threadKill(k, t, undefined, int(a[0]), int(a[1]))],
  [nr.SYS_tgkill, (k, t, a) => threadKill(k, t, int(a[0]), int(a[1]), int(a[2]))],
];

/** Syscalls of this file whose handler is a steppable path (dispatch.ts runs them unwatched or stepped). */
export const signalSteppedSyscalls: [number, SteppedSyscall][] = [
  [nr.SYS_rt_sigreturn, { fn: 'rtSigreturn', steps: (k, t) => rtSigreturn(k, t) }],
];
