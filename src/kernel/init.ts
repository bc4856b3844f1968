import type { Kernel } from './kernel';
import { exitProcess, reap } from './lifecycle';
import { Mm } from './mm';
import { Process } from './process';
import { SIGKILL, signaledStatus } from './signal';

/**
 * Pid 1, init, written in TypeScript rather than as a guest program: a process with an empty
 * address space and no threads (so it never runs guest code and never shows in the debugger's
 * thread list), which
 *  - is the parent of the program the session runs (pid 2),
 *  - adopts every orphan (exitProcess re-parents children to it) and reaps each child the moment
 *    it becomes a zombie — what a real init's `for (;;) wait(NULL);` loop does,
 *  - ends the run when the program exits: the remaining processes are killed and reaped, init
 *    releases its own resources, and the program's wait status becomes the run's status.
 * Why not a guest init: it would cost a binary in every run, instructions in every trace and a
 * thread in every Threads view, and it would have to learn the program's path and status through
 * some side channel. Signals sent to init are dropped, as Linux drops signals init has no
 * handler for. It does not count against RLIMIT_NPROC.
 */
export const INIT_NAME = 'init';

/** Creates init (pid 1 on a fresh kernel) and registers it; undefined when no frame is free. */
export function createInit(k: Kernel): Process | undefined {
  const mm = Mm.create(k.mmCtx);
  if (!mm) return undefined;
  const init = new Process(k.allocId(), 0, INIT_NAME, mm, k.maxProcesses);
  init.startNs = k.clockNs;
  k.procs.set(init.pid, init);
  k.initPid = init.pid;
  return init;
}

/** Orphan `c` gets init as its parent (reaped at once if it is already a zombie). */
export function initAdopt(k: Kernel, c: Process): void {
  const init = k.procs.get(k.initPid);
  if (!init) { c.ppid = 0; if (c.zombie) reap(k, c); return; }
  c.ppid = init.pid;
  init.children.add(c.pid);
  if (c.zombie) initChildExited(k, c);
}

/** A child of init exited: init reaps it; when it was the program, the run ends. */
export function initChildExited(k: Kernel, p: Process): void {
  reap(k, p);
  if (p.pid === k.programPid) {
    k.finalStatus = p.exitStatus ?? 0;
    endRun(k);
  }
}

/** Kills and reaps every other process, then init releases its address space and leaves. */
export function endRun(k: Kernel): void {
  for (const other of [...k.procs.values()]) {
    if (other.pid !== k.initPid && !other.zombie) exitProcess(k, other, signaledStatus(SIGKILL));
  }
  for (const other of [...k.procs.values()]) if (other.pid !== k.initPid) reap(k, other);
  const init = k.procs.get(k.initPid);
  if (!init) return;
  init.mm.release();
  init.zombie = true;
  init.exitStatus = 0;
  k.procs.delete(init.pid);
  k.invalidateSatp();
}
