/**
 * The Scheduler view's model: the rows of a `glasskernel/scheduler` response. The policy and
 * time slice; each thread with its state, CPU time in instructions, the running thread's slice
 * left and, under the stride policy, tickets, stride and pass; the run queue in the order the
 * policy would pick. The thread on the hart is marked. Pure (no vscode import); a malformed
 * response gives a note row.
 */
import type { SchedulerResponseBody, SchedulerThreadInfo } from '../debug-adapter/protocol';
import { count, isCount, isObject, type KernelRow } from './kernelRows';

/** Codicon and colour per thread state (Linux: R running, R runnable, S sleeping, T stopped). */
const STATE_ICONS: Readonly<Record<SchedulerThreadInfo['state'], { icon: string; color?: string }>> = {
  running: { icon: 'play-circle', color: 'debugIcon.startForeground' },
  runnable: { icon: 'circle-large-outline' },
  sleeping: { icon: 'watch' },
  stopped: { icon: 'debug-pause' },
};

function isThread(v: unknown): v is SchedulerThreadInfo {
  return isObject(v) && isCount(v.tid) && isCount(v.pid) && typeof v.state === 'string' && isCount(v.instructions);
}

/** True when `body` has the fields the rows read. */
export function isSchedulerBody(body: unknown): body is SchedulerResponseBody {
  return isObject(body) && typeof body.policy === 'string' && isCount(body.timeSlice) && Array.isArray(body.threads) && Array.isArray(body.runQueue);
}

/** The stride numbers of a thread: "tickets 1024 · stride 64 · pass 1,234" (empty under round-robin). */
export function strideText(t: SchedulerThreadInfo): string {
  if (t.tickets === undefined || t.stride === undefined || t.pass === undefined) return '';
  return `tickets ${count(t.tickets)} · stride ${count(t.stride)} · pass ${count(t.pass)}`;
}

/** A thread's description: state (and what it waits for), CPU time, slice left, stride numbers. */
export function threadDescription(t: SchedulerThreadInfo, current: boolean): string {
  return [
    current ? 'current' : '',
    t.waitReason ? `${t.state} in ${t.waitReason}` : t.state,
    `${count(t.instructions)} instructions`,
    t.sliceLeft !== undefined ? `slice left ${count(t.sliceLeft)}` : '',
    strideText(t),
  ].filter((s) => s !== '').join(' · ');
}

function threadRow(id: string, label: string, t: SchedulerThreadInfo, current: boolean): KernelRow {
  const look = STATE_ICONS[t.state] ?? { icon: 'question' };
  return {
    id,
    label,
    description: threadDescription(t, current),
    tooltip: `tid ${t.tid} of pid ${t.pid}, nice ${t.nice}${current ? ', on the hart now' : ''}\n${t.instructions} user instructions retired`,
    icon: current ? 'debug-stackframe' : look.icon,
    ...(current ? { iconColor: STATE_ICONS.running.color } : look.color ? { iconColor: look.color } : {}),
    collapsible: 'none',
  };
}

/** The view's rows for a `glasskernel/scheduler` body; [] without one, a note row for a malformed one. */
export function schedulerRows(body: unknown): KernelRow[] {
  if (body === undefined) return [];
  if (!isSchedulerBody(body)) return [{ id: 'sched:bad', label: 'the adapter\'s scheduler answer could not be read', icon: 'warning', collapsible: 'none' }];
  const threads = body.threads.filter(isThread);
  const byTid = new Map(threads.map((t) => [t.tid, t]));
  const queue = body.runQueue.filter(isCount);
  return [
    {
      id: 'sched:policy',
      label: `policy: ${body.policy}`,
      description: `time slice ${count(body.timeSlice)} instructions`,
      tooltip: body.policy === 'stride'
        ? 'Stride scheduling: the queued thread with the smallest pass runs next; running adds stride (from its tickets) per instruction.'
        : 'Round-robin: the head of the run queue runs next, for one time slice.',
      icon: 'settings-gear',
      collapsible: 'none',
    },
    {
      id: 'sched:threads',
      label: `threads: ${threads.length}`,
      description: body.runningTid !== undefined ? `tid ${body.runningTid} on the hart` : 'the hart is idle',
      icon: 'list-tree',
      collapsible: 'expanded',
      children: threads.map((t) => threadRow(`sched:thread:${t.tid}`, `tid ${t.tid} · pid ${t.pid}`, t, t.tid === body.runningTid)),
    },
    {
      id: 'sched:queue',
      label: `run queue: ${queue.length}`,
      description: queue.length ? 'in the order the policy picks' : 'empty',
      icon: 'list-ordered',
      collapsible: 'expanded',
      children: queue.map((tid, i) => {
        const t = byTid.get(tid);
        if (!t) return { id: `sched:queue:${tid}`, label: `${i + 1}. tid ${tid}`, description: 'not in the thread list', collapsible: 'none' };
        return threadRow(`sched:queue:${tid}`, `${i + 1}. tid ${tid} · pid ${t.pid}`, t, false);
      }),
    },
  ];
}
