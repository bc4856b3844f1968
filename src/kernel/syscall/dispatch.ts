import { REG_A0, REG_A7, SYSCALL_ARGS } from '../abi';
import { ENOSYS } from '../errno';
import { afterEcall, type Kernel } from '../kernel';
import { call, pause, type Steps } from '../steps/path';
import type { Thread } from '../process';
import { signalPending } from '../signals/deliver';
import { BLOCK, NO_RETURN, REPLAY, unwatched, type SteppedSyscall, type SyscallHandler, type SyscallResult } from './args';
import { fsSyscalls } from './fs';
import { fsMetaSyscalls } from './fsmeta';
import { ioSyscalls } from './io';
import { memSteppedSyscalls, memSyscalls } from './mem';
import { SYSCALL_NAMES } from './numbers';
import { infoSyscalls } from './info';
import { procSteppedSyscalls, procSyscalls } from './proc';
import { signalSteppedSyscalls, signalSyscalls } from './signal';
import { execveSteppedSyscalls } from './execve';
import { timeSyscalls } from './time';

/** Syscalls whose handler is a steppable path (a kernel frame of its own when stepped into). */
const STEPPED: ReadonlyMap<number, SteppedSyscall> = new Map<number, SteppedSyscall>([...procSteppedSyscalls, ...memSteppedSyscalls,
  ...execveSteppedSyscalls, ...signalSteppedSyscalls]);

/** Every implemented syscall by number (Linux riscv64 numbering). Others return -ENOSYS. */
const TABLE: ReadonlyMap<number, SyscallHandler> = new Map([...procSyscalls, ...memSyscalls, ...ioSyscalls, ...timeSyscalls,
  ...fsSyscalls, ...fsMetaSyscalls, ...signalSyscalls, ...infoSyscalls,
  ...[...STEPPED].map(([n, s]): [number, SyscallHandler] => [n, unwatched(s)])]);

/** The syscall name of number `nr` (Linux riscv64 numbering), or `syscall <nr>` when unnamed. */
export function syscallName(nr: number): string {
  return SYSCALL_NAMES.get(nr) ?? `syscall ${nr}`;
}

/** The syscall number in a7 of the hart (the current thread's). */
export function syscallNumber(k: Kernel): number {
  return Number(k.hart.getX(REG_A7) & 0xffffffffn);
}

/**
 * Runs the syscall of the current thread `t`, whose ecall is at `sepc` (a7 = number, a0..a5 =
 * arguments). On completion a0 gets the result (-errno on failure) and pc moves past the ecall;
 * a blocking call leaves pc on the ecall and takes the thread off the hart, to re-execute it
 * when woken. Returns true when the ecall completed (retired).
 *
 * `t.blocked` describes the call while it is in progress (created before the handler runs, kept
 * across re-executions of the same ecall, cleared when the call completes): a signal handler
 * that interrupts the sleep uses it to restart the call or end it with EINTR (restart.ts).
 *
 * This is the unwatched path; `syscallPath` is the same call as a steppable path. Both run the
 * same three helpers (enter, handler, finish), so there is one copy of the dispatch code.
 */
export function doSyscall(k: Kernel, t: Thread, sepc: number): boolean {
  const call = enterSyscall(k, t, sepc);
  return finishSyscall(k, t, sepc, call, runHandler(k, t, sepc, call));
}

/**
 * The syscall of thread `t` (ecall at `sepc`) as a steppable path (DESIGN.md "Steppable kernel
 * paths"): it pauses at `syscall.enter` before the handler (number, name, the six raw
 * arguments) and at `syscall.return` after it (the result, or that it blocked), then finishes
 * as doSyscall does. Returns true when the ecall retired.
 */
export function* syscallPath(k: Kernel, t: Thread, sepc: number): Steps<boolean> {
  const sc = enterSyscall(k, t, sepc);
  const base = { pid: t.process.pid, tid: t.tid, nr: sc.nr, syscall: syscallName(sc.nr), args: sc.args };
  yield pause('syscall.enter', base);
  const stepped = STEPPED.get(sc.nr);
  const result = stepped ? yield* call('syscall.call_handler', stepped.fn, stepped.steps(k, t, sc.args, sepc)) : runHandler(k, t, sepc, sc);
  // A thread that died in its call (exit) has nothing to return to: no pause on it.
  if (t.state !== 'dead') yield pause('syscall.return', typeof result === 'number' ? { ...base, result } : { ...base, blocked: result !== NO_RETURN });
  return finishSyscall(k, t, sepc, sc, result);
}

/** A syscall being made: its number and six raw argument registers. */
interface SyscallCall {
  nr: number;
  args: bigint[];
}

/**
 * True when the ecall of `t` at `sepc` with number `nr` is a new call, not a blocked or replayed
 * one executing again (`t.blocked` describes a call in progress): an event stop at a syscall's
 * entry is made once per call.
 */
export function isNewSyscall(t: Thread, nr: number, sepc: number): boolean {
  return !t.blocked || t.blocked.nr !== nr || t.blocked.sepc !== sepc;
}

/** Reads the call from the registers, records it in `t.blocked` and reports a new call (`syscallEnter`). */
function enterSyscall(k: Kernel, t: Thread, sepc: number): SyscallCall {
  const hart = k.hart;
  const num = syscallNumber(k);
  const args: bigint[] = [];
  for (let i = 0; i < SYSCALL_ARGS; i++) args.push(hart.getX(REG_A0 + i));
  if (isNewSyscall(t, num, sepc)) {
    t.blocked = { nr: num, sepc, args };
    // A new call (not a blocked one re-executing): tracers read its input arguments now.
    if (k.listens('syscallEnter')) {
      k.emit('syscallEnter', { pid: t.process.pid, tid: t.tid, nr: num, name: syscallName(num), args: args.map((v) => Number(BigInt.asIntN(64, v))) });
    }
  }
  return { nr: num, args };
}

/** Runs the handler of `call` (-ENOSYS when none): a result, or BLOCK / REPLAY / NO_RETURN. */
function runHandler(k: Kernel, t: Thread, sepc: number, call: SyscallCall): SyscallResult {
  const handler = TABLE.get(call.nr);
  return handler ? handler(k, t, call.args, sepc) : -ENOSYS;
}

/** Completes, blocks or replays the call after its handler returned `result`; true when the ecall retired. */
function finishSyscall(k: Kernel, t: Thread, sepc: number, call: SyscallCall, result: SyscallResult): boolean {
  const hart = k.hart;
  const num = call.nr;
  const args = call.args;
  if (result === NO_RETURN) { t.blocked = undefined; return true; }
  if (result === REPLAY) {
    // The debugger stops here; the ecall runs again on resume without re-reporting its breakpoint.
    t.skipBreakpointOnce = true;
    return false;
  }
  if (result === BLOCK) {
    // The ecall runs again when the thread wakes; a breakpoint on it has already been reported.
    t.skipBreakpointOnce = true;
    k.sched.remove(t);
    k.unload();
    // A signal already pending (rt_sigsuspend unblocked it) interrupts the sleep at once.
    if (t.state === 'sleeping' && signalPending(t)) k.wake(t);
    return false;
  }
  t.blocked = undefined;
  hart.setX(REG_A0, BigInt.asUintN(64, BigInt(result)));
  hart.pc = afterEcall(sepc);
  // The System call filter stops at the call's entry (kernel.ts steppedSyscall): this is for listeners.
  if (k.listens('syscall')) {
    k.emit('syscall', {
      pid: t.process.pid, tid: t.tid, nr: num, name: syscallName(num),
      args: args.map((v) => Number(BigInt.asIntN(64, v))), result,
    });
  }
  return true;
}
