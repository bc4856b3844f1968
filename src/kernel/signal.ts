/**
 * Signal numbers, their default actions, and wait4 status words.
 * Sources: signal(7) (numbers for RISC-V = asm-generic, include/uapi/asm-generic/signal.h;
 * the "Standard signals" table for default actions), wait(2) and glibc's <bits/waitstatus.h>
 * for the status encoding: exited = code << 8; killed = signal number in the low 7 bits;
 * stopped = signal << 8 | 0x7f; continued = 0xffff.
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
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGSTKFLT = 16;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPWR = 30;
export const SIGSYS = 31;
/** First real-time signal as the kernel numbers them (glibc reserves 32..34 for itself). */
export const SIGRTMIN = 32;
/** Number of signals (_NSIG): valid signal numbers are 1.._NSIG. */
export const _NSIG = 64;

/** What a signal does when its disposition is SIG_DFL (signal(7), "Standard signals"). */
export type DefaultAction = 'term' | 'core' | 'ign' | 'stop' | 'cont';

const CORE_SIGNALS = new Set([SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS]);
const IGNORED_SIGNALS = new Set([SIGCHLD, SIGURG, SIGWINCH]);
const STOP_SIGNALS = new Set([SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]);

/** The default action of `sig` (1.._NSIG); real-time signals terminate. */
export function defaultAction(sig: number): DefaultAction {
  if (CORE_SIGNALS.has(sig)) return 'core';
  if (IGNORED_SIGNALS.has(sig)) return 'ign';
  if (STOP_SIGNALS.has(sig)) return 'stop';
  if (sig === SIGCONT) return 'cont';
  return 'term';
}

/** True for a signal number the kernel accepts (1.._NSIG). */
export function validSignal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig <= _NSIG;
}

/** Mask of the exit code kept in a wait status (the low 8 bits of the exit argument). */
const EXIT_CODE_MASK = 0xff;
/** Bits of a wait status holding the terminating signal. */
const TERM_SIGNAL_MASK = 0x7f;
/** Shift of the exit code (or stop signal) inside a wait status. */
const EXIT_CODE_SHIFT = 8;
/** Low byte of a wait status for a stopped child (WIFSTOPPED). */
export const WSTOPPED_LOW = 0x7f;
/** Whole wait status of a continued child (WIFCONTINUED). */
export const WCONTINUED_STATUS = 0xffff;

/** wait4 status for a process that called exit(code): WIFEXITED, WEXITSTATUS = code & 0xff. */
export function exitedStatus(code: number): number {
  return (code & EXIT_CODE_MASK) << EXIT_CODE_SHIFT;
}

/**
 * wait4 status for a process killed by `signal` (WIFSIGNALED, WTERMSIG = signal). The core-dump
 * bit stays clear: no core file is written (as under Linux's usual RLIMIT_CORE of 0).
 */
export function signaledStatus(signal: number): number {
  return signal & TERM_SIGNAL_MASK;
}

/** wait4 status for a child stopped by `signal` (WIFSTOPPED, WSTOPSIG = signal). */
export function stoppedStatus(signal: number): number {
  return (signal << EXIT_CODE_SHIFT) | WSTOPPED_LOW;
}

/** The terminating signal of a wait status (WTERMSIG); 0 when the process exited normally. */
export function statusTermSignal(status: number): number {
  return status & TERM_SIGNAL_MASK;
}

/** The exit code of a wait status (WEXITSTATUS: the low 8 bits of exit's argument). */
export function statusExitCode(status: number): number {
  return (status >> EXIT_CODE_SHIFT) & EXIT_CODE_MASK;
}

/** Exit code a shell reports for a status: the exit code, or 128 + signal when killed. */
export function shellExitCode(status: number): number {
  const sig = statusTermSignal(status);
  return sig === 0 ? statusExitCode(status) : 128 + sig;
}

const NAMES: Record<number, string> = {
  [SIGHUP]: 'SIGHUP', [SIGINT]: 'SIGINT', [SIGQUIT]: 'SIGQUIT', [SIGILL]: 'SIGILL', [SIGTRAP]: 'SIGTRAP',
  [SIGABRT]: 'SIGABRT', [SIGBUS]: 'SIGBUS', [SIGFPE]: 'SIGFPE', [SIGKILL]: 'SIGKILL', [SIGUSR1]: 'SIGUSR1',
  [SIGSEGV]: 'SIGSEGV', [SIGUSR2]: 'SIGUSR2', [SIGPIPE]: 'SIGPIPE', [SIGALRM]: 'SIGALRM', [SIGTERM]: 'SIGTERM',
  [SIGSTKFLT]: 'SIGSTKFLT', [SIGCHLD]: 'SIGCHLD', [SIGCONT]: 'SIGCONT', [SIGSTOP]: 'SIGSTOP', [SIGTSTP]: 'SIGTSTP',
  [SIGTTIN]: 'SIGTTIN', [SIGTTOU]: 'SIGTTOU', [SIGURG]: 'SIGURG', [SIGXCPU]: 'SIGXCPU', [SIGXFSZ]: 'SIGXFSZ',
  [SIGVTALRM]: 'SIGVTALRM', [SIGPROF]: 'SIGPROF', [SIGWINCH]: 'SIGWINCH', [SIGIO]: 'SIGIO', [SIGPWR]: 'SIGPWR',
  [SIGSYS]: 'SIGSYS',
};

/** Name of a signal as signal(7) lists it ("SIGSEGV"), "SIGRTMIN+n", or "signal N". */
export function signalName(sig: number): string {
  if (NAMES[sig]) return NAMES[sig];
  if (sig >= SIGRTMIN && sig <= _NSIG) return sig === SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${sig - SIGRTMIN}`;
  return `signal ${sig}`;
}
