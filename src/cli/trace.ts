/**
 * `glasskernel run --trace=...`: subscribes to the kernel's events and turns each into one line
 * (strace's style for syscalls, `[fault]`/`[sched]`/`[signal]`/`[exec]` lines for the rest).
 * Guest memory is read only through `Kernel.peekMemory` (no faults taken, no state changed):
 * input arguments at `syscallEnter`, before the kernel acts; output arguments at `syscall`,
 * after it returned.
 */
import type { Kernel } from '../kernel/kernel';
import { signalName } from '../kernel/signal';
import { faultLine } from './options';
import { INTERRUPTED_RESULT, type TraceKind } from './strace-constants';
import { enterCall, exitCall, NO_RETURN_CALLS, quoteBytes, unfinishedCall, type PendingCall } from './strace-format';

export { TRACE_KINDS, type TraceKind } from './strace-constants';

/** W_SIGNAL_MASK and the exit-code byte of a wait status (wait(2)). */
const STATUS_SIGNAL_MASK = 0x7f;
const STATUS_CODE_SHIFT = 8;
const STATUS_BYTE = 0xff;

/**
 * Subscribes `kinds` of events of `kernel` and passes one line per event (no newline) to
 * `writeLine`, synchronously, in the order the kernel emits them. A syscall's line is written
 * when it returns (a call that blocks appears after the lines of whatever ran meanwhile);
 * exit/exit_group print `= ?` when they enter, execve `= 0` when the new program is loaded,
 * a call a signal interrupted prints `= ? ERESTARTSYS (...)`, rt_sigreturn prints `= ?`.
 */
export function attachTrace(kernel: Kernel, kinds: ReadonlySet<TraceKind>, writeLine: (line: string) => void): void {
  if (kinds.has('faults')) kernel.on('pageFault', (e) => writeLine(faultLine(e)));
  if (kinds.has('syscalls')) attachSyscalls(kernel, writeLine);
  if (kinds.has('sched')) kernel.on('schedule', (e) => writeLine(`[sched] ${e.fromTid !== undefined ? `tid ${e.fromTid} ` : ''}-> tid ${e.toTid}`));
  if (kinds.has('signals')) {
    kernel.on('signal', (e) => writeLine(`[signal] pid ${e.pid} tid ${e.tid} ${e.reason}${e.fault ? ' (fault)' : ''}`));
  }
  if (kinds.has('exec')) {
    kernel.on('exec', (e) => writeLine(`[exec] pid ${e.pid} tid ${e.tid} ${quoteBytes(new TextEncoder().encode(e.path), false)} argv [${e.argv.map((a) => JSON.stringify(a)).join(', ')}]`));
  }
}

/** The strace-style part: pending calls by thread id between entry and return. */
function attachSyscalls(kernel: Kernel, writeLine: (line: string) => void): void {
  const pending = new Map<number, PendingCall>();
  const peekFor = (pid: number) => (va: number, len: number) => kernel.peekMemory(pid, va, len);
  kernel.on('syscallEnter', (e) => {
    const stale = pending.get(e.tid);
    // A call that never returned through the dispatcher: a signal handler interrupted it.
    if (stale) writeLine(unfinishedCall(stale, INTERRUPTED_RESULT));
    pending.delete(e.tid);
    const call = enterCall(e, peekFor(e.pid));
    if (NO_RETURN_CALLS.has(e.name) || e.name === 'rt_sigreturn') writeLine(unfinishedCall(call));
    else pending.set(e.tid, call);
  });
  kernel.on('syscall', (e) => {
    const call = pending.get(e.tid) ?? enterCall(e, peekFor(e.pid));
    pending.delete(e.tid);
    writeLine(exitCall(call, e.result, peekFor(e.pid)));
  });
  kernel.on('exec', (e) => {
    const call = pending.get(e.tid);
    if (call?.name !== 'execve') return;
    pending.delete(e.tid);
    writeLine(exitCall(call, 0, () => undefined));
  });
  kernel.on('exit', (e) => {
    for (const [tid, call] of pending) {
      if (call.pid === e.pid) { writeLine(unfinishedCall(call)); pending.delete(tid); }
    }
    writeLine(`[pid ${e.pid}] ${exitText(e.status)}`);
  });
}

/** strace's last line of a process: `+++ exited with 0 +++` or `+++ killed by SIGSEGV +++`. */
export function exitText(status: number): string {
  const sig = status & STATUS_SIGNAL_MASK;
  return sig === 0 ? `+++ exited with ${(status >> STATUS_CODE_SHIFT) & STATUS_BYTE} +++` : `+++ killed by ${signalName(sig)} +++`;
}
