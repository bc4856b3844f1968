/**
 * Signal numbers and wait4 status words.
 * Sources: signal(7) (numbers for RISC-V = asm-generic), wait(2) and glibc's <bits/waitstatus.h>
 * for the status encoding: exited = code << 8; killed = signal number in the low 7 bits.
 */
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGTERM = 15;
export const SIGCHLD = 17;

/** Mask of the exit code kept in a wait status (the low 8 bits of the exit argument). */
const EXIT_CODE_MASK = 0xff;
/** Bits of a wait status holding the terminating signal. */
const TERM_SIGNAL_MASK = 0x7f;
/** Shift of the exit code inside a wait status. */
const EXIT_CODE_SHIFT = 8;

/** wait4 status for a process that called exit(code): WIFEXITED, WEXITSTATUS = code & 0xff. */
export function exitedStatus(code: number): number {
  return (code & EXIT_CODE_MASK) << EXIT_CODE_SHIFT;
}

/** wait4 status for a process killed by `signal` (WIFSIGNALED, WTERMSIG = signal; no core dump). */
export function signaledStatus(signal: number): number {
  return signal & TERM_SIGNAL_MASK;
}

/** Exit code a shell reports for a status: the exit code, or 128 + signal when killed. */
export function shellExitCode(status: number): number {
  const sig = status & TERM_SIGNAL_MASK;
  return sig === 0 ? (status >> EXIT_CODE_SHIFT) & EXIT_CODE_MASK : 128 + sig;
}

/** Name of a signal as signal(7) lists it ("SIGSEGV"), or "signal N". */
export function signalName(sig: number): string {
  const names: Record<number, string> = {
    [SIGHUP]: 'SIGHUP', [SIGINT]: 'SIGINT', [SIGQUIT]: 'SIGQUIT', [SIGILL]: 'SIGILL', [SIGTRAP]: 'SIGTRAP',
    [SIGABRT]: 'SIGABRT', [SIGBUS]: 'SIGBUS', [SIGFPE]: 'SIGFPE', [SIGKILL]: 'SIGKILL', [SIGSEGV]: 'SIGSEGV',
    [SIGPIPE]: 'SIGPIPE', [SIGTERM]: 'SIGTERM', [SIGCHLD]: 'SIGCHLD',
  };
  return names[sig] ?? `signal ${sig}`;
}
