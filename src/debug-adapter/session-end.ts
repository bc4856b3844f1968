/**
 * What the debugger says when the program's run ends (issue 12: "a session ends silently"): a
 * sentence with the exit status or the signal that killed it, the statistics the CLI's
 * `--stats` prints, and a custom event carrying both for the extension's notification.
 */
import type { KernelStats } from '../kernel/api';
import { shellExitCode, signalName } from '../kernel/signal';
import { statsText } from '../host/stats-text';

/** Custom event sent once when the program has exited and every process was reaped. */
export const SESSION_ENDED_EVENT = 'glasskernel/sessionEnded';

/** Bits of a wait status holding the terminating signal (wait(2): WTERMSIG). */
const TERM_SIGNAL_MASK = 0x7f;

/** Body of `glasskernel/sessionEnded`. */
export interface SessionEndedEventBody {
  /** The wait4 status word of the first process. */
  status: number;
  /** The shell's view: the exit code, or 128 + the signal number. */
  exitCode: number;
  /** The signal that killed the program (`SIGSEGV`), when one did. */
  signal?: string;
  /** One sentence: "forktree exited with status 0" / "segv was killed by SIGSEGV (status 139)". */
  summary: string;
  /** The statistics block, as `glasskernel run --stats` prints it. */
  stats: string;
}

/** The session-end report of program `name` (its guest path's base name) for wait4 status `status`. */
export function sessionEnded(name: string, status: number, stats: KernelStats): SessionEndedEventBody {
  const sig = status & TERM_SIGNAL_MASK;
  const exitCode = shellExitCode(status);
  const summary = sig === 0 ? `${name} exited with status ${exitCode}` : `${name} was killed by ${signalName(sig)} (status ${exitCode})`;
  return { status, exitCode, ...(sig ? { signal: signalName(sig) } : {}), summary, stats: statsText(stats, status) };
}
