import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { runToEnd, type Steps } from '../steps/path';

/** A syscall that cannot complete now: the thread sleeps and re-executes its ecall when woken. */
export const BLOCK = Symbol('block');
/** A syscall after which the thread does not resume at sepc + 4 (exit, a successful execve). */
export const NO_RETURN = Symbol('no return');

/**
 * A syscall stopped for the debugger before it takes effect (an exit the debugger watches, as
 * Linux's PTRACE_EVENT_EXIT stop): the thread stays runnable with pc on its ecall, and the
 * ecall runs again when the run resumes, this time to completion.
 */
export const REPLAY = Symbol('replay');

/** What a syscall handler returns: a0's value (a result or -errno), BLOCK, NO_RETURN or REPLAY. */
export type SyscallResult = number | typeof BLOCK | typeof NO_RETURN | typeof REPLAY;

/**
 * One syscall handler. `a` holds a0..a5 as unsigned 64-bit values; `sepc` is the ecall's
 * address. Handlers validate every argument and return -errno for bad ones; they never throw.
 */
export type SyscallHandler = (k: Kernel, t: Thread, a: bigint[], sepc: number) => SyscallResult;

/**
 * A syscall handler written as a steppable path (DESIGN.md "Steppable kernel paths"): the same
 * arguments and result as SyscallHandler, but it yields a pause before each statement that
 * decides or changes something. `fn` names its kernel frame (`kernelClone`).
 */
export interface SteppedSyscall {
  fn: string;
  steps: (k: Kernel, t: Thread, a: bigint[], sepc: number) => Steps<SyscallResult>;
}

/** The plain handler of a stepped one: runs its path to the end with no pause (nobody watches). */
export function unwatched(s: SteppedSyscall): SyscallHandler {
  return (k, t, a, sepc) => runToEnd(s.steps(k, t, a, sepc));
}

/** A user pointer argument as a number (values beyond 2^53 become NaN, which uaccess rejects with EFAULT). */
export function ptr(v: bigint): number {
  return v < 2n ** 53n ? Number(v) : NaN;
}

/** A C `int` argument (the low 32 bits, signed), e.g. fd, pid, options. */
export function int(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** A C `long`/`ssize_t` argument (64-bit signed) as a number. */
export function long(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** A `size_t` argument; sizes beyond 2^53 become Infinity so every limit check rejects them. */
export function size(v: bigint): number {
  return v < 2n ** 53n ? Number(v) : Infinity;
}
