import type { OomTrigger } from './api';
import type { Kernel } from './kernel';
import { killProcess } from './lifecycle';
import type { Mm } from './mm';
import type { Process } from './process';
import { SIGKILL } from './signal';
import { forceSignal } from './signals/deliver';
import { SI_KERNEL } from './signals/state';

/** Pid of the init process, which the OOM killer spares unless it is the one asking (Linux is_global_init). */
export const INIT_PID = 1;

/**
 * Chooses the OOM victim (Linux select_bad_process/oom_badness, with badness = resident pages):
 * the live process with the most resident pages; ties go to the higher pid (the younger
 * process). Init is a candidate only when it is the requester itself. Undefined when no
 * process qualifies.
 */
export function selectVictim(k: Kernel, requester: Mm): { victim: Process; rss: number } | undefined {
  let best: { victim: Process; rss: number } | undefined;
  for (const p of k.procs.values()) {
    if (p.zombie || (p.pid === INIT_PID && p.mm !== requester)) continue;
    const rss = p.mm.rss;
    if (!best || rss > best.rss || (rss === best.rss && p.pid > best.victim.pid)) best = { victim: p, rss };
  }
  return best;
}

/**
 * The out-of-memory killer, called when a frame allocation made for address space `mm` finds
 * physical memory exhausted (page fault, copy-on-write break, page cache, page tables, fork).
 * Picks a victim (selectVictim) and logs it as an `oom` kernel event, then:
 *  - the victim is another process: it is killed with SIGKILL at once (its frames return to
 *    the allocator) and the function returns true, so the caller retries its allocation;
 *  - the victim owns `mm` (the requester itself, or nothing else is left): its threads get a
 *    SIGKILL they cannot escape, delivered before they run again, and the function returns
 *    false; the caller fails its allocation ('oom' / -ENOMEM) without touching `mm` further.
 * Returns false, doing nothing, when no process owns `mm` (an execve still building it: the
 * execve fails with ENOMEM instead).
 */
export function outOfMemory(k: Kernel, mm: Mm, trigger: OomTrigger): boolean {
  const owners = [...k.procs.values()].filter((p) => !p.zombie && p.mm === mm);
  if (owners.length === 0) return false;
  const chosen = selectVictim(k, mm);
  if (!chosen) return false;
  const { victim, rss } = chosen;
  k.emit('oom', { pid: victim.pid, rssPages: rss, trigger, requesterPid: owners[0].pid });
  if (victim.mm === mm) {
    for (const p of owners) for (const t of p.liveThreads) forceSignal(t, { signo: SIGKILL, code: SI_KERNEL });
    return false;
  }
  const tid = victim.liveThreads[0]?.tid ?? victim.pid;
  k.emit('signal', { pid: victim.pid, tid, signal: SIGKILL, reason: `SIGKILL: out of memory (${rss} pages resident)` });
  killProcess(k, victim, SIGKILL);
  return true;
}
