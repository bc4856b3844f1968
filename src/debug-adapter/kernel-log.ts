/**
 * The kernel's messages for the extension's Output channel (issue 12), as a student would read
 * `dmesg`: the boot line (RAM, scheduler, time slice), each execve, each fault that raises a
 * signal, and each out-of-memory kill. Sent as the custom event `glasskernel/kernelLog`; the
 * listeners are on rare events only, so a run costs nothing more per instruction or fault.
 */
import type { Kernel } from '../kernel/kernel';
import { BYTES_PER_MIB } from '../host/guest-memory';
import { PAGE_SIZE } from '../emu/sv39';

/** Custom event: one kernel message. Body: {@link KernelLogEventBody}. */
export const KERNEL_LOG_EVENT = 'glasskernel/kernelLog';

/** Body of `glasskernel/kernelLog`. */
export interface KernelLogEventBody {
  /** One line, without its newline, e.g. "oom: killed pid 4 (hog): 30211 resident pages". */
  text: string;
}

/** Bytes per KiB (page sizes in the boot line). */
const BYTES_PER_KIB = 1024;

/** The boot line: RAM in MiB and 4 KiB frames, free frames, scheduling policy and time slice. */
export function bootMessage(k: Kernel): string {
  const ram = k.mem.size;
  return `boot: ${ram / BYTES_PER_MIB} MiB RAM (${k.frames.total} frames of ${PAGE_SIZE / BYTES_PER_KIB} KiB, ${k.frames.available} free), `
    + `${k.sched.name} scheduler, time slice ${k.timeSlice} instructions`;
}

/** "start: pid 2 /bin/forktree ["/bin/forktree"]": the first program (`start`) or a later execve (`exec`). */
export function programMessage(verb: 'start' | 'exec', pid: number, path: string, argv: readonly string[]): string {
  return `${verb}: pid ${pid} ${path} ${JSON.stringify(argv)}`;
}

/**
 * Sends the boot line now and every later message as it happens through `send` (the first
 * program's start is the caller's to log, with programMessage: the kernel starts it without an execve).
 */
export function attachKernelLog(k: Kernel, send: (text: string) => void): void {
  const name = (pid: number): string => k.procs.get(pid)?.name ?? '';
  send(bootMessage(k));
  k.on('exec', (e) => send(programMessage('exec', e.pid, e.path, e.argv)));
  k.on('signal', (e) => { if (e.fault) send(`fault: pid ${e.pid} (${name(e.pid)}) tid ${e.tid}: ${e.reason}`); });
  k.on('oom', (e) => send(`oom: killed pid ${e.pid} (${name(e.pid)}): ${e.rssPages} resident pages${e.requesterPid !== undefined ? `, when pid ${e.requesterPid} found no free frame` : ''}`));
}
