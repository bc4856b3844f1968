import type { Kernel } from './kernel';
import { signalName, validSignal } from './signal';

/**
 * The debugger's Send Signal and Kill actions: signal `sig` (1.._NSIG) sent to process `pid`
 * as kill(2) from outside the guest would send it, through the process's disposition (a
 * handler runs when the process next returns to user mode, SIG_IGN drops it, the default
 * action stops, continues or kills it: SIGKILL kills at once). Returns undefined when sent,
 * else why not: no such process, a zombie (it has already exited), an invalid signal number.
 */
export function signalProcess(k: Kernel, pid: number, sig: number): string | undefined {
  if (!validSignal(sig)) return `${sig} is not a signal number (1..64)`;
  const p = k.procs.get(pid);
  if (!p) return `no process with pid ${pid}`;
  if (p.zombie) return `process ${pid} has already exited (a zombie): ${signalName(sig)} would change nothing`;
  k.sendSignal(p, sig);
  return undefined;
}
