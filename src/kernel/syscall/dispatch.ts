import { REG_A0, REG_A7, SYSCALL_ARGS } from '../abi';
import { ENOSYS } from '../errno';
import { afterEcall, type Kernel } from '../kernel';
import type { Thread } from '../process';
import { signalPending } from '../signals/deliver';
import { BLOCK, NO_RETURN, REPLAY, type SyscallHandler } from './args';
import { fsSyscalls } from './fs';
import { fsMetaSyscalls } from './fsmeta';
import { ioSyscalls } from './io';
import { memSyscalls } from './mem';
import { SYSCALL_NAMES } from './numbers';
import { infoSyscalls } from './info';
import { procSyscalls } from './proc';
import { signalSyscalls } from './signal';
import { timeSyscalls } from './time';

/** Every implemented syscall by number (Linux riscv64 numbering). Others return -ENOSYS. */
const TABLE: ReadonlyMap<number, SyscallHandler> = new Map([...procSyscalls, ...memSyscalls, ...ioSyscalls, ...timeSyscalls,
  ...fsSyscalls, ...fsMetaSyscalls, ...signalSyscalls, ...infoSyscalls]);

/**
 * Runs the syscall of the current thread `t`, whose ecall is at `sepc` (a7 = number, a0..a5 =
 * arguments). On completion a0 gets the result (-errno on failure) and pc moves past the ecall;
 * a blocking call leaves pc on the ecall and takes the thread off the hart, to re-execute it
 * when woken. Returns true when the ecall completed (retired).
 *
 * `t.blocked` describes the call while it is in progress (created before the handler runs, kept
 * across re-executions of the same ecall, cleared when the call completes): a signal handler
 * that interrupts the sleep uses it to restart the call or end it with EINTR (restart.ts).
 */
export function doSyscall(k: Kernel, t: Thread, sepc: number): boolean {
  const hart = k.hart;
  const num = Number(hart.getX(REG_A7) & 0xffffffffn);
  const args: bigint[] = [];
  for (let i = 0; i < SYSCALL_ARGS; i++) args.push(hart.getX(REG_A0 + i));
  const handler = TABLE.get(num);
  if (!t.blocked || t.blocked.nr !== num || t.blocked.sepc !== sepc) {
    t.blocked = { nr: num, sepc, args };
    // A new call (not a blocked one re-executing): tracers read its input arguments now.
    if (k.listens('syscallEnter')) {
      k.emit('syscallEnter', { pid: t.process.pid, tid: t.tid, nr: num, name: SYSCALL_NAMES.get(num) ?? `syscall ${num}`, args: args.map((v) => Number(BigInt.asIntN(64, v))) });
    }
  }
  const result = handler ? handler(k, t, args, sepc) : -ENOSYS;
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
  if (k.listens('syscall') || k.stopOn.syscall) {
    k.emit('syscall', {
      pid: t.process.pid, tid: t.tid, nr: num, name: SYSCALL_NAMES.get(num) ?? `syscall ${num}`,
      args: args.map((v) => Number(BigInt.asIntN(64, v))), result,
    }, !!k.stopOn.syscall);
  }
  return true;
}
