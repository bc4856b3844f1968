/**
 * strace(1)-style lines of a kernel's syscalls, shared by `glasskernel run --trace=syscalls` and
 * the debug adapter's fault log: pending calls by thread id between entry and return. Guest
 * memory is read only through `Kernel.peekMemory` (no faults taken, no state changed): input
 * arguments at `syscallEnter`, before the kernel acts; output arguments at `syscall`, after it
 * returned.
 */
import type { Kernel } from '../kernel/kernel';
import { signalName } from '../kernel/signal';
import { INTERRUPTED_RESULT } from './strace-constants';
import { enterCall, exitCall, NO_RETURN_CALLS, unfinishedCall, type PendingCall } from './strace-format';

/** W_SIGNAL_MASK and the exit-code byte of a wait status (wait(2)). */
const STATUS_SIGNAL_MASK = 0x7f;
const STATUS_CODE_SHIFT = 8;
const STATUS_BYTE = 0xff;

/** Whom one strace line is about: the calling thread and the call's name ('' for a process's `+++ exited` line). */
export interface TraceLineOrigin {
  pid: number;
  tid: number;
  name: string;
}

/**
 * The strace-style part: pending calls by thread id between entry and return. Each line goes to
 * `writeLine` with whom it is about (the debug adapter's fault log files lines by pid); returns
 * the function that unsubscribes it all.
 */
export function attachSyscalls(kernel: Kernel, writeLine: (line: string, origin: TraceLineOrigin) => void): () => void {
  const pending = new Map<number, PendingCall>();
  const peekFor = (pid: number) => (va: number, len: number) => kernel.peekMemory(pid, va, len);
  const off = [
    kernel.on('syscallEnter', (e) => {
      const stale = pending.get(e.tid);
      // A call that never returned through the dispatcher: a signal handler interrupted it.
      if (stale) writeLine(unfinishedCall(stale, INTERRUPTED_RESULT), stale);
      pending.delete(e.tid);
      const call = enterCall(e, peekFor(e.pid));
      if (NO_RETURN_CALLS.has(e.name) || e.name === 'rt_sigreturn') writeLine(unfinishedCall(call), call);
      else pending.set(e.tid, call);
    }),
    kernel.on('syscall', (e) => {
      const call = pending.get(e.tid) ?? enterCall(e, peekFor(e.pid));
      pending.delete(e.tid);
      writeLine(exitCall(call, e.result, peekFor(e.pid)), call);
    }),
    kernel.on('exec', (e) => {
      const call = pending.get(e.tid);
      if (call?.name !== 'execve') return;
      pending.delete(e.tid);
      writeLine(exitCall(call, 0, () => undefined), call);
    }),
    kernel.on('exit', (e) => {
      for (const [tid, call] of pending) {
        if (call.pid === e.pid) { writeLine(unfinishedCall(call), call); pending.delete(tid); }
      }
      writeLine(`[pid ${e.pid}] ${exitText(e.status)}`, { pid: e.pid, tid: e.tid, name: '' });
    }),
  ];
  return () => { for (const unsubscribe of off) unsubscribe(); };
}

/** strace's last line of a process: `+++ exited with 0 +++` or `+++ killed by SIGSEGV +++`. */
export function exitText(status: number): string {
  const sig = status & STATUS_SIGNAL_MASK;
  return sig === 0 ? `+++ exited with ${(status >> STATUS_CODE_SHIFT) & STATUS_BYTE} +++` : `+++ killed by ${signalName(sig)} +++`;
}
