/**
 * `glasskernel run --trace=...`: subscribes to the kernel's events and turns each into one line
 * (strace's style for syscalls, `[fault]`/`[sched]`/`[signal]`/`[exec]` lines for the rest).
 * Guest memory is read only through `Kernel.peekMemory` (no faults taken, no state changed):
 * input arguments at `syscallEnter`, before the kernel acts; output arguments at `syscall`,
 * after it returned.
 */
import type { Kernel } from '../kernel/kernel';
import { faultLine } from './options';
import type { TraceKind } from '../trace/strace-constants';
import { quoteBytes } from '../trace/strace-format';
import { attachSyscalls } from '../trace/syscalls';

export { TRACE_KINDS, type TraceKind } from '../trace/strace-constants';
export { exitText } from '../trace/syscalls';

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
