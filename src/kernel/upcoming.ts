/**
 * OS-event stops before the kernel acts (issue 10): which exception filter (StopOn) wants a stop
 * at the entry of a trap the current thread just took, and what the kernel is about to do,
 * classified without side effects. Kernel.run then drives the trap's steppable path to its
 * entry pause and returns a `kernel` stop carrying this UpcomingEvent; `continue` lets the path
 * run to its end.
 * - Page faults: the Page fault filter for every fault, the Copy-on-write filter for a fault
 *   whose previewFault decision is cow-copy or cow-reuse.
 * - Syscalls: the System call filter for every new call (not a blocked or replayed one running
 *   again), Fork/clone for clone, Execve for execve.
 * Segmentation fault, Fatal signal and Exit stop as before the signal or the exit takes effect
 * (Kernel.fatalSignal, stopBeforeExit), not here.
 */
import { REG_A0, SYSCALL_ARGS } from './abi';
import type { AccessKind, StopOn, UpcomingEvent } from './api';
import { previewFault } from './fault-preview';
import type { Thread } from './process';
import { isNewSyscall, syscallName } from './syscall/dispatch';
import { SYS_clone, SYS_execve } from './syscall/numbers';

/** The hart registers a syscall preview reads (the current thread's). */
export interface ArgRegisters {
  getX(reg: number): bigint;
}

/** The event stop `stopOn` wants at the entry of syscall `nr` of `t` (ecall at `sepc`), or undefined (no filter, or a call running again). */
export function upcomingSyscall(stopOn: StopOn, t: Thread, nr: number, sepc: number, regs: ArgRegisters): UpcomingEvent | undefined {
  const filter = stopOn.syscall ? 'syscall' : stopOn.fork && nr === SYS_clone ? 'fork' : stopOn.exec && nr === SYS_execve ? 'exec' : undefined;
  if (!filter || !isNewSyscall(t, nr, sepc)) return undefined;
  const args: number[] = [];
  for (let i = 0; i < SYSCALL_ARGS; i++) args.push(Number(BigInt.asIntN(64, regs.getX(REG_A0 + i))));
  return { filter, event: { name: 'syscallEnter', data: { pid: t.process.pid, tid: t.tid, nr, name: syscallName(nr), args } } };
}

/** The event stop `stopOn` wants at the entry of a page fault of `t` (`access` at `stval`, from the instruction at `sepc`), with the foreseen decision. */
export function upcomingFault(stopOn: StopOn, t: Thread, scause: number, stval: number, sepc: number, access: AccessKind): UpcomingEvent | undefined {
  if (!stopOn.pageFault && !stopOn.cowFault) return undefined;
  const preview = previewFault(t.process.mm, stval, access);
  const filter = stopOn.pageFault ? 'pageFault' : preview.decision.startsWith('cow') ? 'cowFault' : undefined;
  if (!filter) return undefined;
  const data = { pid: t.process.pid, tid: t.tid, address: stval, access, scause, sepc, vma: preview.vma, decision: preview.decision, ...(preview.sharedBy !== undefined ? { sharedBy: preview.sharedBy } : {}) };
  return { filter, event: { name: 'pageFault', data } };
}
