import { SIGKILL, SIGSTOP, _NSIG } from '../signal';

/**
 * Per-process and per-thread signal state (Linux struct sighand_struct, struct sigpending,
 * sigset_t). A signal set is a 64-bit `bigint`: signal n is bit n - 1, exactly as the kernel's
 * sigset_t stores it in user memory (rt_sigprocmask(2), sigsetsize 8).
 */
export type SigSet = bigint;

/** Bytes of the kernel's sigset_t on riscv64 (the only sigsetsize the rt_sig* calls accept). */
export const SIGSET_BYTES = 8;

/** sigaction(2) handler values. */
export const SIG_DFL = 0n;
export const SIG_IGN = 1n;

/** sigaction(2) sa_flags (include/uapi/asm-generic/signal.h, signal-defs.h). */
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
/** Defined by asm-generic but meaningless on riscv64: the kernel always returns through the vDSO. */
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

/** The bit of signal `sig` in a SigSet. */
export function sigmask(sig: number): SigSet {
  return 1n << BigInt(sig - 1);
}

/** Every valid signal. */
export const ALL_SIGNALS: SigSet = (1n << BigInt(_NSIG)) - 1n;
/** Signals that can never be blocked, caught or ignored. */
export const UNBLOCKABLE: SigSet = sigmask(SIGKILL) | sigmask(SIGSTOP);

/** The lowest signal number in `set`, or 0 when empty. */
export function firstSignal(set: SigSet): number {
  if (set === 0n) return 0;
  for (let sig = 1; sig <= _NSIG; sig++) if (set & sigmask(sig)) return sig;
  return 0;
}

/** One disposition (the kernel's struct sigaction for riscv64: handler, flags, mask; 24 bytes). */
export interface SigAction {
  /** SIG_DFL, SIG_IGN or the handler's user address. */
  handler: bigint;
  flags: number;
  mask: SigSet;
}

/**
 * The handler table (Linux sighand_struct), shared by the processes created with CLONE_SIGHAND
 * and by every thread. `users` counts the processes holding it; execve gives a process its own
 * copy when it is shared, with caught signals reset to SIG_DFL.
 */
export class SigHand {
  readonly actions: SigAction[] = [];
  users = 1;

  constructor() {
    for (let i = 0; i <= _NSIG; i++) this.actions.push({ handler: SIG_DFL, flags: 0, mask: 0n });
  }

  /** The disposition of `sig` (1.._NSIG). */
  get(sig: number): SigAction {
    return this.actions[sig];
  }

  /** An unshared copy (fork without CLONE_SIGHAND). */
  clone(): SigHand {
    const copy = new SigHand();
    for (let i = 0; i <= _NSIG; i++) copy.actions[i] = { ...this.actions[i] };
    return copy;
  }

  /** execve: caught signals go back to SIG_DFL; ignored ones stay ignored (execve(2)). */
  resetForExec(): void {
    for (const a of this.actions) {
      if (a.handler !== SIG_IGN) { a.handler = SIG_DFL; a.flags = 0; a.mask = 0n; }
    }
  }
}

/** siginfo_t si_code values (include/uapi/asm-generic/siginfo.h). */
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const BUS_ADRALN = 1;
export const BUS_ADRERR = 2;
export const ILL_ILLOPC = 1;
export const TRAP_BRKPT = 1;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

/**
 * What the kernel knows about one sent signal (the fields of siginfo_t it fills): the sender
 * for kill/tgkill (`pid`, `uid`), the fault address for SIGSEGV/SIGBUS/SIGILL (`addr`), and the
 * child's `status` for SIGCHLD.
 */
export interface SigInfo {
  signo: number;
  code: number;
  errno?: number;
  pid?: number;
  uid?: number;
  /** SIGCHLD: exit code or signal number (si_status). */
  status?: number;
  /** SIGCHLD: user time of the child in clock ticks (si_utime). */
  utime?: number;
  /** SIGSEGV/SIGBUS/SIGILL/SIGTRAP: the faulting address (si_addr). */
  addr?: number;
}

/**
 * Signals waiting for delivery (Linux struct sigpending): the set plus the siginfo of each
 * instance. A standard signal (< SIGRTMIN) is pending at most once; real-time signals queue.
 */
export class SigPending {
  set: SigSet = 0n;
  private readonly queue = new Map<number, SigInfo[]>();

  /** Adds one instance; returns false when a standard signal was already pending (coalesced). */
  add(info: SigInfo, realtime: boolean): boolean {
    const list = this.queue.get(info.signo) ?? [];
    if (list.length > 0 && !realtime) return false;
    list.push(info);
    this.queue.set(info.signo, list);
    this.set |= sigmask(info.signo);
    return true;
  }

  /** Removes and returns the oldest instance of `sig`, or undefined when none is pending. */
  take(sig: number): SigInfo | undefined {
    const list = this.queue.get(sig);
    const info = list?.shift();
    if (!list || list.length === 0) { this.queue.delete(sig); this.set &= ~sigmask(sig); }
    return info;
  }

  /** Drops every pending instance of the signals in `set` (e.g. SIGCONT discards stop signals). */
  discard(set: SigSet): void {
    for (let sig = 1; sig <= _NSIG; sig++) if (set & sigmask(sig)) { this.queue.delete(sig); }
    this.set &= ~set;
  }
}

/** sigaltstack(2) ss_flags. */
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 0x80000000;
/** Smallest alternate stack sigaltstack accepts (asm-generic MINSIGSTKSZ, bytes). */
export const MINSIGSTKSZ = 2048;

/** A thread's alternate signal stack: [sp, sp + size) in user bytes, or disabled. */
export interface AltStack {
  sp: number;
  size: number;
  flags: number;
}
